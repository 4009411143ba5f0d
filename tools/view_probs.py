"""Per-view p(PNEUMONIA) of a model under the eight goal shifts, one column per (shift, view), for the fifth-view rule
in nbs/experiments/robustness.ipynb. Test is never read.

    python tools/view_probs.py MODEL DATA FULLRES VIEWS {pilot,valid,heldout} OUT.csv

MODEL: a model folder (the shipped pair: pneumo_nbdev/weights/cpu); DATA: the dataset at 224 px; FULLRES: the 120
originals; VIEWS: view names joined by commas (see `view_fn`), each made after the model's low-pass, as the model's
own `views` are. `pilot`: 300 images of the seed-42 patient split's *training* images, drawn with seed 0; `valid`: the
split's 746 validation images, then the 120 originals (their copies; through the copy form; straight to the model's
size with each of five filters), written beside OUT as OUT_originals.csv. Each image is decoded and low-passed once
per shift for all the views. Rows: path, label, then `SHIFT|VIEW` columns (`as stored` first; for the originals,
`originals F|VIEW`). `heldout`: the validation images of the held-out-group split (seed 42, `hold_out='^NORMAL2-'`),
as stored only, for a model of that split. OUT (and with `valid`, OUT_originals.csv) must not exist. ~7 min per 100 images and 6 views for a pair
on 2 CPU cores.
"""
import sys, numpy as np, pandas as pd, torch
from pathlib import Path
from pneumo_nbdev.data import make_splits, UsageError
from pneumo_nbdev.models import load_model
from pneumo_nbdev.predict import predict_probs, view_names
from pneumo_nbdev.interpret import SHIFTS, GOAL_SHIFTS, READS, original_pairs, read_original

def view_probs(m, cfg, files, views, perturb=None)->np.ndarray: # (len(files), len(views))
    p,err = predict_probs(m, {**cfg, 'views': views}, files, bs=16, num_workers=2,
                          progress=False, perturb=perturb, per_view=True)
    if any(err): raise ValueError(f"cannot read: {[e for e in err if e]}")
    return p

def main(model, data, fullres, views, which, out):
    out,views = Path(out),view_names(views)
    if not views: raise SystemExit("VIEWS is empty: give view names joined by commas, such as image,jpeg60")
    if which not in ('pilot', 'valid', 'heldout'): raise SystemExit(f"{which!r}: give pilot, valid or heldout")
    oout = out.with_name(out.stem + '_originals.csv')
    if out.exists() or (which == 'valid' and oout.exists()): raise SystemExit(f"{out if out.exists() else oout} exists: choose another file (nothing is overwritten)")
    if which == 'valid':  # checked before the long pass
        orig,cop = original_pairs(fullres, data, every=True)
        if len(orig) != 120: raise SystemExit(f"{fullres}: expected the 120 originals, found {len(orig)}")
    m,cfg = load_model(model); torch.set_num_threads(2)
    sp = make_splits(data, seed=42, hold_out='^NORMAL2-' if which == 'heldout' else None)
    df = sp[sp.split == 'train'].sample(300, random_state=0) if which == 'pilot' else sp[sp.split == 'valid']
    files,cols = [Path(f) for f in df.path],{}
    for sh in ['as stored'] + (GOAL_SHIFTS if which != 'heldout' else []):
        p = view_probs(m, cfg, files, views, SHIFTS.get(sh))
        cols.update({f'{sh}|{v}': p[:, j] for j,v in enumerate(views)}); print(sh, flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(dict(path=df.path.values, label=(df.label == cfg['vocab'][1]).astype(int).values, **cols)).to_csv(out, index=False, float_format='%.6g')
    if which == 'valid':
        oc = {}
        for f in ('copies', *READS):
            c,pert = read_original(cfg, 'copy form' if f == 'copies' else f)
            p = view_probs(m, c, cop if f == 'copies' else orig, views, pert)
            oc.update({f'originals {f}|{v}': p[:, j] for j,v in enumerate(views)}); print('originals', f, flush=True)
        pd.DataFrame(dict(path=[str(x) for x in orig], label=[int(x.parent.name == cfg['vocab'][1]) for x in orig], **oc)).to_csv(oout, index=False, float_format='%.6g')

if __name__ == '__main__':
    if len(sys.argv) != 7: raise SystemExit(__doc__.split('\n\n')[1])
    try: main(*sys.argv[1:])
    except (UsageError, FileNotFoundError, ValueError) as e: raise SystemExit(f"view_probs: {e}")
