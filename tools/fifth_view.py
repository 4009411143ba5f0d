"""The figures of the fifth-view rule in nbs/experiments/robustness.ipynb, from `tools/view_probs.py`'s tables.

    python tools/fifth_view.py pilot PILOT.csv OUT.csv
    python tools/fifth_view.py valid VALID.csv VIEWS OUT.csv [HELDOUT.csv]

`pilot`: each set (the four views of the shipped model, and the four plus `res0.4`, plus `jpeg40`, plus both) on the
pilot's training images, ranked by the rule's keys; prints the set chosen. `valid`: the baseline (the four) and the
candidate (VIEWS, names joined by commas) on the validation images and the 120 originals (VALID_originals.csv beside
VALID), and with HELDOUT.csv (the held-out-group split's table, `as stored` only) there too; prints parts 1-4.
Each arm's threshold is chosen on the images of its table, as `train` chooses one (sensitivity >= 0.95). OUT must
not exist.
"""
import sys, numpy as np, pandas as pd
from pathlib import Path
from pneumo_nbdev.metrics import choose_threshold, binary_metrics
from pneumo_nbdev.interpret import GOAL_SHIFTS, meets_goal
from pneumo_nbdev.predict import view_names

FOUR = ['image', 'jpeg60', 'res0.6', 'res0.6+jpeg60']  # the shipped model's views
PILOT_SETS = [FOUR, FOUR + ['res0.4'], FOUR + ['jpeg40'], FOUR + ['res0.4', 'jpeg40']]
SEVEN = [k for k in GOAL_SHIFTS if k != 'resolution x0.5']
FILTERS = ['copy form', 'bilinear', 'nearest', 'box', 'bicubic', 'lanczos']

def P(t:pd.DataFrame, sh:str, views:list)->np.ndarray: return t[[f'{sh}|{v}' for v in views]].mean(axis=1).values

def arm(t, views, name, shifts=GOAL_SHIFTS, orig=None)->list:
    "Rows of one arm: as stored (threshold chosen here), each shift, and the originals when given."
    y = t.label.values; p0 = P(t, 'as stored', views); thr = choose_threshold(y, p0, 0.95); r = binary_metrics(y, p0, thr)
    names = t.path.map(lambda s: Path(s).name); normal = y == 0; n2 = normal & names.str.startswith('NORMAL2-').values
    rows = [dict(arm=name, views=','.join(views), shift='as stored', n=len(y), threshold=thr, roc_auc=r['roc_auc'], sensitivity=r['sensitivity'],
                 specificity=r['specificity'], spec_NORMAL2=float((p0[n2] < thr).mean()) if n2.any() else np.nan, n_NORMAL2=int(n2.sum()),
                 same_label=1., changed=0, mean_abs_dp=0.)]
    for sh in shifts:
        p = P(t, sh, views); dp = np.abs(p - p0); same = (p >= thr) == (p0 >= thr)
        rows.append(dict(arm=name, views=','.join(views), shift=sh, n=len(y), threshold=thr, same_label=same.mean(), changed=int((~same).sum()),
                         mean_abs_dp=dp.mean(), max_abs_dp=dp.max()))
    for f in (FILTERS if orig is not None else []):  # each original against its copy, at this arm's threshold
        po,pc = P(orig, f'originals {f}', views),P(orig, 'originals copies', views); dp = np.abs(po - pc); same = (po >= thr) == (pc >= thr)
        rows.append(dict(arm=name, views=','.join(views), shift=f'originals: {f}', n=len(po), threshold=thr, same_label=same.mean(),
                         changed=int((~same).sum()), mean_abs_dp=dp.mean(), max_abs_dp=dp.max()))
    return rows

def keys(df:pd.DataFrame)->tuple:  # the pilot's ranking: most shifts meeting the goal, fewest changed calls, lowest mean |dp|
    s = df.set_index('shift').loc[GOAL_SHIFTS]
    return (-int(meets_goal(s).sum()), int(s.changed.sum()), float(s.mean_abs_dp.mean()))

