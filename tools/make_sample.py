"""Rebuild the sample bundled in `pneumo_nbdev/sample` (and `pneumo_nbdev/sample_more`) from the full dataset.

    python tools/make_sample.py ../shared/data/chest_xray pneumo_nbdev/sample [pneumo_nbdev/sample_more]

Whole patients are taken from `train/` (so patient-grouped splits can be shown on the
sample), all 16 images of the official `val/`, and a class-balanced-as-the-original draw
of `test/`. File names are kept; images are downsized to 128 px JPEGs.

With a third folder, more whole training patients are drawn (a second seed) until the training images number
at least 400 NORMAL and 500 PNEUMONIA with the sample's own, and written there in the class layout
(`NORMAL/`, `PNEUMONIA/`): `pneumo_demo` adds them to the sample's `train/` (`make_splits(..., more=...)`).
They share no patient key with the sample's `val/` or test draw, and the two sample training patients whose key
a test patient also has (`person94`, `person141`: Kermany numbers `test/` apart) are not counted towards the 900.
"""
import random, re, sys, collections
from pathlib import Path
from PIL import Image

SIZE, SEED, MORE_SEED = 128, 42, 1
N_TRAIN = {'NORMAL': 100, 'PNEUMONIA': 120}  # at least this many images per class
N_TEST = {'NORMAL': 45, 'PNEUMONIA': 75}      # the official test split is 37.5% NORMAL
N_MORE = {'NORMAL': 400, 'PNEUMONIA': 500}    # training images per class with sample_more

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

def write(fns, src, dst, rel=lambda fn,src: fn.relative_to(src)):
    for fn in fns:
        out = dst/rel(fn, src)
        out.parent.mkdir(parents=True, exist_ok=True)
        Image.open(fn).convert('L').resize((SIZE, SIZE), Image.BILINEAR).save(out, quality=90)

def more_patients(src, train, held, n=N_MORE):
    "Whole training patients in neither the sample's train/ nor its held-out splits, up to `n` images per class."
    keys, rng, more = {patient(f) for f in held}, random.Random(MORE_SEED), []
    for c in ('NORMAL', 'PNEUMONIA'):
        own = [f for f in train[c] if patient(f) not in keys]
        taken = {patient(f) for f in own} | keys
        rest = [f for f in sorted((src/'train'/c).glob('*.jpeg')) if patient(f) not in taken]
        more += pick_patients(rest, n[c]-len(own), rng)
    assert not {patient(f) for f in more} & (keys | {patient(f) for c in train for f in train[c]})
    return more

def main(src, dst, more_dst=None):
    src, dst, rng = Path(src), Path(dst), random.Random(SEED)
    train, held = {}, []
    for c in ('NORMAL', 'PNEUMONIA'):
        train[c] = pick_patients(sorted((src/'train'/c).glob('*.jpeg')), N_TRAIN[c], rng)
        held += sorted((src/'val'/c).glob('*.jpeg'))
        held += rng.sample(sorted((src/'test'/c).glob('*.jpeg')), N_TEST[c])
    chosen = train['NORMAL'] + train['PNEUMONIA'] + held
    write(chosen, src, dst)
    print(f'{len(chosen)} images written to {dst}')
    if more_dst is None: return
    more = more_patients(src, train, held)
    write(more, src, Path(more_dst), rel=lambda fn,src: Path(fn.parent.name)/fn.name)
    print(f'{len(more)} more training images written to {more_dst}')

if __name__ == '__main__': main(*sys.argv[1:4])
