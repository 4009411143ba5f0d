"""A fourth stage after a finished cpu-recipe run (the consistency rule in nbs/experiments/robustness.ipynb):
    python tools/stage4.py OUT SRC_RUN WEIGHTS CONSISTENCY [HOLD_OUT]   # THREADS=1 to share the CPU with another run

Builds OUT/checkpoint.pth as if the run's three stages had just ended (its weights, a fresh optimizer, the random
state of set_seed(42)), with a fourth stage in its recipe, then resumes it with `train`, which fits stage 4 and
chooses the thresholds through the recipe's 112 px low-pass."""
import os, sys, time, torch
from pathlib import Path
from dataclasses import asdict
import pandas as pd
from fastai.vision.all import set_seed
from pneumo_nbdev.train import *
from pneumo_nbdev.train import _dls_for, _stage_input, _rng_state, _plain
from pneumo_nbdev.models import load_model, xray_learner

out,src,weights,cons = Path(sys.argv[1]),Path(sys.argv[2]),Path(sys.argv[3]),float(sys.argv[4])
hold_out = sys.argv[5] if len(sys.argv) > 5 else None
torch.set_num_threads(int(os.environ.get('THREADS', os.cpu_count())))
r = make_recipe('cpu', hold_out=hold_out)
stage = dict(n=1, lr=(4e-5, 2e-4), frozen=False)
if cons: stage['consistency'] = cons
r.stages = r.stages + [stage]
out.mkdir(parents=True)
splits = pd.read_csv(src/'splits.csv'); splits.to_csv(out/'splits.csv', index=False)
set_seed(r.train_seed, reproducible=True)
learn = xray_learner(_dls_for(r, splits, *_stage_input(r, 2)), r.arch, pretrained=False, weighted=r.weighted, path=out)
m,cfg = load_model(weights); learn.model.load_state_dict(m.state_dict()); learn.unfreeze()
assert cfg['seed'] == 42 and cfg.get('hold_out') == hold_out, cfg
ck = dict(stage=2, epoch=2, meta=asdict(r), model=learn.model.state_dict(), opt=_plain(learn.opt.state_dict()), rng=_rng_state(learn), values=[])
torch.save(ck, out/'checkpoint.pth')
t = time.time()
learn = train(None, out=out, resume=True)
print(f"{out}: stage 4 (consistency {cons}) and thresholds in {time.time()-t:.0f} s; threshold {learn.threshold:.4g}")
