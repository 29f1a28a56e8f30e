#!/usr/bin/env python3
"""Find word n-grams that only one label uses in a labeled JSONL corpus (e.g. the sample data).

A phrase that occurs in many risky records and (almost) no safe ones is learned as a harm cue. When it is a frame or
filler that real users write about anything ("I'm planning to ... any tips?", "keep the cost under"), it is an artifact of
how the data was written, and the model flags everyday requests that use it. The same holds for the complexity tiers
("divided by" only in competition-level problems sends "What's 12 divided by 3?" to deliberate). This lists such phrases
with the categories (`source`) that own them, for a person to sort into real cues ("without getting caught", "prove
that") and artifacts. Records whose --field is null are not counted.

Usage: frame_audit.py FILE_OR_DIR [--field safety|complexity] [--label risky] [--min 20] [--ratio 15] [--n 2 3]
"""
import argparse
import collections
import glob
import json
import os
import re
import signal

TOKEN = re.compile(r"[a-z0-9']+")


def files(path):
    return sorted(glob.glob(os.path.join(path, "*.jsonl"))) if os.path.isdir(path) else [path]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path")
    ap.add_argument("--min", type=int, default=20, help="least number of records of --label that use the phrase")
    ap.add_argument("--ratio", type=float, default=15, help="at least this many times as many --label records as others")
    ap.add_argument("--field", default="safety", choices=["safety", "complexity"])
    ap.add_argument("--label", default=None, help="the label to audit (default: risky for safety, high for complexity)")
    ap.add_argument("--n", type=int, nargs="+", default=[2, 3], help="phrase lengths in words")
    ap.add_argument("--skip-validation", action="store_true", help="ignore files named validation*.jsonl")
    args = ap.parse_args()
    labels = {"safety": ["risky", "safe"], "complexity": ["high", "moderate", "simple"]}[args.field]
    label = args.label or labels[0]
    if label not in labels:  # a misspelt label would match no record and list nothing
        ap.error(f"--label for --field {args.field} must be one of {', '.join(labels)}, got {label!r}")
    if not os.path.exists(args.path) or not files(args.path):
        ap.error(f"{args.path}: no such JSONL file or folder with *.jsonl files")
    own, other, owners = collections.Counter(), collections.Counter(), collections.defaultdict(collections.Counter)
    for f in files(args.path):
        if args.skip_validation and os.path.basename(f).startswith("validation"):
            continue
        for line_no, line in enumerate(open(f, encoding="utf-8"), 1):
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                raise SystemExit(f"{f}:{line_no}: invalid JSON ({e})")
            if r.get(args.field) is None:
                continue
            words = TOKEN.findall(r["text"].lower())
            grams = {" ".join(words[i:i + n]) for n in args.n for i in range(len(words) - n + 1)}
            mine = r[args.field] == label
            for g in grams:
                (own if mine else other)[g] += 1
                if mine:
                    owners[g][r.get("source", "?")] += 1
    rows = sorted(((c, g) for g, c in own.items() if c >= args.min and other[g] * args.ratio <= c), reverse=True)
    # A broken pipe (| head) ends the listing quietly.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    print(f"{len(rows)} phrases in >= {args.min} records with {args.field} {label} and <= 1/{args.ratio:g} as many others")
    for c, g in rows:
        top = ", ".join(f"{s} {k}" for s, k in owners[g].most_common(2))
        print(f"{c:6d} {other[g]:4d}  {g:32s} {top}")


if __name__ == "__main__":
    main()
