#!/usr/bin/env python3
"""Benchmark of `trichxuat extract` end to end (all outputs written).

Builds a corpus of N distinct documents by copying the text fixtures (each copy
gets one extra line so that every input has its own sha256), runs the release
binary with --jobs 1 and --jobs 2, and reports documents per second, the
speed-up, and peak resident memory of the process (from wait4, no extra tools).
With several sizes it also prints each size against the first one: the ratio of
peak memory and the change in throughput (the batch issue asks for memory
within 1.2x and throughput within 10% from 1,000 to 10,000 documents).
Dirty pages are flushed (`sync`) before every run so that one run's writeback
does not slow the next.

Usage: python3 scripts/bench.py [--repeat R] [N ...]      (default: 1000)
With --repeat R every run is made R times and the median time and peak are
reported: on a shared virtual machine one run of the same job varies by 10-20%.
"""
import os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "trichxuat")
FIXTURES = [os.path.join(ROOT, "fixtures", f) for f in ("cao_bang_2015.txt", "dong_nai_2020.txt")]


def make_corpus(n, dest):
    os.makedirs(dest, exist_ok=True)
    texts = [open(f, encoding="utf-8").read() for f in FIXTURES]
    for i in range(n):
        with open(os.path.join(dest, f"doc_{i:06d}.txt"), "w", encoding="utf-8") as fh:
            fh.write(texts[i % len(texts)])
            fh.write(f"\nBản sao số {i}\n")


def run(args):
    """Runs a command; returns (seconds, peak RSS in MiB, exit code)."""
    os.sync()
    time.sleep(1)
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    return dt, ru.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def main():
    args = sys.argv[1:]
    repeat = 1
    if args[:1] == ["--repeat"]:
        repeat, args = int(args[1]), args[2:]
    sizes = [int(a) for a in args] or [1000]
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="trichxuat-bench-")
    try:
        print(f"{'docs':>6} {'jobs':>4} {'seconds':>8} {'docs/s':>8} {'docs/s/core':>11} {'peak MiB':>9}")
        results = {}
        for n in sizes:
            corpus = os.path.join(work, f"corpus-{n}")
            make_corpus(n, corpus)
            base = None
            for jobs in (1, 2):
                out = os.path.join(work, f"out-{n}-{jobs}")
                times, peaks = [], []
                for _ in range(repeat):
                    shutil.rmtree(out, ignore_errors=True)
                    dt, rss, code = run([BIN, "extract", corpus, "--out", out, "--jobs", str(jobs)])
                    if code != 0:
                        print(f"run failed with exit code {code}", file=sys.stderr)
                    times.append(dt)
                    peaks.append(rss)
                dt, rss = sorted(times)[len(times) // 2], sorted(peaks)[len(peaks) // 2]
                rate = n / dt
                base = base or rate
                results[(n, jobs)] = (rate, rss)
                print(f"{n:>6} {jobs:>4} {dt:>8.2f} {rate:>8.0f} {rate / jobs:>11.0f} {rss:>9.1f}"
                      + (f"   speed-up ×{rate / base:.2f}" if jobs > 1 else ""), flush=True)
                shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(corpus, ignore_errors=True)
        for n in sizes[1:]:
            for jobs in (1, 2):
                (r0, m0), (r1, m1) = results[(sizes[0], jobs)], results[(n, jobs)]
                print(f"{n} vs {sizes[0]} docs, --jobs {jobs}: peak memory ×{m1 / m0:.2f}, "
                      f"throughput {100 * (r1 / r0 - 1):+.1f}%")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
