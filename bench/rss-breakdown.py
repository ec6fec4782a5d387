#!/usr/bin/env python3
"""Runs a command and prints its peak resident memory split by what is mapped (Linux, /proc/PID/smaps).

Usage: python3 bench/rss-breakdown.py dotnet src/EdgeFM.Cli/bin/Release/net10.0/edgefm.dll bench decode --model M.gguf ...

The process's mappings are sampled every 20 ms; the sample with the largest total RSS is printed by category: the
mapped model file, the GC heap (managed objects: KV cache, activation buffers, tokenizer), other anonymous memory (Q4_0
weights repacked at load, thread stacks, runtime data, native scratch such as the compute pool's quantized
activations), managed assemblies, native runtime libraries, JIT-compiled code and stubs, and the native malloc heap.
The GC heap is told apart from other anonymous memory by address: the GC reserves one range of many GiB up front and
commits pieces of it, so it is the run of adjacent anonymous mappings that spans at least 1 GiB. Sampling can miss a
peak shorter than the interval, so the total can be slightly below the VmHWM the command itself reports.
"""
import collections
import re
import subprocess
import sys
import time

HEADER = re.compile(r'^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$')
GC_RESERVATION = 1 << 30
GC_HEAP = 'GC heap (managed objects: KV cache, activations, tokenizer)'
ANONYMOUS = 'other anonymous (repacked Q4_0 weights, thread stacks, runtime data, native scratch)'


def category(name):
    if name.endswith(('.gguf', '.bin')):
        return 'model file (mapped)'
    if name == '':
        return ANONYMOUS
    if name == '[heap]':
        return 'native malloc heap'
    if 'doublemapper' in name:
        return 'JIT-compiled code and stubs'
    if name.endswith('.so') or '.so.' in name:
        return 'native runtime libraries'
    if name.endswith('.dll'):
        return 'managed assemblies'
    return 'other'


def sample(pid):
    mappings = []  # [start, end, category, rss KiB]
    with open(f'/proc/{pid}/smaps') as smaps:
        for line in smaps:
            header = HEADER.match(line)
            if header:
                mappings.append([int(header.group(1), 16), int(header.group(2), 16), category(header.group(3)), 0])
            elif line.startswith('Rss:'):
                mappings[-1][3] += int(line.split()[1])
    mark_gc_heap(mappings)
    totals = collections.Counter()
    for _, _, name, kib in mappings:
        totals[name] += kib
    return totals


def mark_gc_heap(mappings):
    """Re-labels the runs of adjacent anonymous mappings that span the GC's multi-GiB reservation."""
    run = []
    for mapping in mappings + [[None, None, None, 0]]:
        if mapping[2] == ANONYMOUS and run and run[-1][1] == mapping[0]:
            run.append(mapping)
            continue
        if run and run[-1][1] - run[0][0] >= GC_RESERVATION:
            for m in run:
                m[2] = GC_HEAP
        run = [mapping] if mapping[2] == ANONYMOUS else []


def main():
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)
    peak = collections.Counter()
    while process.poll() is None:
        try:
            current = sample(process.pid)
        except (FileNotFoundError, ProcessLookupError):
            break
        if sum(current.values()) > sum(peak.values()):
            peak = current
        time.sleep(0.02)
    sys.stdout.write(process.stdout.read().decode())
    print(f'peak sampled RSS {sum(peak.values()) / 1024:.1f} MiB')
    for name, kib in peak.most_common():
        if kib >= 512:
            print(f'{kib / 1024:8.1f} MiB  {name}')


if __name__ == '__main__':
    main()
