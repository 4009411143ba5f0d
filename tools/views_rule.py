"""The figures of the views rule in nbs/experiments/robustness.ipynb (validation only; test is never read).

    python tools/views_rule.py OUT PATIENT_RUN[,RUN...] HELDOUT_RUN[,RUN...] DATA FULLRES [after]

PATIENT_RUN: the shipped model's `train` run (model/, valid_predictions.csv); HELDOUT_RUN: the held-out-group run
(`--hold_out '^NORMAL2-'`), read through the 112 px low-pass; DATA: the dataset at 224 px; FULLRES: the 120 originals.
Each image under each shift is predicted once per view (through `predict_files`' `perturb`: the shift, then the
view, then the model's low-pass), so the baseline (the image alone) and the candidate (the mean of the four views)
come from one pass (with several runs, of one split each, the candidate averages their views' means too; the
baseline is the first run alone), each at its own threshold chosen on its validation (sensitivity >= 0.95). With `after`, each view
is made from the 112 px low-passed image (the shift, the low-pass, the view; the model's own low-pass then leaves
the 112 px image as it is). Writes
OUT/robustness_views.csv (rows as robustness_ensemble.csv) and each run's per-view probabilities, OUT/raw/K/raw_*.csv
(kept: a second call reuses them). ~25 min
on 2 CPU cores.
"""
import sys, numpy as np, pandas as pd, torch
from pathlib import Path
from pneumo_nbdev.predict import predict_files, view_fn
from pneumo_nbdev.models import load_model
from pneumo_nbdev.interpret import SHIFTS, GOAL_SHIFTS, READS, original_pairs, read_original
from pneumo_nbdev.metrics import choose_threshold, binary_metrics
from pneumo_nbdev.augment import box_lowpass
torch.set_num_threads(2)
VIEWS = {'id': None, 'J60': view_fn('jpeg60'), 'L0.6': view_fn('res0.6'), 'J60L0.6': view_fn('res0.6+jpeg60')} # as the run used them
def comp(sh, v):
    if AFTER and v is not None: # the view of the low-passed image; the model's low-pass (a box resize to the same size) leaves it as it is
        return lambda im: v(box_lowpass((sh(im) if sh else im).convert('RGB'), 112))
    if sh is None: return v
    if v is None: return sh
    return lambda im: v(sh(im))
def probs(mc, files, sh=None):
    return {vn: predict_files(mc, files, progress=False, perturb=comp(sh, v)).prob_pneumonia.values for vn,v in VIEWS.items()}
if len(sys.argv) not in (6, 7) or sys.argv[6:] not in ([], ['after']): raise SystemExit(__doc__.split('\n\n')[1])
AFTER = sys.argv[6:] == ['after']
O,full,fullres = Path(sys.argv[1]),Path(sys.argv[4]),Path(sys.argv[5]); O.mkdir(parents=True, exist_ok=True); rows = []
PATS,HELDS = ([Path(r) for r in a.split(',')] for a in sys.argv[2:4])
if len(PATS) != len(HELDS): raise SystemExit("give as many held-out-group runs as patient-grouped ones")
cand = ('views after the low-pass' if AFTER else 'views') + (f', {len(PATS)} networks averaged' if len(PATS) > 1 else '')
def arm_rows(split, run, v, raws, shifts, origs=None): # origs: the runs' tables of the 120 originals (patient-grouped only)
    y = v.label.values; names = v.path.map(lambda s: Path(s).name); normal = y == 0
    n2,im = normal & names.str.startswith('NORMAL2-').values, normal & ~names.str.startswith('NORMAL2-').values
    for arm,n,vs in (('baseline', 1, ['id']), (cand, len(raws), list(VIEWS))): # the baseline: the first run alone
        P = lambda sh, ts=raws: np.mean([t[f"{sh}|{k}"].values for t in ts[:n] for k in vs], 0)
        p0 = P('as stored'); thr = choose_threshold(y, p0, 0.95); r = binary_metrics(y, p0, thr)
        rows.append(dict(split=split, arm=arm, run=run, shift='as stored', n=len(y), threshold=thr, roc_auc=r['roc_auc'], sensitivity=r['sensitivity'],
                         specificity=r['specificity'], spec_NORMAL2=float((p0[n2]<thr).mean()) if n2.any() else np.nan, n_NORMAL2=int(n2.sum()),
                         spec_IM=float((p0[im]<thr).mean()), same_label=1., mean_abs_dp=0.))
        for sh in shifts:
            p = P(sh); r = binary_metrics(y, p, thr); dp = np.abs(p-p0)
            rows.append(dict(split=split, arm=arm, run=run, shift=sh, n=len(y), threshold=thr, roc_auc=r['roc_auc'], sensitivity=r['sensitivity'],
                             specificity=r['specificity'], same_label=((p>=thr)==(p0>=thr)).mean(), mean_abs_dp=dp.mean(), max_abs_dp=dp.max()))
        if origs is not None:  # the originals, at this arm's threshold
            for f in READS:
                po,pc = P(f'orig {f}', origs), P('orig copies', origs); dp = np.abs(po-pc)
                rows.append(dict(split=split, arm=arm, run=run, shift=f'originals: {f}', threshold=thr, same_label=((po>=thr)==(pc>=thr)).mean(), mean_abs_dp=dp.mean(), max_abs_dp=dp.max()))
