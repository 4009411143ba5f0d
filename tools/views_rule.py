"""The figures of the views rule in nbs/experiments/robustness.ipynb (validation only; test is never read).

    python tools/views_rule.py OUT PATIENT_RUN HELDOUT_RUN DATA FULLRES

PATIENT_RUN: the shipped model's `train` run (model/, valid_predictions.csv); HELDOUT_RUN: the held-out-group run
(`--hold_out '^NORMAL2-'`), read through the 112 px low-pass; DATA: the dataset at 224 px; FULLRES: the 120 originals.
Each image under each shift is predicted once per view (through `predict_files`' `perturb`: the shift, then the
view, then the model's low-pass), so the baseline (the image alone) and the candidate (the mean of the four views)
come from one pass, each at its own threshold chosen on its validation (sensitivity >= 0.95). Writes
OUT/robustness_views.csv (rows as robustness_ensemble.csv) and the per-view probabilities, OUT/raw_*.csv. ~25 min
on 2 CPU cores.
"""
import sys, os, numpy as np, pandas as pd, torch
from functools import partial
from pathlib import Path
from PIL import Image
from pneumo_nbdev.predict import predict_files, view_fn
from pneumo_nbdev.models import load_model
from pneumo_nbdev.interpret import SHIFTS
from pneumo_nbdev.metrics import choose_threshold, binary_metrics
from pneumo_nbdev.augment import reencode_jpeg, lower_resolution, RESAMPLE
from pneumo_nbdev.data import image_table
torch.set_num_threads(2)
EIGHT = [k for k in SHIFTS if 'JPEG' in k or 'and back' in k] + ['resolution x0.5']
VIEWS = {'id': None, 'J60': view_fn('jpeg60'), 'L0.6': view_fn('res0.6'), 'J60L0.6': view_fn('res0.6+jpeg60')} # as the run used them
def comp(sh, v):
    if sh is None: return v
    if v is None: return sh
    return lambda im: v(sh(im))
def probs(mc, files, sh=None):
    return {vn: predict_files(mc, files, progress=False, perturb=comp(sh, v)).prob_pneumonia.values for vn,v in VIEWS.items()}
if len(sys.argv) != 6: raise SystemExit(__doc__.split('\n\n')[1])
O,PAT,HELD,full,fullres = map(Path, sys.argv[1:6]); O.mkdir(parents=True, exist_ok=True); rows = []
def arm_rows(split, run, mc, v, raw, shifts):
    y = v.label.values; names = v.path.map(lambda s: Path(s).name); normal = y == 0
    n2,im = normal & names.str.startswith('NORMAL2-').values, normal & ~names.str.startswith('NORMAL2-').values
    for arm,vs in (('baseline', ['id']), ('views', list(VIEWS))):
        P = lambda sh: np.mean([raw[(sh, k)] for k in vs], 0)
        p0 = P('as stored'); thr = choose_threshold(y, p0, 0.95); r = binary_metrics(y, p0, thr)
        rows.append(dict(split=split, arm=arm, run=run, shift='as stored', n=len(y), threshold=thr, roc_auc=r['roc_auc'], sensitivity=r['sensitivity'],
                         specificity=r['specificity'], spec_NORMAL2=float((p0[n2]<thr).mean()) if n2.any() else np.nan, n_NORMAL2=int(n2.sum()),
                         spec_IM=float((p0[im]<thr).mean()), same_label=1., mean_abs_dp=0.))
        for sh in shifts:
            p = P(sh); r = binary_metrics(y, p, thr); dp = np.abs(p-p0)
            rows.append(dict(split=split, arm=arm, run=run, shift=sh, n=len(y), threshold=thr, roc_auc=r['roc_auc'], sensitivity=r['sensitivity'],
                             specificity=r['specificity'], same_label=((p>=thr)==(p0>=thr)).mean(), mean_abs_dp=dp.mean(), max_abs_dp=dp.max()))
        if split == 'patient-grouped':  # the originals, at this arm's threshold
            for f in ('copy form', 'bilinear', 'nearest', 'box', 'bicubic', 'lanczos'):
                po,pc = P(f'orig {f}'), P('orig copies'); dp = np.abs(po-pc)
                rows.append(dict(split=split, arm=arm, run=run, shift=f'originals: {f}', threshold=thr, same_label=((po>=thr)==(pc>=thr)).mean(), mean_abs_dp=dp.mean(), max_abs_dp=dp.max()))
# held-out-group run, through the 112 px low-pass
m,cfg = load_model(HELD/'model'); cfg = {**cfg, 'lowpass': 112}
vh = pd.read_csv(HELD/'valid_predictions.csv'); fh = [Path(f) for f in vh.path]
rawh = {('as stored', k): p for k,p in probs((m,cfg), fh).items()}
pd.DataFrame({f'{a}|{b}': p for (a,b),p in rawh.items()}).assign(path=vh.path, label=vh.label).to_csv(O/'raw_heldout.csv', index=False)
print('held-out done', flush=True)
# patient-grouped: the shipped model's run
m,cfg = load_model(PAT/'model'); S = cfg['size']
v = pd.read_csv(PAT/'valid_predictions.csv'); files = [Path(f) for f in v.path]
raw = {}
for sh in ['as stored'] + EIGHT:
    raw.update({(sh, k): p for k,p in probs((m,cfg), files, SHIFTS.get(sh)).items()}); print(sh, flush=True)
orig = sorted(p for p in fullres.rglob('*') if p.suffix.lower() in ('.jpeg','.jpg'))
index = {Path(p).name: p for p in image_table(full).path}; cop = [Path(index[o.name]) for o in orig]
raw.update({('orig copies', k): p for k,p in probs((m,cfg), cop).items()})
for f in ('copy form', 'bilinear', 'nearest', 'box', 'bicubic', 'lanczos'):
    pert = None if f in ('copy form', 'bilinear') else partial(Image.Image.resize, size=(S,S), resample=RESAMPLE[f])
    raw.update({(f'orig {f}', k): p for k,p in probs((m, cfg if f == 'copy form' else {**cfg, 'copy': None}), orig, pert).items()})
print('originals done', flush=True)
pd.DataFrame({f'{a}|{b}': p for (a,b),p in raw.items() if not a.startswith('orig')}).assign(path=v.path, label=v.label).to_csv(O/'raw_patient.csv', index=False)
pd.DataFrame({f'{a}|{b}': p for (a,b),p in raw.items() if a.startswith('orig')}).to_csv(O/'raw_originals.csv', index=False)
arm_rows('patient-grouped', PAT.parent.name if PAT.name == 'run' else PAT.name, None, v, raw, EIGHT)
arm_rows('held-out-group', HELD.name, None, vh, rawh, [])
df = pd.DataFrame(rows); df.to_csv(O/'robustness_views.csv', index=False)
print(df.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
