#!/usr/bin/env python3
"""Compare two JMH JSON result files: prints score of A, score of B and B/A per benchmark+params."""
import json
import sys


def load(path):
    rows = {}
    for r in json.load(open(path)):
        key = r["benchmark"] + "".join(f" {k}={v}" for k, v in sorted(r.get("params", {}).items()))
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[key] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreUnit"], alloc)
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py A.json B.json")
    a, b = load(sys.argv[1]), load(sys.argv[2])
    print(f"{'benchmark':70} {'A':>14} {'B':>14} {'B/A':>7} {'B B/op':>8}")
    for key in sorted(set(a) | set(b)):
        sa, sb = a.get(key), b.get(key)
        ratio = f"{sb[0] / sa[0]:.3f}" if sa and sb and sa[0] else "-"
        alloc = f"{sb[2]:.1f}" if sb and sb[2] is not None else "-"
        print(f"{key:70} {sa[0] if sa else '-':>14.6} {sb[0] if sb else '-':>14.6} {ratio:>7} {alloc:>8}"
              if sa and sb else f"{key:70} {'(only in one file)':>30}")


if __name__ == "__main__":
    main()
