#!/usr/bin/env python3
"""Helpers of bench/train/run.sh.

  prepare IN_TRAIN IN_VAL OUTDIR   complexity-labeled subsets (JSONL for swift-train, __label__ files for fastText)
  fasttext OUTDIR DIM NGRAMS BUCKETS EPOCHS LR THREADS   train fastText on the same split; prints JSON (seconds, accuracy)
  fasttext-command OUTDIR DIM NGRAMS BUCKETS EPOCHS LR THREADS   the same as a whole command, like
                                   `fasttext supervised -input train.ft -output model`: train, then save the model
                                   (model.bin); run.sh times the whole process (interpreter start included)
  metrics RUN_OUT                  examples/s and communication share from a run's metrics.jsonl (JSON)
"""
import json, re, sys, time


def prepare(train, val, out):
    for src, name in ((train, "train"), (val, "val")):
        n = 0
        with open(src) as f, open(f"{out}/{name}.jsonl", "w") as j, open(f"{out}/{name}.ft", "w") as t:
            for line in f:
                r = json.loads(line)
                if r.get("complexity") is None:
                    continue
                j.write(line if line.endswith("\n") else line + "\n")
                text = re.sub(r"\s+", " ", r["text"].lower()).strip()
                t.write(f"__label__{r['complexity']} {text}\n")
                n += 1
        print(f"{name}: {n} complexity-labeled records", file=sys.stderr)


def run_fasttext(out, dim, ngrams, buckets, epochs, lr, threads):
    import fasttext
    t0 = time.perf_counter()
    model = fasttext.train_supervised(input=f"{out}/train.ft", dim=int(dim), wordNgrams=int(ngrams), bucket=int(buckets),
                                      epoch=int(epochs), lr=float(lr), thread=int(threads), minn=0, maxn=0, verbose=0)
    seconds = time.perf_counter() - t0
    n, p, _ = model.test(f"{out}/val.ft")
    print(json.dumps({"seconds": seconds, "accuracy": p, "examples": n}))


def run_fasttext_command(out, dim, ngrams, buckets, epochs, lr, threads):
    import fasttext
    model = fasttext.train_supervised(input=f"{out}/train.ft", dim=int(dim), wordNgrams=int(ngrams), bucket=int(buckets),
                                      epoch=int(epochs), lr=float(lr), thread=int(threads), minn=0, maxn=0, verbose=0)
    model.save_model(f"{out}/fasttext-model.bin")


def metrics(run_out):
    ex = sec = comm = 0.0
    steps = 0
    timing = {}
    with open(f"{run_out}/metrics.jsonl") as f:
        for line in f:
            r = json.loads(line)
            if r.get("type") == "timing":
                timing = r
            if r.get("type") != "step" or r["step"] <= 3:   # skip warm-up steps
                continue
            ex += r["examples_per_second"] * r["seconds"]
            sec += r["seconds"]
            comm += r["comm_share"] * r["seconds"]
            steps += 1
    summary = json.load(open(f"{run_out}/summary.json"))
    print(json.dumps({"examples_per_second": ex / sec, "comm_share": comm / sec, "steps": steps, "step_seconds": sec,
                      "val_complexity_accuracy": summary["metrics"].get("val_complexity_accuracy"), "timing": timing}))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"prepare": prepare, "fasttext": run_fasttext, "fasttext-command": run_fasttext_command, "metrics": metrics}[cmd](*args)
