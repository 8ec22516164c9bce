#!/usr/bin/env python3
"""Writes a PDF the way a document typed in the .VnTime fonts prints: every string in
TCVN3 (ABC) byte codes, fonts named .VnTime (body) and .VnTimeH (the capitals
variant, which draws capitals from small-letter codes), no ToUnicode map. With
`--encoding vni`, the same in VNI Windows codes and the VNI-Times font.

    vntime_pdf.py IN.txt OUT.pdf --converter target/unikey/unikey-convert [--encoding vni]

IN.txt is a seed text as ../shared/tools/make_fixtures.sh reads it (prose, tab-separated
table blocks, ** bold, <i> italic). The TCVN3 bytes come from the converter given (UniKey's
engine), never from trichxuat's own tables, so the test decodes what an independent engine
wrote. In TCVN3, lines written wholly in capitals are set in .VnTimeH from the codes of their
small letters, as the font requires. Prose is wrapped at the page width; a table block is a
ruled grid, one text run per cell; the page is as wide as the widest table needs.
Deterministic: same input, same bytes."""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from pdfobjects import pdf_from_objects  # noqa: E402

SIZE = 8.0  # font size (pt)
ADVANCE = 0.5 * SIZE  # every glyph is declared 500/1000 em wide
LEAD = 12.0  # line height (pt)
MARGIN = 40.0
PORTRAIT = (595.0, 842.0)
# VNI Windows accent codes (small forms; the capital forms are 0x20 lower)
VNI_MARKS = [0xF9, 0xF8, 0xFB, 0xF5, 0xEF, 0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4, 0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB]


def plain(s):
    return s.replace('**', '').replace('<i>', '').replace('</i>', '').rstrip('\n')


def is_capitals(s):
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def convert(converter, encoding, lines):
    """Legacy bytes of each line, converted by the engine in one call."""
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, 'in.txt'), os.path.join(d, 'out.bin')
        with open(src, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        subprocess.run([converter, encoding, src, dst], check=True)
        with open(dst, 'rb') as f:
            out = f.read().split(b'\n')
    if len(out) < len(lines):
        raise SystemExit('converter changed the number of lines')
    return out[:len(lines)]


def pdf_string(b):
    return b'(' + b.replace(b'\\', b'\\\\').replace(b'(', b'\\(').replace(b')', b'\\)') + b')'


def wrap(text, width):
    """Word-wraps at `width` characters (a word longer than that stays whole)."""
    out, line = [], ''
    for w in text.split(' '):
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f'{line} {w}' if line else w
    out.append(line)
    return out


def blocks(lines):
    """Prose lines and table blocks (consecutive lines holding a tab), in order."""
    out, table = [], []
    for line in lines:
        if '\t' in line:
            table.append(line.split('\t'))
            continue
        if table:
            out.append(('table', table))
            table = []
        out.append(('prose', line))
    if table:
        out.append(('table', table))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('input')
    ap.add_argument('output')
    ap.add_argument('--converter', required=True, help='unikey-convert (scripts/unikey/setup.sh)')
    ap.add_argument('--encoding', choices=['tcvn3', 'vni'], default='tcvn3')
    args = ap.parse_args()
    with open(args.input, encoding='utf-8') as f:
        lines = [plain(l) for l in f]

    parts = blocks(lines)
    widest = max([sum(max(len(r[c]) if c < len(r) else 0 for r in t) + 2 for c in range(max(map(len, t))))
                  for kind, t in parts if kind == 'table'] + [0])
    page_w = max(PORTRAIT[0], 2 * MARGIN + widest * ADVANCE)
    page_h = PORTRAIT[1]
    prose_width = int((PORTRAIT[0] - 2 * MARGIN) / ADVANCE)

    # every text run to set, in order, with its font; converted all at once
    runs = []  # (page, x, y, font, text)
    rules = []  # (page, x0, y0, x1, y1)
    page, y = 0, page_h - MARGIN

    def newline(n=1):
        nonlocal page, y
        y -= LEAD * n
        if y < MARGIN:
            page += 1
            y = page_h - MARGIN - LEAD

    for kind, body in parts:
        if kind == 'prose':
            for piece in wrap(body, prose_width) if body.strip() else ['']:
                if piece.strip():
                    runs.append((page, MARGIN, y, 'H' if is_capitals(piece) else 'R', piece))
                newline()
            continue
        ncols = max(map(len, body))
        widths = [(max(len(r[c]) if c < len(r) else 0 for r in body) + 2) * ADVANCE for c in range(ncols)]
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        for row in body:
            if y - LEAD < MARGIN:
                newline(100)
            top, bottom = y + LEAD - 3, y - 3
            for c, cell in enumerate(row):
                if cell.strip():
                    runs.append((page, xs[c] + ADVANCE, y, 'H' if is_capitals(cell) else 'R', cell.strip()))
            rules.append((page, xs[0], top, xs[-1], top))
            rules.append((page, xs[0], bottom, xs[-1], bottom))
            for x in xs:
                rules.append((page, x, top, x, bottom))
            newline()
        newline()

    # capitals lines are set in .VnTimeH from the codes of their small letters
    vni = args.encoding == 'vni'
    if vni:  # VNI has every capital: one font
        runs = [(p, x, yy, 'R', t) for (p, x, yy, _, t) in runs]
    texts = [t.lower() if f == 'H' else t for (_, _, _, f, t) in runs]
    codes = convert(args.converter, args.encoding, texts)

    npages = page + 1
    streams = [b''] * npages
    for (p, x, yy, f, _), b in zip(runs, codes):
        streams[p] += b'BT /F%s %.1f Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET\n' % (f.encode(), SIZE, x, yy, pdf_string(b))
    for p, x0, y0, x1, y1 in rules:
        streams[p] += b'0.5 w %.2f %.2f m %.2f %.2f l S\n' % (x0, y0, x1, y1)

    # VNI's accent codes are drawn over the letter before them: no advance
    marks = set(VNI_MARKS) | {b - 0x20 for b in VNI_MARKS} if vni else set()
    widths = b'[' + b' '.join(b'0' if b in marks else b'500' for b in range(32, 256)) + b']'

    def font(name):
        return (b'<< /Type /Font /Subtype /TrueType /BaseFont /' + name +
                b' /FirstChar 32 /LastChar 255 /Widths ' + widths + b' /Encoding /WinAnsiEncoding >>')

    # objects: 1 catalog, 2 pages, 3 .VnTime, 4 .VnTimeH, then page + content per page
    names = (b'VNI-Times', b'VNI-Times-Bold') if vni else (b'.VnTime', b'.VnTimeH')
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', None, font(names[0]), font(names[1])]
    kids = []
    for s in streams:
        page_id = len(objs) + 1
        kids.append(b'%d 0 R' % page_id)
        objs.append(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] /Contents %d 0 R '
                    b'/Resources << /Font << /FR 3 0 R /FH 4 0 R >> >> >>' % (page_w, page_h, page_id + 1))
        objs.append(b'<< /Length %d >>\nstream\n' % len(s) + s + b'endstream')
    objs[1] = b'<< /Type /Pages /Kids [' + b' '.join(kids) + b'] /Count %d >>' % npages
    out = pdf_from_objects(objs, header=b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    with open(args.output, 'wb') as f:
        f.write(out)


if __name__ == '__main__':
    main()
