"""Rebuild the sample bundled in `pneumo_nbdev/sample` from the full dataset.

    python tools/make_sample.py ../shared/data/chest_xray pneumo_nbdev/sample

Whole patients are taken from `train/` (so patient-grouped splits can be shown on the
sample), all 16 images of the official `val/`, and a class-balanced-as-the-original draw
of `test/`. File names are kept; images are downsized to 128 px JPEGs.
"""
import random, re, sys, collections
from pathlib import Path
from PIL import Image

SIZE, SEED = 128, 42
N_TRAIN = {'NORMAL': 100, 'PNEUMONIA': 120}  # at least this many images per class
N_TEST = {'NORMAL': 45, 'PNEUMONIA': 75}      # the official test split is 37.5% NORMAL

def patient(fn): return re.match(r'(person\d+|(?:NORMAL2-)?IM-\d+)', fn.name).group(1)

def pick_patients(fns, n, rng):
    by_pat = collections.defaultdict(list)
    for fn in fns: by_pat[patient(fn)].append(fn)
    pats = sorted(p for p,v in by_pat.items() if len(v) <= 4)
    rng.shuffle(pats)
    out = []
    for p in pats:
        if len(out) >= n: break
        out += by_pat[p]
    return out

def main(src, dst):
    src, dst, rng = Path(src), Path(dst), random.Random(SEED)
    chosen = []
    for c in ('NORMAL', 'PNEUMONIA'):
        chosen += pick_patients(sorted((src/'train'/c).glob('*.jpeg')), N_TRAIN[c], rng)
        chosen += sorted((src/'val'/c).glob('*.jpeg'))
        chosen += rng.sample(sorted((src/'test'/c).glob('*.jpeg')), N_TEST[c])
    for fn in chosen:
        out = dst/fn.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        Image.open(fn).convert('L').resize((SIZE, SIZE), Image.BILINEAR).save(out, quality=90)
    print(f'{len(chosen)} images written to {dst}')

if __name__ == '__main__': main(*sys.argv[1:3])