def pilot(t):
    df = pd.DataFrame([r for vs in PILOT_SETS for r in arm(t, vs, 'four' if vs == FOUR else 'four + ' + ', '.join(vs[4:]))])
    ks = {a: keys(g) for a,g in df.groupby('arm', sort=False)}
    for a,k in ks.items(): print(f"{a:<24} shifts meeting the goal {-k[0]}, changed calls {k[1]}, mean |dp| over the eight {k[2]:.4f}")
    best = min((a for a in ks if a != 'four'), key=lambda a: ks[a])
    won = ks[best][:2] < ks['four'][:2]
    print(f"chosen: {best}" if won else f"no set beats the four on the first two keys (best: {best}): the lever lost on the pilot")
    return df

def valid(t, orig, views, held=None):
    rows = arm(t, FOUR, 'baseline', orig=orig) + arm(t, views, 'candidate', orig=orig)
    if held is not None: rows += [dict(r, split='held-out-group') for vs,a in ((FOUR, 'baseline'), (views, 'candidate')) for r in arm(held, vs, a, shifts=[])]
    df = pd.DataFrame(rows); df['split'] = df.get('split', pd.Series(index=df.index, dtype=object)).fillna('patient-grouped')
    g = {a: d.set_index('shift') for a,d in df[df.split == 'patient-grouped'].groupby('arm')}
    b,c = g['baseline'],g['candidate']
    parts = {1: c.roc_auc['as stored'] >= b.roc_auc['as stored'] - 0.005,
             2: bool(meets_goal(c.loc[GOAL_SHIFTS]).all()) and c.mean_abs_dp[SEVEN].mean() <= b.mean_abs_dp[SEVEN].mean(),
             3: bool(meets_goal(c.loc[[f'originals: {f}' for f in FILTERS]]).all())}
    print(f"1. ROC-AUC {c.roc_auc['as stored']:.4f} against {b.roc_auc['as stored']:.4f} - 0.005: {parts[1]}")
    print(f"2. shifts meeting the goal {int(meets_goal(c.loc[GOAL_SHIFTS]).sum())} (baseline {int(meets_goal(b.loc[GOAL_SHIFTS]).sum())}),"
          f" mean |dp| over the seven {c.mean_abs_dp[SEVEN].mean():.4f} (baseline {b.mean_abs_dp[SEVEN].mean():.4f}): {parts[2]}")
    print(f"3. originals meeting the goal {int(meets_goal(c.loc[[f'originals: {f}' for f in FILTERS]]).sum())} of 6: {parts[3]}")
    if held is not None:
        h = {a: d.set_index('shift').loc['as stored'] for a,d in df[df.split == 'held-out-group'].groupby('arm')}
        parts[4] = h['candidate'].roc_auc >= h['baseline'].roc_auc - 0.005 and h['candidate'].spec_NORMAL2 >= h['baseline'].spec_NORMAL2 - 0.02
        print(f"4. held-out-group ROC-AUC {h['candidate'].roc_auc:.4f} (baseline {h['baseline'].roc_auc:.4f}), NORMAL2- specificity"
              f" {h['candidate'].spec_NORMAL2:.4f} (baseline {h['baseline'].spec_NORMAL2:.4f}): {parts[4]}")
    print('all hold' if all(parts.values()) and 4 in parts else 'parts 1-3 hold; part 4 is still to run' if all(parts.values()) else 'the candidate lost')
    return df

def main(argv):
    if len(argv) < 3 or argv[0] not in ('pilot', 'valid') or (argv[0] == 'pilot' and len(argv) != 3) or (argv[0] == 'valid' and len(argv) not in (4, 5)):
        raise SystemExit(__doc__.split('\n\n')[1])
    out = Path(argv[-1] if argv[0] == 'pilot' else argv[3])
    if out.exists(): raise SystemExit(f"{out} exists: choose another file (nothing is overwritten)")
    t = pd.read_csv(argv[1])
    if not {'path', 'label'} <= set(t.columns): raise SystemExit(f"{argv[1]}: not a table of tools/view_probs.py (no path and label columns)")
    if argv[0] == 'pilot': df = pilot(t)
    else:
        o = Path(argv[1]); df = valid(t, pd.read_csv(o.with_name(o.stem + '_originals.csv')), view_names(argv[2]), pd.read_csv(argv[4]) if len(argv) == 5 else None)
    out.parent.mkdir(parents=True, exist_ok=True); df.to_csv(out, index=False)
    print(df.drop(columns=['views']).to_string(index=False, float_format=lambda x: f"{x:.4g}"))

if __name__ == '__main__':
    try: main(sys.argv[1:])
    except (FileNotFoundError, KeyError, ValueError) as e: raise SystemExit(f"fifth_view: {e}")
