"""The validation figures that the robustness rules decide on, for finished `train` runs (test is never read).

    python tools/rule_figures.py OUT.csv RUN [RUN ...] [--originals FULLRES DATA]

For each RUN (a folder of `pneumo_train`): from its `valid_predictions.csv` and its model's threshold (chosen by `train`
on those predictions, through the model's low-pass if it has one), the validation ROC-AUC, sensitivity and
specificity, and the specificity of the `NORMAL2-` normals and of the other (`IM-`) normals; and, for a run of the
patient-grouped split, `shift_check` on the eight shifts of the rules in nbs/experiments/robustness.ipynb (the seven
pipeline shifts and half the resolution): how many images keep their label, and the mean |Δp|. One row per run and
shift in OUT.csv (the row 'as stored' carries the first set), each with the mean p of the normals
(`mean_p_normal`: how far a shift pushes them toward pneumonia). With `--originals FULLRES DATA`, a patient-grouped run
also gets the 120 originals of FULLRES against their copies in DATA (the dataset at 224 px) at its threshold: through
the copy form, and straight to the model's size with each of five filters (rows 'originals: ...'). The model runs on the GPU when there is one. Each
shift is measured against `shift_check`'s own pass over the images as stored, which on a CPU equals the saved
predictions; on a GPU, before predictions ran without TF32 (`no_tf32`), the two differed slightly (2026-12-04's runs).
"""
import os, sys
from pathlib import Path
import numpy as np, pandas as pd, torch
from pneumo_nbdev.models import load_model
from pneumo_nbdev.metrics import binary_metrics
from pneumo_nbdev.predict import predict_files
from pneumo_nbdev.interpret import SHIFTS, GOAL_SHIFTS, READS, shift_check, original_pairs, read_original


def original_rows(m, cfg, pairs, base)->list: # the originals against their copies, at the model's threshold
    orig,cop = pairs; thr = cfg['threshold']; pc = predict_files((m, cfg), cop, progress=False).prob_pneumonia.values; rows = []
    for f in READS: # the copy form rebuilds the copies; otherwise straight to the model's size with filter f
        c,pert = read_original(cfg, f)
        po = predict_files((m, c), orig, progress=False, perturb=pert).prob_pneumonia.values
        dp = np.abs(po-pc); rows.append(dict(base, shift=f'originals: {f}', n=len(orig), same_label=float(((po>=thr)==(pc>=thr)).mean()), mean_abs_dp=dp.mean(), max_abs_dp=dp.max()))
    return rows

def run_rows(run:Path, pairs=None)->list:
    "The rows of one run: 'as stored' from its saved validation predictions, then each shift and `pairs`' originals (patient-grouped split only)."
    m,cfg = load_model(run/'model')
    v = pd.read_csv(run/'valid_predictions.csv'); y,p,thr = v.label.values,v.prob_pneumonia.values,cfg['threshold']
    names = v.path.map(lambda s: Path(s).name); normal = y == 0
    n2,im = normal & names.str.startswith('NORMAL2-').values,normal & ~names.str.startswith('NORMAL2-').values
    r = binary_metrics(y, p, thr)
    base = dict(run=run.parent.name if run.name == 'run' else run.name, hold_out=cfg.get('hold_out') or '', lowpass=cfg.get('lowpass') or 0, n=len(v), threshold=thr)
    rows = [dict(base, shift='as stored', roc_auc=r['roc_auc'], sensitivity=r['sensitivity'], specificity=r['specificity'],
                 spec_NORMAL2=float((p[n2] < thr).mean()) if n2.any() else np.nan, n_NORMAL2=int(n2.sum()),
                 spec_IM=float((p[im] < thr).mean()), mean_p_normal=float(p[normal].mean()), same_label=1., mean_abs_dp=0.)]
    if cfg.get('hold_out'): return rows
    if torch.cuda.is_available(): m = m.cuda()
    sc = shift_check((m, cfg), [Path(f) for f in v.path], {k: SHIFTS[k] for k in GOAL_SHIFTS}, num_workers=min(8, os.cpu_count()))
    return rows + [dict(base, shift=k, roc_auc=sc.roc_auc[k], sensitivity=sc.sensitivity[k], specificity=sc.specificity[k],
                        mean_p_normal=sc.mean_p_normal[k], same_label=sc.same_label[k], mean_abs_dp=sc.mean_abs_dp[k]) for k in GOAL_SHIFTS] + (
                   original_rows(m, cfg, pairs, base) if pairs else [])

def main(out=None, *runs):
    if '--originals' in runs:
        i = runs.index('--originals')
        if len(runs) != i+3: raise SystemExit("--originals FULLRES DATA: give both folders, after the runs")
        (fullres,full),runs = map(Path, runs[i+1:]),runs[:i]
        if not fullres.is_dir() or not full.is_dir(): raise SystemExit(f"--originals {fullres} {full}: no such folder")
    else: fullres = None
    if not runs: raise SystemExit(__doc__.strip().splitlines()[2].strip())
    if Path(out).suffix != '.csv' or Path(out).exists(): raise SystemExit(f"{out}: give a new .csv file (nothing is overwritten)")
    if (bad := [r for r in runs if not (Path(r)/'valid_predictions.csv').exists()]): raise SystemExit(f"{bad[0]}: not a finished train run (no valid_predictions.csv)")
    try: pairs = original_pairs(fullres, full, every=True) if fullres else None
    except FileNotFoundError as e: raise SystemExit(str(e))
    rows = [row for r in runs for row in run_rows(Path(r), pairs)]
    df = pd.DataFrame(rows); df.to_csv(out, index=False)
    print(df.to_string(index=False, float_format=lambda x: f"{x:.4g}"))

if __name__ == '__main__': main(*sys.argv[1:])
