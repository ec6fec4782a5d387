#!/usr/bin/env bash
# NetGPT personalization on a model made for the task, and the edge stage's latency, in one run (docs/netgpt.md §4).
# Usage: bash bench/netgpt-eval.sh [OUT_DIR]
#   env: EDGEFM_SHARED, EPOCHS=3, LR=3e-3, TRAIN_DEMONSTRATIONS=mixed (aoc|random|mixed), THREADS=2, REQUESTS=200 (0: no bench),
#        SKIP_BUILD=1, SKIP_BASE=1 (no base-model evaluation)
# 1. writes fine-tuning data from the data set's history split (each prompt with AoC-selected and random
#    demonstrations alternately: the adapter learns to use what its context shows, not what AoC tends to show),
# 2. fine-tunes a LoRA adapter for stories260K on it (seeded: the same adapter every run),
# 3. evaluates the base model and the base + adapter on the 90 held-out requests (none / random / AoC / oracle),
# 4. times the edge stage (base model) against a plain generation of the same token counts in the same process.
# About 85 CPU seconds of fine-tuning (5 minutes wall-clock on the shared 2-core machine) plus about a minute of evaluation; the adapter (190 KB) stays in OUT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${EDGEFM_SHARED:-../shared}
model=$shared/models/stories260K.gguf
out=${1:-$(mktemp -d)}
mkdir -p "$out"
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/EdgeFM.Cli -c Release -v q -nologo
edgefm() { dotnet src/EdgeFM.Cli/bin/Release/net10.0/edgefm.dll "$@"; }
edgefm eval personalization-train-data -m "$model" -o "$out/train.jsonl" --demonstrations "${TRAIN_DEMONSTRATIONS:-mixed}"
edgefm finetune -m "$model" --data "$out/train.jsonl" --seq-len 640 --epochs "${EPOCHS:-3}" --batch 8 --lr "${LR:-3e-3}" --seed 1 \
    --threads "${THREADS:-2}" --out "$out/personalization-260K.gguf" --json | tee "$out/finetune.json"
echo
[ -n "${SKIP_BASE:-}" ] || edgefm eval personalization -m "$model" | tee "$out/eval-base.md"
echo
edgefm eval personalization -m "$model" --adapter "$out/personalization-260K.gguf" | tee "$out/eval-adapter.md"
echo
[ "${REQUESTS:-200}" = 0 ] || edgefm bench netgpt -m "$model" -n "${REQUESTS:-200}" | tee "$out/bench-netgpt.md"
echo "outputs in $out"
