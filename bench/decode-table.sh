#!/usr/bin/env bash
# Prints EdgeFM's prefill/decode table for the model shapes of issue 3 §7 (the shapes llama.cpp was measured on with
# `llama-bench -p 128 -n 128`, 2 threads). Models are random-weight GGUFs made by `edgefm model synth` (speed does not
# depend on the weights' values). Usage: bash bench/decode-table.sh [threads] [model-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
dir=${2:-${TMPDIR:-/tmp}/edgefm-bench-models}
shared=${EDGEFM_SHARED:-../shared}
mkdir -p "$dir"
dotnet build src/EdgeFM.Cli -c Release -v quiet -nologo >/dev/null
edgefm() { dotnet src/EdgeFM.Cli/bin/Release/net10.0/edgefm.dll "$@"; }

synth() { # name dim layers heads ffn type
  [ -f "$dir/$1.gguf" ] || edgefm model synth --dim "$2" --layers "$3" --heads "$4" --kv-heads "$4" --ffn "$5" \
    --vocab 32000 --type "$6" --tokenizer "$shared/models/llama2-tokenizer.bin" --out "$dir/$1.gguf" >/dev/null
}
synth m15-f32 288 6 6 768 f32
synth m15-q8_0 288 6 6 768 q8_0
synth m110-f32 768 12 12 2048 f32
synth m110-q8_0 768 12 12 2048 q8_0
synth m110-q4_0 768 12 12 2048 q4_0

# Memory columns: peak RSS of the whole process; baseline = RSS before the model was loaded (runtime, assemblies,
# command line); model = peak - baseline, compared with issue 3's target of (file + KV cache) x 1.1.
echo "| model shape | type | llama.cpp prefill tok/s | EdgeFM prefill tok/s | llama.cpp decode tok/s | EdgeFM decode tok/s | EdgeFM peak RSS MiB | baseline MiB | model (peak - baseline) MiB | file MiB | KV MiB | (file + KV) x 1.1 MiB |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
row() { # label type file llamaPrefill llamaDecode
  local json
  json=$(edgefm bench decode --model "$3" --prompt-tokens 128 --tokens 128 --threads "$threads" --json 2>/dev/null)
  python3 - "$1" "$2" "$3" "$4" "$5" "$json" <<'PY'
import json, sys
label, typ, path, lp, ld, raw = sys.argv[1:7]
r = json.loads(raw)
mib = lambda b: b / 2**20
peak, base, file, kv = r['peakMemoryBytes'], r['baselineMemoryBytes'], r['modelFileBytes'], r['kvCacheBytes']
print(f"| {label} | {typ} | {lp} | {r['prefillTokensPerSecond']:,.0f} | {ld} | {r['decodeTokensPerSecond']:,.0f} | "
      f"{mib(peak):,.0f} | {mib(base):,.1f} | {mib(peak - base):,.1f} | {mib(file):,.1f} | {mib(kv):,.1f} | {mib(file + kv) * 1.1:,.1f} |")
PY
}
row "stories15M shape" F32 "$dir/m15-f32.gguf" 6,850 350
row "stories15M shape" Q8_0 "$dir/m15-q8_0.gguf" 6,120 1,130
row "stories110M shape" F32 "$dir/m110-f32.gguf" 630 58
row "stories110M shape" Q8_0 "$dir/m110-q8_0.gguf" 670 138
row "stories110M shape" Q4_0 "$dir/m110-q4_0.gguf" 790 240
row "stories260K" F32 "$shared/models/stories260K.gguf" "37,700" "5,250"
