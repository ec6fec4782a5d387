#!/usr/bin/env bash
# NetGPT personalization on a model made for the task, and the edge stage's latency, in one run (docs/netgpt.md §4).
# Usage: bash bench/netgpt-eval.sh [OUT_DIR]
#   env: EDGEFM_SHARED; TRAIN_SETS=8 (fresh-user data sets to train on; 0: the shipped set's history split instead),
#        TRAIN_REQUESTS=150 (requests per set), TRAIN_DEMONSTRATIONS=mixed (aoc|random|mixed), TRAIN_K=3,
#        EPOCHS=3, LR=3e-3, THREADS=2, REQUESTS=200 (edge-stage bench; 0: none), SKIP_BUILD=1, SKIP_BASE=1
# 1. writes fine-tuning data: TRAIN_SETS data sets of fresh users (`eval personalization-data --fresh-users`, seeds
#    1001..), whose home cities and habits are drawn per set, so that only a user's demonstrations tell their habits;
#    each history request with AoC-selected and random demonstrations alternately (the adapter learns to use what its
#    context shows, not what AoC tends to show). Never the shipped set's held-out requests or users.
# 2. fine-tunes a LoRA adapter for stories260K on it (seeded: the same adapter every run),
# 3. evaluates the base model and the base + adapter on the shipped set's 90 held-out requests (none / random / AoC / oracle),
# 4. times the edge stage (base model) against a plain generation of the same token counts in the same process.
# About 320 CPU seconds of fine-tuning (808 examples, 303 steps; 8 minutes wall-clock on the shared, loaded 2-core
# machine) plus about a minute of data and a minute of evaluation; the adapter (190 KB) stays in OUT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${EDGEFM_SHARED:-../shared}
model=$shared/models/stories260K.gguf
out=${1:-$(mktemp -d)}
mkdir -p "$out"
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/EdgeFM.Cli -c Release -v q -nologo
edgefm() { dotnet src/EdgeFM.Cli/bin/Release/net10.0/edgefm.dll "$@"; }
train=(--demonstrations "${TRAIN_DEMONSTRATIONS:-mixed}" --k "${TRAIN_K:-3}")
if [ "${TRAIN_SETS:-8}" = 0 ]; then
    edgefm eval personalization-train-data -m "$model" -o "$out/train.jsonl" "${train[@]}"
else
    : > "$out/train.jsonl"
    for set in $(seq 1 "${TRAIN_SETS:-8}"); do
        edgefm eval personalization-data --fresh-users --seed $((1000 + set)) --count "${TRAIN_REQUESTS:-150}" --out "$out/fresh.jsonl" 2> /dev/null
        edgefm eval personalization-train-data -m "$model" --data "$out/fresh.jsonl" -o "$out/part.jsonl" "${train[@]}" 2> /dev/null
        cat "$out/part.jsonl" >> "$out/train.jsonl"
    done
    rm -f "$out/fresh.jsonl" "$out/part.jsonl"
    echo "$(wc -l < "$out/train.jsonl") training examples from ${TRAIN_SETS:-8} fresh-user sets in $out/train.jsonl" >&2
fi
edgefm finetune -m "$model" --data "$out/train.jsonl" --seq-len 640 --epochs "${EPOCHS:-3}" --batch 8 --lr "${LR:-3e-3}" --seed 1 \
    --threads "${THREADS:-2}" --out "$out/personalization-260K.gguf" --json | tee "$out/finetune.json"
echo
[ -n "${SKIP_BASE:-}" ] || edgefm eval personalization -m "$model" | tee "$out/eval-base.md"
echo
edgefm eval personalization -m "$model" --adapter "$out/personalization-260K.gguf" | tee "$out/eval-adapter.md"
echo
[ "${REQUESTS:-200}" = 0 ] || edgefm bench netgpt -m "$model" -n "${REQUESTS:-200}" | tee "$out/bench-netgpt.md"
echo "outputs in $out"
