#!/usr/bin/env bash
# Prints EdgeFM's prefill/decode table beside llama.cpp's, measured in the same run on the same files: for each model,
# `edgefm bench decode` and llama.cpp (through LLamaSharp, bench/EdgeFM.Benchmarks `llamacpp-decode`, which measures
# exactly as bench decode does) run alternately ROUNDS times; the table shows medians and the median of the per-round
# ratios EdgeFM / llama.cpp. Models are random-weight GGUFs made by `edgefm model synth` (speed does not depend on the
# weights' values). With EDGEFM_NATIVE=path/to/native/edgefm, the native (AOT) build joins the alternation and gets
# its own columns.
# Usage: bash bench/decode-table.sh [threads] [model-dir] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
dir=${2:-${TMPDIR:-/tmp}/edgefm-bench-models}
rounds=${3:-3}
shared=${EDGEFM_SHARED:-../shared}
native=${EDGEFM_NATIVE:-}
mkdir -p "$dir"
dotnet build src/EdgeFM.Cli -c Release -v quiet -nologo >/dev/null
dotnet build bench/EdgeFM.Benchmarks -c Release -v quiet -nologo >/dev/null
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

python3 - "$threads" "$rounds" "$native" \
  "stories15M shape|F32|$dir/m15-f32.gguf" \
  "stories15M shape|Q8_0|$dir/m15-q8_0.gguf" \
  "stories110M shape|F32|$dir/m110-f32.gguf" \
  "stories110M shape|Q8_0|$dir/m110-q8_0.gguf" \
  "stories110M shape|Q4_0|$dir/m110-q4_0.gguf" \
  "stories260K|F32|$shared/models/stories260K.gguf" <<'PY'
import json, statistics, subprocess, sys
threads, rounds, native = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [a.split('|') for a in sys.argv[4:]]
args = ['--prompt-tokens', '128', '--tokens', '128', '--threads', threads]
runners = {
    'edgefm': ['dotnet', 'src/EdgeFM.Cli/bin/Release/net10.0/edgefm.dll', 'bench', 'decode', '--json'],
    'llama.cpp': ['dotnet', 'bench/EdgeFM.Benchmarks/bin/Release/net10.0/EdgeFM.Benchmarks.dll', 'llamacpp-decode'],
}
if native:
    runners['native'] = [native, 'bench', 'decode', '--json']

def run(name, path):
    out = subprocess.run(runners[name] + ['--model', path] + args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])

med = statistics.median
mib = lambda b: b / 2**20
head = "| model shape | type | prefill tok/s EdgeFM | llama.cpp | ratio | decode tok/s EdgeFM | llama.cpp | ratio |"
sep = "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
if native:
    head += " native prefill | native decode | peak MiB JIT / native | baseline MiB JIT / native |"
    sep += " ---: | ---: | ---: | ---: |"
else:
    head += " peak MiB | baseline MiB |"
    sep += " ---: | ---: |"
head += " file MiB | KV MiB | (file + KV) x 1.1 MiB |"
sep += " ---: | ---: | ---: |"
print(f"{rounds} rounds per model, {threads} threads, runs alternated; medians (ratio: median of per-round EdgeFM / llama.cpp)")
print(head); print(sep)
for label, typ, path in rows:
    results = {name: [] for name in runners}
    for _ in range(rounds):
        for name in runners:
            results[name].append(run(name, path))
    e, l = results['edgefm'], results['llama.cpp']
    pick = lambda rs, key: med(r[key] for r in rs)
    pr = med(a['prefillTokensPerSecond'] / b['prefillTokensPerSecond'] for a, b in zip(e, l))
    dr = med(a['decodeTokensPerSecond'] / b['decodeTokensPerSecond'] for a, b in zip(e, l))
    line = (f"| {label} | {typ} | {pick(e, 'prefillTokensPerSecond'):,.0f} | {pick(l, 'prefillTokensPerSecond'):,.0f} | {pr:.2f} | "
            f"{pick(e, 'decodeTokensPerSecond'):,.0f} | {pick(l, 'decodeTokensPerSecond'):,.0f} | {dr:.2f} |")
    peak, base = max(r['peakMemoryBytes'] for r in e), med(r['baselineMemoryBytes'] for r in e)
    if native:
        n = results['native']
        line += (f" {pick(n, 'prefillTokensPerSecond'):,.0f} | {pick(n, 'decodeTokensPerSecond'):,.0f} |"
                 f" {mib(peak):,.1f} / {mib(max(r['peakMemoryBytes'] for r in n)):,.1f} |"
                 f" {mib(base):,.1f} / {mib(med(r['baselineMemoryBytes'] for r in n)):,.1f} |")
    else:
        line += f" {mib(peak):,.1f} | {mib(base):,.1f} |"
    file, kv = e[0]['modelFileBytes'], e[0]['kvCacheBytes']
    line += f" {mib(file):,.1f} | {mib(kv):,.1f} | {mib(file + kv) * 1.1:,.1f} |"
    print(line, flush=True)
PY
