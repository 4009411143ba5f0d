"""Give a trained model an input low-pass (`config.json`'s `lowpass`), and views (`views`), with its thresholds re-chosen through them, as a new run.

    python tools/lowpass_model.py pneumo_nbdev/weights/cpu ../shared/data/chest_xray runs/cpu_lowpass 112 78.3 [SPLITS [VIEWS]]
    python tools/ship_model.py runs/cpu_lowpass pneumo_nbdev/weights/cpu   # after moving the old one aside

MODEL is a model folder of `train`'s patient-grouped split. SPLITS is its run's splits.csv; without it the split is
rebuilt with `make_splits(DATA, seed=...)` and its defaults (valid_pct 0.15, no --more), which is right only for a
model trained with them, as the shipped one was (checked: its validation ROC-AUC is reproduced). The new run goes in
OUT/run (model/, splits.csv, valid_predictions.csv), the thresholds chosen on its validation images exactly as
`train` chooses them (sensitivity >= the model's `min_sensitivity`; TTA; adapted for `--adapt`); then
`score_accuracy` scores it as `pneumo_bench accuracy` does (validation shifts; the official test split, once).
MINUTES is the model's training time, for the card. VIEWS, names joined by commas (see `view_fn`), makes each call the
mean over those views of the image (give SPLITS as - to rebuild the split and still pass VIEWS). Nothing is written outside OUT.
"""
import json, shutil, sys
from pathlib import Path
import pandas as pd
from pneumo_nbdev.data import make_splits, UsageError
from pneumo_nbdev.models import load_model
from pneumo_nbdev.predict import view_names
from pneumo_nbdev.train import _model_thresholds
from pneumo_nbdev.bench import score_accuracy

def main(model, data, out, lowpass, minutes, splits=None, views=None):
    model,out,run = Path(model),Path(out),Path(out)/'run'
    if out.exists(): raise SystemExit(f"{out} exists: choose another folder (nothing is overwritten)")
    vs = view_names(views)  # a wrong name stops here, before anything is written
    m,cfg = load_model(model)
    if cfg.get('valid') != 'patient' or cfg.get('hold_out'): raise SystemExit(f"{model}: not a model of the patient-grouped split")
    (run/'model').mkdir(parents=True)
    for f in ('model.safetensors', 'config.json'): shutil.copy(model/f, run/'model'/f)
    if splits and splits != '-': splits = pd.read_csv(splits)
    else: splits = make_splits(data, seed=cfg['seed']); print(f"split rebuilt: make_splits({data}, seed={cfg['seed']}) with its defaults")
    splits.to_csv(run/'splits.csv', index=False)
    cfg = {**cfg, 'lowpass': int(lowpass), **({'views': vs} if vs else {})}
    ms,vf = cfg.get('min_sensitivity', 0.95),[str(p) for p in splits.path[splits.split=='valid']]
    thr,info = _model_thresholds(m, cfg, splits, vf, ms, run/'valid_predictions.csv')  # as `train` chooses them
    cfg.update(threshold=float(thr), **info)
    (run/'model'/'config.json').write_text(json.dumps(cfg, indent=2))
    print(f"{len(vf)} validation images: threshold {thr:.3g} (TTA {cfg['threshold_tta']:.3g}, --adapt {cfg.get('threshold_adapt', float('nan')):.3g})", flush=True)
    print(score_accuracy(data, out, float(minutes), cfg.get('recipe', 'custom'), min_sensitivity=ms).round(4).to_string())

if __name__ == '__main__':
    if len(sys.argv) not in (6, 7, 8): raise SystemExit(__doc__.split('\n\n')[1])
    try: main(*sys.argv[1:8])
    except (UsageError, FileNotFoundError, ValueError) as e: raise SystemExit(f"lowpass_model: {e}")
