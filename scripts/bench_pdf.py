#!/usr/bin/env python3
"""Benchmark of the PDF paths, each against a baseline measured in the same run
on the same files:

* text-layer PDFs: `trichxuat extract --jobs 1` pages/s vs `pdftotext -raw` pages/s;
* scanned PDFs: our seconds/page (`--jobs 1`, empty OCR cache) vs plain
  `tesseract IMAGE out -l vie` (OMP_THREAD_LIMIT=1) on the page images the PDFs
  carry (extracted unchanged with `pdfimages -j`), one process after another;
* the speed-up from `--jobs 1` to `--jobs 2` on the scans.

Usage: python3 scripts/bench_pdf.py [COPIES]   (copies of the text PDFs; default 20)
Needs poppler-utils and tesseract-ocr(-vie) (scripts/setup.sh installs them).
"""
import glob, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "trichxuat")
TEXT = sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.text.pdf")))
SCAN = sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.scan.pdf")))


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next(int(l.split()[-1]) for l in out.splitlines() if l.startswith("Pages:"))


def timed(args, env=None, **kw):
    t0 = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, **kw)
    return time.perf_counter() - t0


def main():
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="trichxuat-benchpdf-")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        corpus = os.path.join(work, "text")
        os.makedirs(corpus)
        n_pages = 0
        for i in range(copies):
            for f in TEXT:
                dst = os.path.join(corpus, f"{i:03d}-{os.path.basename(f)}")
                shutil.copy(f, dst)
                n_pages += pages(f)
        ours = timed([BIN, "extract", corpus, "--out", os.path.join(work, "out-text"), "--jobs", "1"])
        base = 0.0
        for f in sorted(glob.glob(os.path.join(corpus, "*.pdf"))):
            base += timed(["pdftotext", "-raw", f, os.path.join(work, "x.txt")])
        print(f"text-layer PDFs: {len(TEXT) * copies} files, {n_pages} pages")
        print(f"  trichxuat --jobs 1 : {n_pages / ours:7.1f} pages/s ({ours:.2f} s, all outputs written)")
        print(f"  pdftotext -raw     : {n_pages / base:7.1f} pages/s ({base:.2f} s)")
        print(f"  ratio (ours/pdftotext time): {ours / base:.2f}x")

        scan_pages = sum(pages(f) for f in SCAN)
        t1 = timed([BIN, "extract", *SCAN, "--out", os.path.join(work, "out-scan1"), "--jobs", "1"], env=env)
        t2 = timed([BIN, "extract", *SCAN, "--out", os.path.join(work, "out-scan2"), "--jobs", "2"], env=env)
        imgs = os.path.join(work, "img")
        os.makedirs(imgs)
        for f in SCAN:
            subprocess.run(["pdfimages", "-j", f, os.path.join(imgs, os.path.basename(f))], check=True)
        tess = 0.0
        for img in sorted(glob.glob(os.path.join(imgs, "*.jpg"))):
            tess += timed(["tesseract", img, os.path.join(work, "t"), "-l", "vie"], env=env)
        print(f"scanned PDFs: {len(SCAN)} files, {scan_pages} pages")
        print(f"  trichxuat --jobs 1 : {t1 / scan_pages:5.2f} s/page ({t1:.1f} s)")
        print(f"  tesseract -l vie   : {tess / scan_pages:5.2f} s/page ({tess:.1f} s, same page images)")
        print(f"  ratio (ours/tesseract): {t1 / tess:.2f}x")
        print(f"  trichxuat --jobs 2 : {t2 / scan_pages:5.2f} s/page, speed-up x{t1 / t2:.2f} over --jobs 1")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