def table(d:dict, **cols)->pd.DataFrame: return pd.DataFrame({f'{a}|{b}': p for (a,b),p in d.items()}).assign(**cols)
try: orig,cop = original_pairs(fullres, full, every=True)
except FileNotFoundError as e: raise SystemExit(f"views_rule: {e}")
rawp,rawo,rawh = [],[],[]
for k,(PAT,HELD) in enumerate(zip(PATS, HELDS)):
    R = O/'raw'/str(k); R.mkdir(parents=True, exist_ok=True)
    vh = pd.read_csv(HELD/'valid_predictions.csv'); v = pd.read_csv(PAT/'valid_predictions.csv')
    if k and not (vh.path.equals(pd.read_csv(HELDS[0]/'valid_predictions.csv').path) and v.path.equals(pd.read_csv(PATS[0]/'valid_predictions.csv').path)):
        raise SystemExit(f"{PAT} or {HELD}: not the validation images of the first runs")
    if not (R/'raw_heldout.csv').exists(): # the held-out-group run, through the 112 px low-pass
        m,cfg = load_model(HELD/'model'); cfg = {**cfg, 'lowpass': 112}
        table({('as stored', j): p for j,p in probs((m,cfg), [Path(f) for f in vh.path]).items()}, path=vh.path, label=vh.label).to_csv(R/'raw_heldout.csv', index=False)
    print(k, 'held-out done', flush=True)
    if not (R/'raw_patient.csv').exists():
        m,cfg = load_model(PAT/'model'); files = [Path(f) for f in v.path]; raw = {}
        for sh in ['as stored'] + GOAL_SHIFTS:
            raw.update({(sh, j): p for j,p in probs((m,cfg), files, SHIFTS.get(sh)).items()}); print(k, sh, flush=True)
        raw.update({('orig copies', j): p for j,p in probs((m,cfg), cop).items()})
        for f in READS:
            c,pert = read_original(cfg, f)
            raw.update({(f'orig {f}', j): p for j,p in probs((m, c), orig, pert).items()})
        table({a: p for a,p in raw.items() if a[0].startswith('orig')}).to_csv(R/'raw_originals.csv', index=False)
        table({a: p for a,p in raw.items() if not a[0].startswith('orig')}, path=v.path, label=v.label).to_csv(R/'raw_patient.csv', index=False)
    print(k, 'patient-grouped and originals done', flush=True)
    rawp.append(pd.read_csv(R/'raw_patient.csv')); rawo.append(pd.read_csv(R/'raw_originals.csv')); rawh.append(pd.read_csv(R/'raw_heldout.csv'))
name = lambda r: r.parent.name if r.name == 'run' else r.name
arm_rows('patient-grouped', '+'.join(map(name, PATS)), pd.read_csv(PATS[0]/'valid_predictions.csv'), rawp, GOAL_SHIFTS, rawo)
arm_rows('held-out-group', '+'.join(map(name, HELDS)), pd.read_csv(HELDS[0]/'valid_predictions.csv'), rawh, [])
df = pd.DataFrame(rows); df.to_csv(O/'robustness_views.csv', index=False)
print(df.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
