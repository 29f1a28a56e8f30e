#!/usr/bin/env python3
"""Numpy reference of the ReasoningRouter network, independent of ONNX (float64 math).

The architecture is described by the `router_spec` JSON that the Swift exporter writes
(`ONNXRouterSpec.jsonDescription()`, also stored in the ONNX model's metadata_props):

    {"embeddingRows": R, "embeddingDim": E, "denseFeatures": F, "budgetQuantiles": K,
     "hidden": [{"size": H, "activation": "relu"|"gelu"|"gelu_tanh", "layerNorm": bool}, ...],
     "layerNormEpsilon": 1e-5, "complexityTemperature": Tc, "safetyTemperature": Ts,
     "complexityOrdinal": false,   # true: 2 cumulative logits, probs [1-s1, s1-min(s1,s2), min(s1,s2)]
     "budgetSkip": false,          # true: budget += dense @ W_s.T, W_s [K, F] ("heads.budget.skip.weight")
     "names": {"embedding": "...", "hidden.0.weight": "...", "hidden.0.bias": "...",
               "norm.0.gamma": "...", "norm.0.beta": "...", "heads.complexity.weight": "...", ...}}

Absent keys (older exports) mean false.

Inputs are the featurized batch: ids int [B, L] (padded), id_weights float [B, L] (0 on padding;
mean bags pre-divided so the weighted sum is the mean), dense float [B, F].

    out = forward(weights, spec, ids, id_weights, dense)
    out["complexity_probs"]  # [B, 3]
"""
import json
import math
import sys

import numpy as np

OUTPUT_NAMES = ["complexity_logits", "complexity_probs", "risky_logit", "risky_prob", "budget_quantiles"]

_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu(x, approximation="exact"):
    """GELU as in Sources/Layers/Activations.swift: exact erf form or the tanh approximation."""
    if approximation == "exact":
        return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))
    k = math.sqrt(2.0 / math.pi)
    return 0.5 * x * (1.0 + np.tanh(k * (x + 0.044715 * x ** 3)))


def layer_norm(x, gamma, beta, eps):
    """LayerNorm over the last axis with the biased variance: [B, D] -> [B, D]."""
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def softmax(z):
    """Row-wise stable softmax: [B, C] -> [B, C]."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _param(weights, spec, key, shape):
    name = spec["names"][key]
    if name not in weights:
        raise KeyError(f"reference_forward: weight '{name}' (spec key '{key}') missing from weights")
    w = np.asarray(weights[name], dtype=np.float64)
    if w.size != int(np.prod(shape)):
        raise ValueError(f"reference_forward: weight '{name}' has {w.size} values, expected shape {shape}")
    return w.reshape(shape)


def trunk(weights, spec, ids, id_weights, dense=None):
    """Embedding bag + dense concat + hidden layers: returns h [B, H] (float64)."""
    ids = np.asarray(ids, dtype=np.int64)
    idw = np.asarray(id_weights, dtype=np.float64)
    e_dim, f = spec["embeddingDim"], spec["denseFeatures"]
    table = _param(weights, spec, "embedding", (spec["embeddingRows"], e_dim))
    if ids.min(initial=0) < 0 or ids.max(initial=0) >= spec["embeddingRows"]:
        raise ValueError(f"reference_forward: ids outside [0, {spec['embeddingRows']})")
    x = (table[ids] * idw[:, :, None]).sum(axis=1)                      # [B, L, E] -> [B, E]
    if f > 0:
        d = np.asarray(dense, dtype=np.float64).reshape(ids.shape[0], f)
        x = np.concatenate([x, d], axis=1)                              # [B, E + F]
    width = e_dim + f
    for i, layer in enumerate(spec["hidden"]):
        h = layer["size"]
        w = _param(weights, spec, f"hidden.{i}.weight", (h, width))     # [out, in]
        b = _param(weights, spec, f"hidden.{i}.bias", (h,))
        x = x @ w.T + b
        act = layer["activation"]
        if act == "relu":
            x = np.maximum(x, 0.0)
        elif act == "gelu":
            x = gelu(x, "exact")
        elif act == "gelu_tanh":
            x = gelu(x, "tanh")
        else:
            raise ValueError(f"reference_forward: hidden[{i}].activation '{act}' is unknown")
        if layer["layerNorm"]:
            g = _param(weights, spec, f"norm.{i}.gamma", (h,))
            be = _param(weights, spec, f"norm.{i}.beta", (h,))
            x = layer_norm(x, g, be, spec["layerNormEpsilon"])
        width = h
    return x


def forward(weights, spec, ids, id_weights, dense=None):
    """Full network: dict of the five head outputs (float64 arrays, see OUTPUT_NAMES)."""
    h = trunk(weights, spec, ids, id_weights, dense)
    width = h.shape[1]

    def head(name, n):
        w = _param(weights, spec, f"heads.{name}.weight", (n, width))
        b = _param(weights, spec, f"heads.{name}.bias", (n,))
        return h @ w.T + b

    ordinal = spec.get("complexityOrdinal", False)
    logits = head("complexity", 2 if ordinal else 3)
    risky = head("safety", 1)
    budget = head("budget", spec["budgetQuantiles"])
    if spec.get("budgetSkip", False):  # skip connection from the structural features: [B, F] @ [F, K]
        f, k = spec["denseFeatures"], spec["budgetQuantiles"]
        if f == 0:
            raise ValueError("reference_forward: budgetSkip needs dense features (denseFeatures = 0)")
        w_s = _param(weights, spec, "heads.budget.skip.weight", (k, f))
        budget = budget + np.asarray(dense, dtype=np.float64).reshape(h.shape[0], f) @ w_s.T
    if ordinal:  # cumulative: s1 = P(tier > simple), s2 = P(tier > moderate), clipped to s2 <= s1
        s = sigmoid(logits / spec["complexityTemperature"])
        s1, s2 = s[:, :1], np.minimum(s[:, :1], s[:, 1:2])
        probs = np.concatenate([1.0 - s1, s1 - s2, s2], axis=1)
    else:
        probs = softmax(logits / spec["complexityTemperature"])
    return {
        "complexity_logits": logits,
        "complexity_probs": probs,
        "risky_logit": risky,
        "risky_prob": sigmoid(risky / spec["safetyTemperature"]),
        "budget_quantiles": budget,
    }


def load_onnx(path):
    """(weights, spec) from an exported .onnx file: initializers as numpy arrays + router_spec metadata."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(path)
    meta = {p.key: p.value for p in model.metadata_props}
    if "router_spec" not in meta:
        raise KeyError(f"{path}: no 'router_spec' in metadata_props")
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    return weights, json.loads(meta["router_spec"])


def load_safetensors(path):
    """Weights dict from a .safetensors file (name -> numpy array)."""
    from safetensors.numpy import load_file

    return load_file(path)


if __name__ == "__main__":
    # Usage: reference_forward.py model.onnx inputs.json  -> prints the outputs as JSON.
    if len(sys.argv) != 3:
        sys.exit("usage: reference_forward.py <model.onnx> <inputs.json>")
    w, s = load_onnx(sys.argv[1])
    with open(sys.argv[2]) as fh:
        inp = json.load(fh)
    out = forward(w, s, inp["ids"], inp["id_weights"], inp.get("dense"))
    print(json.dumps({k: v.tolist() for k, v in out.items()}))
