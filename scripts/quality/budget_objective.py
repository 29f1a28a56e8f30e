"""Refit the budget length exponent offline: overall vs within-source objective (docs/quality.md iteration 15).

Usage: budget_objective.py SPLIT NAME      (ROUTE=path to swift-route, default .build/release/swift-route; OUT)

For every model of a draws.sh/run.sh run NAME on SPLIT: routes the calibration and held-out files, divides the
routed p50 by the model's own length factor (raw head p50, up to rounding), refits beta on the calibration split
to the overall Spearman (optionally with the factor floored at 1), and prints the held-out overall and
within-source Spearman of each choice next to the model's own.
"""
import json, os, subprocess, glob, sys
from scipy.stats import spearmanr
import numpy as np
if len(sys.argv) != 3: sys.exit(__doc__)
split=sys.argv[1]; name=sys.argv[2]
OUT=os.environ.get('OUT','runs/quality'); ROUTE=os.environ.get('ROUTE','.build/release/swift-route')
def load(p): return [json.loads(l) for l in open(p)]
cal=[r for r in load(f'{OUT}/{split}/data/calibration.jsonl') if r.get('budget_tokens') is not None]
held=[r for r in load(f'{OUT}/{split}/heldout.jsonl') if r.get('budget_tokens') is not None]
def wc(t): return len(t.split())
TMP=f'/tmp/budget_objective.{os.getpid()}.jsonl'
def route(run, recs):
    with open(TMP,'w') as f:
        for r in recs: f.write(json.dumps({'id':r['id'],'text':r['text']})+'\n')
    out=subprocess.run([ROUTE,'--bundle',run,'--jsonl',TMP],capture_output=True,text=True,check=True).stdout
    return [json.loads(l) for l in out.splitlines()]
def factor(w,beta,ref,lo,hi):
    w=min(max(max(1,w),lo),hi); return (w/ref)**beta
def within(pred, recs):
    groups={}
    for p,r in zip(pred,recs):
        if r['budget_tokens']>0: groups.setdefault(r['source'],[]).append((p,r['budget_tokens']))
    s=n=0
    for g in groups.values():
        if len(g)>=10 and len(set(b for _,b in g))>1:
            c=spearmanr([a for a,_ in g],[b for _,b in g]).correlation
            if c==c: s+=c*len(g); n+=len(g)
    return s/n if n else 0
for run in sorted(d for d in glob.glob(f'{OUT}/{split}/{name}-g*-s*') + glob.glob(f'{OUT}/{split}/{name}-s[0-9]') if not d.endswith('.log')):
    best_ck = json.load(open(f'{run}/checkpoints/best.json'))['checkpoint']  # the checkpoint swift-route loads
    c=json.load(open(f'{run}/checkpoints/{best_ck}/model.json'))['calibration']
    b0,ref,lo,hi=c.get('budgetLengthExponent',0) or 0,c.get('budgetLengthReference',1),c.get('budgetLengthMinWords',1),c.get('budgetLengthMaxWords',1e9)
    def raw_p50(recs):
        return [o['budget_quantiles']['p50']/factor(wc(r['text']),b0,ref,lo,hi) for o,r in zip(route(run,recs),recs)]
    # fit variants on the calibration split, evaluate on the held-out file
    rawc,recc=raw_p50(cal),cal; rawh,rech=raw_p50(held),held
    yc=[r['budget_tokens'] for r in recc]; yh=[r['budget_tokens'] for r in rech]
    def pred(raw,recs,beta,lofloor):
        # lofloor: clamp words below at reference (factor>=1)
        return [p*factor(wc(r['text']),beta,ref,ref if lofloor else lo,hi) for p,r in zip(raw,recs)]
    line=[run.split('/')[-1], f"b0={b0}"]
    cur=spearmanr(pred(rawh,rech,b0,False),yh).correlation
    line.append(f"current held rho={cur:.3f} within={within(pred(rawh,rech,b0,False),rech):.3f}")
    for lofloor in (False,True):
        best=None
        for beta in [0,0.25,0.5,0.75,1,1.25,1.5,2,2.5,3]:
            o=spearmanr(pred(rawc,recc,beta,lofloor),yc).correlation
            if best is None or o>best[1]: best=(beta,o)
        ph=pred(rawh,rech,best[0],lofloor)
        line.append(f"[floor={lofloor} overall-fit beta={best[0]} held rho={spearmanr(ph,yh).correlation:.3f} within={within(ph,rech):.3f}]")
    print(' '.join(line))
os.remove(TMP)
