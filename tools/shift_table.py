"""`shift_check` of a model on one official split (`train`, `val` or `test`: see `split_files`) of a Kaggle-layout dataset, under the eight shifts of issue 23's consistency goal, as a CSV.

    python tools/shift_table.py pneumo_nbdev/weights/cpu ../shared/data/chest_xray test results/shifts_test.csv

Same label and mean |dp| (how far p(PNEUMONIA) moves from the image as stored) need no labels; ROC-AUC, sensitivity
and specificity at the model's threshold use the folder names, as `shift_check` does. The CSV names the model and its
threshold. OUT must not exist. (Kaggle's `val` is its 16-image folder, not `train`'s patient-grouped validation.)
"""
import sys
from pathlib import Path
from pneumo_nbdev.data import split_files, UsageError
from pneumo_nbdev.interpret import SHIFTS, GOAL_SHIFTS, shift_check
from pneumo_nbdev.models import load_model

def main(model, data, split, out):
    out = Path(out)
    if out.exists(): raise SystemExit(f"{out} exists: choose another file (nothing is overwritten)")
    m,cfg = load_model(model)  # once: shift_check takes the pair
    files = split_files(data, split)
    if not files: raise SystemExit(f"{data}: no images in an official split named {split!r} (expected {Path(data)/split}/NORMAL and /PNEUMONIA)")
    df = shift_check((m,cfg), files, shifts={k:SHIFTS[k] for k in GOAL_SHIFTS})
    df.insert(0, 'n', len(files)); df.index.name = 'shift'
    df['threshold'],df['model'] = cfg['threshold'],str(model)
    out.parent.mkdir(parents=True, exist_ok=True); df.to_csv(out)
    print(df.round(4).to_string())

if __name__ == '__main__':
    if len(sys.argv) != 5: raise SystemExit(__doc__.split('\n\n')[1])
    try: main(*sys.argv[1:5])
    except (UsageError, FileNotFoundError, ValueError) as e: raise SystemExit(f"shift_table: {e}")
