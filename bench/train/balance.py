#!/usr/bin/env python3
"""How evenly the ranks share a global batch's work: contiguous slices against BatchPlan.balancedSlice.

Work of an example = its id count in the bench config (word unigrams + bigrams, at most 512 tokens) + 16, as
Trainer.exampleCosts counts it; the busiest rank's work over the mean, summed over every step of two epochs of
random permutations (batch 256). A model of the step, not a timing: this 2-core machine cannot run 4 or 8 ranks
without oversubscribing them, so the waiting itself is measured at 2 ranks only (docs/benchmarks-training.md).

Usage: bench/train/balance.py WORKDIR   (WORKDIR/train.jsonl from bench/train/run.sh)
"""
import json
import random
import sys


def cost_class(c):
    return 0 if c <= 0 else c.bit_length()


def balanced(batch, costs, size):
    """BatchPlan.balancedSlice for every rank: largest cost class first (batch order within a class), each to the
    least loaded rank (ties: the lower). Returns the ranks' loads."""
    order = sorted(range(len(batch)), key=lambda j: (-cost_class(costs[batch[j]]), j))
    load = [0] * size
    for j in order:
        k = min(range(size), key=lambda q: (load[q], q))
        load[k] += costs[batch[j]]
    return load


def main():
    rows = [json.loads(line) for line in open(sys.argv[1] + "/train.jsonl", encoding="utf-8")]
    costs = []
    for r in rows:
        n = min(len(r["text"].split()), 512)
        costs.append(n + max(n - 1, 0) + 16)
    rng = random.Random(0)
    print(f"{len(costs)} examples, batch 256, two epochs")
    for size in (2, 4, 8):
        ratios = {"contiguous": [0, 0], "balanced": [0, 0]}
        for _ in range(2):
            perm = list(range(len(costs)))
            rng.shuffle(perm)
            for s in range(0, len(perm), 256):
                b = perm[s:s + 256]
                n = len(b)
                parts = [sum(costs[i] for i in b[r * n // size:(r + 1) * n // size]) for r in range(size)]
                for name, loads in (("contiguous", parts), ("balanced", balanced(b, costs, size))):
                    ratios[name][0] += max(loads)
                    ratios[name][1] += sum(loads) / size
        print(f"{size} ranks: busiest rank / mean work: contiguous {ratios['contiguous'][0] / ratios['contiguous'][1]:.3f}, "
              f"balanced {ratios['balanced'][0] / ratios['balanced'][1]:.3f}")


if __name__ == "__main__":
    main()
