#!/usr/bin/env python3
"""Build the training, calibration and evaluation files of the quality pipeline (deterministic).

Input: the source-holdout split written by `swift-train data split --by source` (train part = the public
sources that are NOT held out) and the project's sample data. Output (in --out):

  train.jsonl        public training sources (large simple/unlabeled sources capped, see CAPS) + sample train
                     (repeated SAMPLE_REPEAT times: it is the only data with several styles per tier)
  calibration.jsonl  validation for early stopping, temperature scaling and the policy threshold fit:
                     a hash split (CAL_FRACTION) of the public training sources and one (SAMPLE_CAL_FRACTION)
                     of the sample TRAIN files (train-1.jsonl, ...); these texts are removed from train.jsonl. The sample
                     validation file is not used here, so it stays a clean evaluation set.
                     `--calibration sources` (shift-aware) takes WHOLE public sub-sources instead of a hash
                     split of the public texts, so temperature scaling and the threshold fits see sources the
                     model did not train on. The sample part stays a hash split: a sample category is a
                     concept (e.g. sample:copyright), not a source, and the rule would move whole concepts
                     out of training. See pick_units() for the rule.
                     `--calibration roles` separates the roles: the whole public sub-sources go to
                     thresholds.jsonl (with the sample calibration part), used only by fit_policy.py to refit
                     the safety and instant thresholds; calibration.jsonl stays a hash split of the remaining
                     texts for early stopping and temperature scaling.

Every choice depends on a stable hash of the normalized text, never on file order or a random state.

Usage: prepare.py --public-train T --sample data/sample --out runs/quality/data
"""
import argparse
import hashlib
import heapq
import json
import os
import re
import sys

# Per-source caps on records taken from the public training sources (key: source, or source/complexity).
# clinc150 (23.7k one-line assistant commands), refusal_direction's safe Alpaca instructions (31k, no tier)
# and routellm_evals' MMLU prompts (13.9k, no tier) would otherwise be ~70% of the data and make each epoch
# 3x longer; their style is covered well by a few thousand.
CAPS = {"clinc150": 6000, "refusal_direction/safe": 6000, "routellm_evals": 3000}
CAL_FRACTION = 0.04     # share of the public training texts moved to calibration.jsonl
SAMPLE_CAL_FRACTION = 0.12  # share of the sample train texts moved to calibration.jsonl
# Public budgets are LABELING.md's proxy (1.3 x words of a reference solution): a reference solution is
# much shorter than the trace a reasoning model writes, and more so for hard problems (a few hundred
# reasoning tokens for grade-school math, thousands for competition math and planning). Training labels of
# the public sources are scaled per tier to that scale (within a tier the proxy's order is kept), so they
# agree with the sample data's budgets (moderate 150-1500, high 1500-16000). Evaluation files are untouched.
BUDGET_SCALE = {"moderate": 8, "high": 25}
SAMPLE_REPEAT = 2       # sample train records appear this many times in train.jsonl
CAL_MODES = ("hash", "sources", "roles")


def norm(t):
    return " ".join(t.lower().split())


def unit(text, salt):
    """Stable value in [0, 1) of the normalized text and a salt."""
    h = hashlib.sha256((salt + "\x00" + norm(text)).encode()).hexdigest()
    return int(h[:12], 16) / float(1 << 48)


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{path}: {len(records)} records")


def cap_key(r):
    if r["source"] + "/" + str(r["safety"]) in CAPS:
        return r["source"] + "/" + str(r["safety"])
    return r["source"] if r["source"] in CAPS else None


def sub_source(r):
    """The unit a shift-aware calibration moves whole: a public record's importer subset, i.e. its id up to the
    last ':' (qwen25math_eval:aime24, routellm_evals:mmlu_anatomy, jbb_artifacts:PAIR/black_box/gpt-4-0125-preview;
    a source without subsets, e.g. humaneval, is one unit)."""
    return r["id"].rsplit(":", 1)[0] if ":" in r["id"] else r["source"]


def stratum(rs):
    """The label stratum of a unit: its most common (complexity, safety) pair."""
    counts = {}
    for r in rs:
        k = (str(r["complexity"]), r["safety"])
        counts[k] = counts.get(k, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k])


