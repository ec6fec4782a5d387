#!/usr/bin/env bash
# Decode/prefill speed without an adapter, before and after a change, alternated in one script so both builds see the
# same machine load. Usage: bash bench/lora-decode-check.sh BEFORE_TREE AFTER_TREE ROUNDS MODEL...
# (each tree is a checkout with src/EdgeFM.Cli built in Release). Prints one line per run and the medians.
set -euo pipefail
before=$1; after=$2; rounds=$3; shift 3
run() { dotnet "$1/src/EdgeFM.Cli/bin/Release/net10.0/edgefm.dll" bench decode --model "$2" --prompt-tokens 128 --tokens 128 --runs 3 --threads 2 --json; }
out=$(mktemp)
for ((r = 0; r < rounds; r++)); do
  for model in "$@"; do
    # Alternate which build goes first.
    if ((r % 2 == 0)); then order="before after"; else order="after before"; fi
    for which in $order; do
      tree=$before; [ "$which" = after ] && tree=$after
      echo "$which $(basename "$model") $(run "$tree" "$model")" | tee -a "$out"
    done
  done
done
python3 - "$out" <<'PY'
import json, sys, statistics
rows = {}
for line in open(sys.argv[1]):
    which, model, raw = line.split(' ', 2)
    r = json.loads(raw)
    rows.setdefault((model, which), []).append((r['prefillTokensPerSecond'], r['decodeTokensPerSecond']))
print("| model | prefill before | prefill after | ratio | decode before | decode after | ratio |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for model in dict.fromkeys(m for m, _ in rows):
    b, a = rows[(model, 'before')], rows[(model, 'after')]
    pb, pa = statistics.median(x[0] for x in b), statistics.median(x[0] for x in a)
    db, da = statistics.median(x[1] for x in b), statistics.median(x[1] for x in a)
    print(f"| {model} | {pb:,.0f} | {pa:,.0f} | {pa/pb:.3f} | {db:,.1f} | {da:,.1f} | {da/db:.3f} |")
PY
rm -f "$out"
