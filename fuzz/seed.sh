#!/usr/bin/env bash
# Builds the seed corpora (corpus/TARGET/) from the repository's own inputs:
# the fixture texts and small PDFs, legacy-encoded texts, and for pdf_document
# a few (content stream 0xFF ToUnicode CMap 0xFF objects…) inputs that draw
# text, a table grid, a form XObject and TCVN3 codes. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/parsers corpus/text_input corpus/pdf_input corpus/pdf_document
for f in "$root"/fixtures/*.txt "$root"/fixtures/synthetic/*.txt; do
  [ -f "$f" ] || continue
  cp "$f" corpus/text_input/
  # short lines make parser seeds: numbers, dates, money phrases
  grep -E '[0-9]' "$f" | head -200 | split -l 1 - "corpus/parsers/$(basename "$f" .txt)-" || true
done
if command -v iconv >/dev/null; then
  for cs in CP1258 VISCII TCVN5712-1; do
    iconv -f UTF-8 -t "$cs//TRANSLIT" "$root/fixtures/cao_bang_2015.txt" > "corpus/text_input/cao_bang_2015.$cs.txt" || true
  done
fi
for f in "$root"/fixtures/*.pdf; do
  [ "$(stat -c %s "$f")" -lt 300000 ] && cp "$f" corpus/pdf_input/
done
python3 - <<'PY'
import os
seeds = {
    'text': b'BT /F1 12 Tf 72 700 Td <00410042> Tj ET BT /F2 10 Tf 72 680 Td (K\xd5 ho\xb9ch 2.963,455) Tj ET',
    'grid': b''.join(b'%d 600 m %d 400 l S ' % (x, x) for x in range(72, 500, 90))
            + b''.join(b'72 %d m 500 %d l S ' % (y, y) for y in range(400, 601, 20))
            + b''.join(b'BT /F2 9 Tf %d %d Td (%d) Tj ET ' % (x + 5, y + 5, x * y % 9973) for x in range(72, 480, 90) for y in range(400, 600, 20)),
    'form': b'q /X1 Do Q BT /F1 12 Tf 72 700 Td <0041> Tj ET',
}
cmap = (b'/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange '
        b'2 beginbfrange <0041> <0042> <0041> <0043> <0043> [<1EBF>] endbfrange endcmap CMapName currentdict /CMap defineresource pop end end')
form = b'<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Length 38 >>\nstream\nBT /F1 12 Tf 72 650 Td <0042> Tj ET\nendstream'
for name, content in seeds.items():
    with open(os.path.join('corpus/pdf_document', name), 'wb') as f:
        f.write(content + b'\xff' + cmap + b'\xff<< /Type /Font /Subtype /Type1 /BaseFont /.VnTimeH >>\xff' + form)
PY
echo "seeds: $(for t in parsers text_input pdf_input pdf_document; do echo -n "$t $(ls corpus/$t | wc -l)  "; done)"