def pick_units(records, fraction, name, keep_sources=False):
    """Whole units (sub_source) for calibration, by a rule fixed before any result was seen:
    per label stratum (complexity x safety), walk the stratum's units in the order of a stable hash of the unit
    name (salt "calsource") and take each unit that still fits in the stratum's budget, fraction x the stratum's
    records (first fit; a unit larger than the remaining budget is skipped). If no unit fits, the smallest one is
    taken, so every stratum of the public training sources (every tier, no tier, safe and risky) is in calibration.
    keep_sources: a unit is eligible only if its source has other units in the same stratum (a sub-source, never a
    whole source such as humaneval, the only public code source), so every training source stays in training.
    Returns the set of unit names."""
    units = {}
    for r in records:
        units.setdefault(sub_source(r), []).append(r)
    strata = {}
    for u, rs in units.items():
        strata.setdefault(stratum(rs), []).append(u)
    if keep_sources:
        for key, names in strata.items():
            per_source = {}
            for u in names:
                per_source[units[u][0]["source"]] = per_source.get(units[u][0]["source"], 0) + 1
            strata[key] = [u for u in names if per_source[units[u][0]["source"]] > 1]
    chosen = set()
    for key in sorted(strata):
        names = sorted(strata[key], key=lambda u: unit(u, "calsource"))
        budget = fraction * sum(len(units[u]) for u in names)
        taken = []
        for u in names:
            if len(units[u]) <= budget:
                taken.append(u)
                budget -= len(units[u])
        if not taken:
            taken = [min(names, key=lambda u: (len(units[u]), u))]
        chosen.update(taken)
        total = sum(len(units[u]) for u in names)
        n = sum(len(units[u]) for u in taken)
        print(f"calibration {name} {key[0]}/{key[1]}: {n} of {total} records, {len(taken)} of {len(names)} units: "
              + ", ".join(f"{u} ({len(units[u])})" for u in taken))
    return chosen


def words(text):
    """Lowercase word unigrams and bigrams of a text (the units the debiasing counts)."""
    toks = re.findall(r"[a-z0-9']+", text.lower())
    return set(toks) | {toks[i] + " " + toks[i + 1] for i in range(len(toks) - 1)}


