#!/usr/bin/env bash
# Decode/prefill speed without an adapter, before and after a change, alternated in one script so both builds see the
# same machine load. Usage: bash bench/lora-decode-check.sh BEFORE_TREE AFTER_TREE ROUNDS THREADS MODEL...
# (each tree is a checkout with src/EdgeFM.Cli built in Release). Besides tokens per second (wall clock) it records
# the CPU time (user + system) of each `bench decode` process, which a loaded machine disturbs much less than wall
# time when THREADS is 1. Prints medians and best runs per build and their ratios.
set -euo pipefail
before=$1; after=$2; rounds=$3; threads=$4; shift 4
python3 - "$before" "$after" "$rounds" "$threads" "$@" <<'PY'
import json, os, resource, statistics, subprocess, sys
before, after, rounds, threads, models = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:]
trees = {'before': before, 'after': after}
rows = {}
def run(tree, model):
    start = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(['dotnet', f'{tree}/src/EdgeFM.Cli/bin/Release/net10.0/edgefm.dll', 'bench', 'decode', '--model', model,
                          '--prompt-tokens', '128', '--tokens', '128', '--runs', '3', '--threads', threads, '--json'],
                         check=True, capture_output=True, text=True).stdout
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)
    r = json.loads(out)
    return r['prefillTokensPerSecond'], r['decodeTokensPerSecond'], cpu
for i in range(rounds):
    for model in models:
        order = ['before', 'after'] if i % 2 == 0 else ['after', 'before']
        for which in order:
            p, d, cpu = run(trees[which], model)
            name = os.path.basename(model)
            rows.setdefault((name, which), []).append((p, d, cpu))
            print(f"{which:6} {name:20} prefill {p:10.1f} decode {d:8.1f} cpu {cpu:6.2f} s", flush=True)
print()
print(f"| model | decode tok/s before (median / best) | after (median / best) | ratio of medians / of bests | process CPU s before (median / least) | after | ratio of medians / of leasts |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name in dict.fromkeys(m for m, _ in rows):
    b, a = rows[(name, 'before')], rows[(name, 'after')]
    med = lambda xs, k: statistics.median(x[k] for x in xs)
    db, da = med(b, 1), med(a, 1)
    bb, ba = max(x[1] for x in b), max(x[1] for x in a)
    cb, ca = med(b, 2), med(a, 2)
    lb, la = min(x[2] for x in b), min(x[2] for x in a)
    print(f"| {name} | {db:,.1f} / {bb:,.1f} | {da:,.1f} / {ba:,.1f} | {da/db:.3f} / {ba/bb:.3f} | {cb:.2f} / {lb:.2f} | {ca:.2f} / {la:.2f} | {ca/cb:.3f} / {la/lb:.3f} |")
PY
