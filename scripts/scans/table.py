#!/usr/bin/env python3
"""Prints the per-document, per-seed table of a measure.sh output folder."""
import json, os, sys

out = sys.argv[1]
print("| seed | document | amounts F1 | targets F1 | projects F1 | checks found | false alarms | extract s | plain tesseract s | ratio |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for d in sorted(os.listdir(out)):
    if not d.startswith("seed-"):
        continue
    base = os.path.join(out, d)
    times = {}
    if os.path.exists(os.path.join(base, "times")):
        for line in open(os.path.join(base, "times")):
            f = line.split()
            if f:
                times[f[0]] = [float(x) for x in f[1:]]
    try:
        score = json.load(open(os.path.join(base, "score.json")))
    except (OSError, ValueError):
        continue
    for doc in score.get("documents", []):
        f1 = lambda k: f"{doc[k]['f1']:.3f}" if doc.get(k, {}).get("gold") else "—"
        c = doc.get("checks", {})
        t = times.get(doc["gold"], [])
        ext = f"{t[0]:.1f}" if t else ""
        plain = f"{t[1]:.1f}" if len(t) > 1 else ""
        ratio = f"{t[0] / t[1]:.2f}" if len(t) > 1 and t[1] > 0 else ""
        print(f"| {d[5:]} | {doc['gold']} | {f1('amounts')} | {f1('targets')} | {f1('projects')} | "
              f"{c.get('found', '?')}/{c.get('gold', '?')} | {c.get('false_alarms', '?')} | {ext} | {plain} | {ratio} |")
    for miss in score.get("missing_predictions", []):
        print(f"| {d[5:]} | {miss} | no output | | | | | | | |")