def debias(train, pool, n, min_risky=20, min_share=0.6):
    """Up to n safe records of pool (public training records the caps left out) that contain the words and word
    pairs the training set has mostly in risky text (at least min_risky risky records, risky share >= min_share),
    chosen greedily: each pick covers the most such words whose safe count is still below their risky count, per
    square root of its length (the featurizer weighs a text's n-grams by 1/sqrt(n), so a long text moves each of its
    words less)."""
    counts = {}
    for r in train:
        if r["safety"] in ("safe", "risky"):
            for g in words(r["text"]):
                c = counts.setdefault(g, [0, 0])
                c[r["safety"] == "risky"] += 1
    need = {g: rk - sf for g, (sf, rk) in counts.items() if rk >= min_risky and rk / (sf + rk) >= min_share}
    cands = [(r, words(r["text"]) & need.keys()) for r in pool if r["safety"] == "safe"]
    cands = [(r, gs) for r, gs in cands if gs]
    cands.sort(key=lambda x: unit(x[0]["text"], "debias"))
    scale = [max(8, len(r["text"].split())) ** 0.5 for r, _ in cands]
    heap = [(-len(gs) / scale[i], i) for i, (_, gs) in enumerate(cands)]
    heapq.heapify(heap)
    chosen = []
    while heap and len(chosen) < n:
        neg, i = heapq.heappop(heap)
        gain = sum(1 for g in cands[i][1] if need[g] > 0) / scale[i]
        if gain == 0:
            continue
        if gain < -neg - 1e-12:  # stale score: push back with the current gain (lazy greedy)
            heapq.heappush(heap, (-gain, i))
            continue
        chosen.append(cands[i][0])
        for g in cands[i][1]:
            need[g] -= 1
    open_words = sum(1 for v in need.values() if v > 0)
    print(f"debias: {len(chosen)} safe records added from {len(cands)} candidates; {open_words} of {len(need)} "
          f"risky-skewed words still more often risky than safe")
    return chosen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--public-train", required=True)
    ap.add_argument("--sample", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-caps", action="store_true", help="take every public training record (ablation)")
    ap.add_argument("--cap", action="append", default=[], metavar="KEY=N",
                    help="override one cap of CAPS, e.g. refusal_direction/safe=20000 (repeatable)")
    ap.add_argument("--exclude-sample", default="", help="comma-separated sample sources to leave out (ablation), e.g. sample:copyright")
    ap.add_argument("--calibration", default="hash", choices=CAL_MODES,
                    help="hash: a hash split of the public texts (default); sources: whole public sub-sources "
                         "(the sample part is a hash split in both); roles: whole public sub-sources in thresholds.jsonl "
                         "for the threshold refit only, calibration.jsonl a hash split of the rest")
    ap.add_argument("--keep-sources", action="store_true",
                    help="with sources/roles: take sub-sources only, never a whole source (see pick_units)")
    ap.add_argument("--debias", type=int, default=0, metavar="N",
                    help="add up to N safe public records the caps left out, chosen for the words the training set "
                         "has mostly in risky text (see debias)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    public = read(a.public_train)
    for c in a.cap:
        key, _, n = c.partition("=")
        if key not in CAPS or not n.isdigit():
            sys.exit(f"error: --cap {c}: expected KEY=N with KEY one of {', '.join(sorted(CAPS))}")
        CAPS[key] = int(n)
    # Caps: keep the records with the smallest hash values of each capped group.
    groups = {}
    for r in public:
        groups.setdefault(cap_key(r), []).append(r)
    kept, capped_out = [], []
    for key, rs in groups.items():
        if key is not None and len(rs) > CAPS[key] and not a.no_caps:
            ordered = sorted(rs, key=lambda r: unit(r["text"], "cap"))
            rs, rest = ordered[:CAPS[key]], ordered[CAPS[key]:]
            capped_out.extend(rest)
            print(f"cap {key}: {len(groups[key])} -> {len(rs)}")
        kept.extend(rs)
    kept.sort(key=lambda r: r["id"])
    for r in kept:
        if r["budget_tokens"] and r["complexity"] in BUDGET_SCALE:
            r["budget_tokens"] = int(r["budget_tokens"] * BUDGET_SCALE[r["complexity"]])
    held = []  # whole sub-sources held out of training for the threshold refit (roles)
    if a.calibration == "hash":
        is_cal = lambda r: unit(r["text"], "cal") < CAL_FRACTION
    elif a.calibration == "sources":
        units = pick_units(kept, CAL_FRACTION, "public", a.keep_sources)
        is_cal = lambda r: sub_source(r) in units
    else:
        units = pick_units(kept, CAL_FRACTION, "public", a.keep_sources)
        held = [r for r in kept if sub_source(r) in units]
        kept = [r for r in kept if sub_source(r) not in units]
        is_cal = lambda r: unit(r["text"], "cal") < CAL_FRACTION
    cal = [r for r in kept if is_cal(r)]
    train = [r for r in kept if not is_cal(r)]

    shards = sorted((f for f in os.listdir(a.sample) if re.fullmatch(r"train-\d+\.jsonl", f)), key=lambda f: int(f[6:-6]))
    if not shards:
        sys.exit(f"error: no training shards (train-1.jsonl, ...) in {a.sample}")
    sample_all = [r for f in shards for r in read(os.path.join(a.sample, f))]
    excluded = set(x for x in a.exclude_sample.split(",") if x)
    if excluded:
        before = len(sample_all)
        sample_all = [r for r in sample_all if r["source"] not in excluded]
        print(f"excluded sample sources {sorted(excluded)}: {before} -> {len(sample_all)} records")
    sample_cal = [r for r in sample_all if unit(r["text"], "cal") < SAMPLE_CAL_FRACTION]
    sample_train = [r for r in sample_all if unit(r["text"], "cal") >= SAMPLE_CAL_FRACTION]
    reps = []
    for k in range(1, SAMPLE_REPEAT):
        reps += [dict(r, id=f"{r['id']}#rep{k}") for r in sample_train]
    extra = []
    if a.debias:
        extra = debias(train + sample_train + reps, sorted(capped_out, key=lambda r: r["id"]), a.debias)
        for r in extra:
            if r["budget_tokens"] and r["complexity"] in BUDGET_SCALE:
                r["budget_tokens"] = int(r["budget_tokens"] * BUDGET_SCALE[r["complexity"]])
    write(os.path.join(a.out, "train.jsonl"), train + extra + sample_train + reps)
    write(os.path.join(a.out, "calibration.jsonl"), sample_cal + cal)
    thresholds = os.path.join(a.out, "thresholds.jsonl")
    if held:
        write(thresholds, sample_cal + held)
    elif os.path.exists(thresholds):
        os.remove(thresholds)  # from an earlier roles run: run.sh refits on it when present



if __name__ == "__main__":
    main()
