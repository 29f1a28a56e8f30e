#!/usr/bin/env python3
"""onnxruntime reference timing for bench-route: single-query latency and batch throughput, one thread.

usage: bench_onnxruntime.py model.onnx inputs.json [--iters N]
inputs.json: {"ids": [[...]], "id_weights": [[...]], "dense": [[...]]} (one ragged row per query).
Prints one JSON object: version, single_p50_ns, single_p99_ns, batch_qps {"16": ..., "64": ..., "256": ...}.
Timed: session.run on prepared numpy feeds (featurization excluded).
"""
import argparse
import json
import time

import numpy as np
import onnxruntime as ort


def feeds_for(rows, ids, idw, dense, has_dense):
    length = max(1, max(len(ids[r]) for r in rows))
    fi = np.zeros((len(rows), length), dtype=np.int64)
    fw = np.zeros((len(rows), length), dtype=np.float32)
    for k, r in enumerate(rows):
        fi[k, :len(ids[r])] = ids[r]
        fw[k, :len(idw[r])] = idw[r]
    f = {"ids": fi, "id_weights": fw}
    if has_dense:
        f["dense"] = np.asarray([dense[r] for r in rows], dtype=np.float32)
    return f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("inputs")
    ap.add_argument("--iters", type=int, default=20000)
    a = ap.parse_args()
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    sess = ort.InferenceSession(a.model, so, providers=["CPUExecutionProvider"])
    has_dense = any(i.name == "dense" for i in sess.get_inputs())
    with open(a.inputs) as fh:
        raw = json.load(fh)
    ids, idw, dense = raw["ids"], raw["id_weights"], raw["dense"]
    n = len(ids)
    singles = [feeds_for([r], ids, idw, dense, has_dense) for r in range(n)]
    for f in singles:
        sess.run(None, f)
    times = []
    for i in range(a.iters):
        f = singles[i % n]
        t0 = time.perf_counter_ns()
        sess.run(None, f)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    out = {"version": ort.__version__, "single_p50_ns": float(times[len(times) // 2]),
           "single_p99_ns": float(times[int(0.99 * (len(times) - 1))]), "batch_qps": {}}
    for bs in (16, 64, 256):
        batches = [feeds_for(list(range(s, min(s + bs, n))), ids, idw, dense, has_dense) for s in range(0, n, bs)]
        sess.run(None, batches[0])
        total, done, k = max(2000, a.iters // 2), 0, 0
        t0 = time.perf_counter_ns()
        while done < total:
            b = batches[k % len(batches)]
            sess.run(None, b)
            done += b["ids"].shape[0]
            k += 1
        out["batch_qps"][str(bs)] = done / ((time.perf_counter_ns() - t0) / 1e9)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
