#!/usr/bin/env python3
"""Prototype (docs/quality.md, iteration 11): does a word-order branch help the safety head on held-out sources?

Trains a safety-only classifier in PyTorch on a split made by scripts/quality/run.sh (runs/quality/<split>/data and
heldout.jsonl): "bag" = hashed word 1-2-grams and character 3-5-grams, mean-pooled (16 dims), then 64 ReLU + LayerNorm;
"conv" = the same plus a width-3 convolution (64 filters) over hashed word embeddings (32 dims), max-pooled over time.
Prints one JSON line: the held-out AUC (risky against safe), the AUC of held-out risky against the hand-written safe
probes, and the share of probes flagged at the threshold that keeps 97% recall on the calibration split.

Not part of the product or CI; needs `pip install torch numpy`.
Usage: word_order.py SPLIT bag|conv SEED
"""
import os, json, re, sys, zlib, random, glob, numpy as np, torch, torch.nn as nn
torch.set_num_threads(2)
split, mode, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
D = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'runs', 'quality', split)
B = 1 << 18
tok = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
def h(s): return zlib.crc32(s.encode()) % B
def feats(t):
    w = tok.findall(t.lower())
    ids = [h('w:' + x) for x in w] + [h('b:' + a + ' ' + b) for a, b in zip(w, w[1:])]
    for x in w:
        x = '<' + x + '>'
        for n in (3, 4, 5):
            for i in range(len(x) - n + 1): ids.append(h('c:' + x[i:i + n]))
    return ids or [0], [h('w:' + x) for x in w][:64] or [0]
def load(f, key='safety'):
    out = []
    for l in open(f):
        r = json.loads(l)
        if r.get(key) is None: continue
        out.append((r['text'], 1.0 if r[key] == 'risky' else 0.0, r['source']))
    return out
train = load(f'{D}/data/train.jsonl'); cal = load(f'{D}/data/calibration.jsonl'); held = load(f'{D}/heldout.jsonl')
probes = {p.split('/')[-1][:-4]: [l.strip() for l in open(p) if l.strip()] for p in glob.glob(os.path.join(os.path.dirname(__file__), '..', 'probes', '*.txt'))}
random.seed(seed); torch.manual_seed(seed)
class M(nn.Module):
    def __init__(s, conv):
        super().__init__(); s.conv = conv
        s.bag = nn.EmbeddingBag(B, 16, mode='mean'); nn.init.uniform_(s.bag.weight, -0.05, 0.05)
        d = 16
        if conv:
            s.wemb = nn.Embedding(B, 32); nn.init.uniform_(s.wemb.weight, -0.05, 0.05)
            s.c = nn.Conv1d(32, 64, 3, padding=1); d += 64
        s.mlp = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.LayerNorm(64), nn.Dropout(0.3), nn.Linear(64, 1))
    def forward(s, flat, offs, seq):
        x = s.bag(flat, offs)
        if s.conv:
            e = s.wemb(seq).transpose(1, 2)          # [B, 32, T]
            x = torch.cat([x, torch.relu(s.c(e)).max(2).values], 1)
        return s.mlp(x).squeeze(1)
def batch(items, drop=0.0):
    flat, offs, seqs = [], [], []
    for t in items:
        if drop:
            w = t.split(); keep = [x for x in w if random.random() >= drop] or w; t = ' '.join(keep)
        a, b = feats(t); offs.append(len(flat)); flat += a; seqs.append(b)
    T = max(len(s) for s in seqs); T = max(T, 3)
    seq = torch.zeros(len(seqs), T, dtype=torch.long)
    for i, s in enumerate(seqs): seq[i, :len(s)] = torch.tensor(s)
    return torch.tensor(flat), torch.tensor(offs), seq
m = M(mode == 'conv')
dense = [p for n, p in m.named_parameters() if not n.startswith(('bag', 'wemb'))]
opt = torch.optim.AdamW(dense, lr=3e-3, weight_decay=0.01)
eopt = torch.optim.Adagrad([m.bag.weight] + ([m.wemb.weight] if m.conv else []), lr=0.05)
lossf = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(2.0))
for ep in range(4):
    random.shuffle(train); m.train()
    for i in range(0, len(train), 128):
        bt = train[i:i + 128]
        f, o, s = batch([t for t, _, _ in bt], 0.3)
        y = torch.tensor([y for _, y, _ in bt])
        loss = lossf(m(f, o, s), y); opt.zero_grad(); eopt.zero_grad(); loss.backward(); opt.step(); eopt.step()
m.eval()
def score(texts):
    out = []
    with torch.no_grad():
        for i in range(0, len(texts), 512):
            out += torch.sigmoid(m(*batch(texts[i:i + 512]))).tolist()
    return np.array(out)
def auc(pos, neg):
    a = np.concatenate([pos, neg]); r = a.argsort().argsort() + 1
    return (r[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))
cs = score([t for t, _, _ in cal]); cy = np.array([y for _, y, _ in cal])
thr = np.sort(cs[cy == 1])[int(0.03 * (cy == 1).sum())]  # recall 0.97 on calibration
hs = score([t for t, _, _ in held]); hy = np.array([y for _, y, _ in held])
res = {'split': split, 'mode': mode, 'seed': seed, 'thr': round(float(thr), 4),
       'held_auc': round(float(auc(hs[hy == 1], hs[hy == 0])), 4) if (hy == 1).any() and (hy == 0).any() else None,
       'held_recall': round(float((hs[hy == 1] >= thr).mean()), 3) if (hy == 1).any() else None,
       'held_fpr': round(float((hs[hy == 0] >= thr).mean()), 3) if (hy == 0).any() else None}
allp = []
for k, v in sorted(probes.items()):
    ps = score(v); res['p_' + k] = round(float((ps >= thr).mean()), 3); allp += list(ps)
res['probes_flag'] = round(float((np.array(allp) >= thr).mean()), 3)
if (hy == 1).any(): res['auc_held_risky_vs_probes'] = round(float(auc(hs[hy == 1], np.array(allp))), 4)
print(json.dumps(res)); sys.stdout.flush()
