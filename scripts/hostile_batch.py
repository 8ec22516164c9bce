#!/usr/bin/env python3
"""The done-when batch of issue 12: the good fixtures mixed with hostile inputs
(the kinds tests/pdf_hardening.rs, tests/inputs_accounted.rs and
tests/worker_isolation.rs make one by one), in one run of the release binary.

Reports the exit status, every errors.csv row, the wall time and the peak
resident memory (the largest process: wait4 over the run and its workers),
whether every repaired PDF gave the same facts as its clean original, and
whether the good documents equal a clean run's.

Usage: python3 scripts/hostile_batch.py [WORKDIR]      (default /tmp/trichxuat-hostile)
"""
import json, os, shutil, subprocess, sys, time, zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfobjects import pdf_from_objects  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "trichxuat")
FIX = os.path.join(ROOT, "fixtures")


def stream(d, data):
    return b"<< " + d + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def zeros(n):
    z = zlib.compressobj(9)
    out = bytearray()
    chunk = bytes(1 << 20)
    for _ in range(n >> 20):
        out += z.compress(chunk)
    return bytes(out + z.flush())


CAT = b"<< /Type /Catalog /Pages 2 0 R >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
HELLO = stream(b"", b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")


def one_page(content, res=b"", more=()):
    return pdf_from_objects([CAT, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> " + res + b" >> >>",
                             content, FONT] + list(more))


def pages(n, content_obj, font_obj):
    kids = b" ".join(b"%d 0 R" % (6 + i) for i in range(n))
    objs = [CAT, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n, content_obj, font_obj]
    objs.append(stream(b"", b""))  # 5: unused
    for _ in range(n):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>")
    return pdf_from_objects(objs)


def hostile():
    h = {}
    nest = b"[" * 20000 + b"]" * 20000
    h["deep.pdf"] = pdf_from_objects([CAT, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /N " + nest + b" >>", HELLO, FONT])
    h["predictor_bomb.pdf"] = one_page(stream(b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 100 >>", zeros(1536 << 20)))
    h["objstm_bomb.pdf"] = one_page(HELLO, more=[stream(b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", zeros(1536 << 20))])
    h["self_form.pdf"] = one_page(stream(b"", b"/X1 Do"), b"/XObject << /X1 6 0 R >>",
                                  [stream(b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /X1 6 0 R >> >>", b"/X1 Do " * 64)])
    h["ten_million_ops.pdf"] = one_page(stream(b"/Filter /FlateDecode", zlib.compress(b"0 0 m " * 10_000_000, 9)))
    h["shared_stream.pdf"] = pages(30, stream(b"/Filter /FlateDecode", zlib.compress(b"BT /F1 12 Tf 72 720 Td (S) Tj ET\n" + b"1 0 0 1 0 0 cm " * 2_000_000, 9)), FONT)
    cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + b"".join(
        b"100 beginbfrange\n" + b"".join(b"<%04X> <FFFF> <%04X>\n" % (i % 200, 0x41 + i % 26) for i in range(k, k + 100)) + b"endbfrange\n" for k in (0, 100))
    t0 = b"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /ToUnicode 5 0 R /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial >>] >>"
    kids = b" ".join(b"%d 0 R" % (6 + i) for i in range(30))
    objs = [CAT, b"<< /Type /Pages /Kids [" + kids + b"] /Count 30 >>", stream(b"", b"BT /F1 12 Tf 72 720 Td <00410042> Tj ET"), t0,
            stream(b"/Filter /FlateDecode", zlib.compress(cmap))]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"] * 30
    h["heavy_cmap.pdf"] = pdf_from_objects(objs)
    h["kids_loop.pdf"] = pdf_from_objects([CAT, b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
                                           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>", HELLO, FONT])
    h["error_page.pdf"] = b"<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not Found</body></html>\n"
    h["notes.pdf"] = open(os.path.join(FIX, "dong_nai_2020.txt"), "rb").read()
    h["bundle.pdf"] = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(300)
    h["photo.txt"] = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(300)
    h["nothing.txt"] = "Mua rau, mua thịt, mua cá.\n".encode()
    h["empty.txt"] = b""
    return h


def damaged(pdf):
    d = {}
    d["trailing-junk"] = pdf + b"\r\n--boundary--\r\nscanned by MailGuard\r\n\x00\x00 garbage 9 0 obj <<"
    d["http-header"] = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n" + pdf
    d["crlf"] = pdf.replace(b"\n", b"\r\n")
    d["shifted-xref"] = b"%PDF-1.5\n% a line added without fixing the offsets\n" + pdf
    x = pdf.rfind(b"\nxref")
    t = pdf.rfind(b"trailer")
    s = pdf.rfind(b"startxref")
    d["missing-xref"] = pdf[:x] + b"\n" + pdf[t:s] + b"%%EOF\n"
    return d


def facts(path):
    j = json.load(open(path, encoding="utf-8"))
    return {k: j.get(k) for k in ("meta", "targets", "amounts", "projects", "checks")}


def run(args):
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    return time.perf_counter() - t0, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err.decode(errors="replace")


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else "/tmp/trichxuat-hostile"
    shutil.rmtree(work, ignore_errors=True)
    good, inp = os.path.join(work, "good"), os.path.join(work, "in")
    os.makedirs(good)
    os.makedirs(os.path.join(inp, "copy"))
    goods = ["cao_bang_2015.txt", "dong_nai_2020.txt", "cao_bang_2015.text.pdf", "dong_nai_2020.text.pdf"]
    for g in goods:
        shutil.copy(os.path.join(FIX, g), good)
        shutil.copy(os.path.join(FIX, g), inp)
    for s in sorted(os.listdir(os.path.join(FIX, "synthetic"))):
        shutil.copy(os.path.join(FIX, "synthetic", s), good)
        shutil.copy(os.path.join(FIX, "synthetic", s), inp)
    shutil.copy(os.path.join(FIX, "dong_nai_2020.txt"), os.path.join(inp, "copy", "dong_nai_2020.txt"))
    for name, data in hostile().items():
        open(os.path.join(inp, name), "wb").write(data)
    repaired = []
    for g in ("cao_bang_2015", "dong_nai_2020"):
        clean = open(os.path.join(FIX, g + ".text.pdf"), "rb").read()
        for kind, data in damaged(clean).items():
            name = f"{g}.{kind}.pdf"
            open(os.path.join(inp, name), "wb").write(data)
            repaired.append((g.replace("_", "-") + "-text", name))
    text = open(os.path.join(FIX, "cao_bang_2015.txt"), "rb").read()
    open(os.path.join(inp, "cao_bang_2015.mac.txt"), "wb").write(text.replace(b"\n", b"\r"))
    for enc in ("CP1258", "VISCII", "TCVN"):
        out = subprocess.run(["iconv", "-f", "UTF-8", "-t", enc + "//TRANSLIT", os.path.join(FIX, "cao_bang_2015.txt")], capture_output=True).stdout
        open(os.path.join(inp, f"cao_bang_2015.{enc.lower()}.txt"), "wb").write(out)
    n_inputs = sum(len(f) for _, _, f in os.walk(inp))
    clean_out, out = os.path.join(work, "clean-out"), os.path.join(work, "out")
    run([BIN, "extract", good, "--out", clean_out, "--jobs", "2"])
    secs, peak, code, err = run([BIN, "extract", inp, "--out", out, "--jobs", "2"])
    rows = open(os.path.join(out, "errors.csv"), encoding="utf-8").read().splitlines()[1:]
    docs = [f for f in os.listdir(out) if f.endswith(".json")]
    print(f"inputs {n_inputs}   documents {len(docs)}   errors.csv rows {len(rows)}   exit {code}   wall {secs:.1f} s   peak RSS {peak:.0f} MiB")
    for r in rows:
        print("  error:", r[:200])
    same = 0
    for clean_id, name in repaired:
        doc_id = name[:-4].replace("_", "-").replace(".", "-")
        p = os.path.join(out, doc_id + ".json")
        ok = os.path.exists(p) and facts(p) == facts(os.path.join(out, clean_id + ".json"))
        same += ok
        if not ok:
            print("  repaired PDF differs or missing:", name)
    print(f"repaired PDFs with the clean original's facts: {same}/{len(repaired)}")
    differ = [f for f in os.listdir(clean_out) if f.endswith(".json") and facts(os.path.join(clean_out, f)) != facts(os.path.join(out, f))]
    print(f"good documents equal to a clean run's: {len([f for f in os.listdir(clean_out) if f.endswith('.json')]) - len(differ)}, differing: {differ}")
    print(err.strip().splitlines()[-5:])


if __name__ == "__main__":
    main()
