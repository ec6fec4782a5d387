#!/usr/bin/env python3
"""Cluster benchmark: the same workload against 1 edge and against 3 clustered edges (plus a cloud gateway).

Starts real `edgefm serve` processes (the JIT build) on loopback, serves M models (copies of stories260K.gguf under
distinct names) with a budget that holds one model per edge, and sends N chat requests (max_tokens 8, C at once) spread
over the edges. Prints per setup: requests/s, the cluster-wide edge execution ratio (edge + peer placements over all),
placements, and p50/p99 latency of requests served at the receiving edge vs forwarded to a peer under that load.

With 3 edges it also measures, before the load and one request at a time (no queueing), the latency a peer hop adds:
K requests for each edge's model sent to that edge (served locally) interleaved with K sent to the next edge (forwarded
to the holder), reported as p50/p99 of each and their difference. Then it reads each edge's directory-lookup times
(GET /v1/edge/cluster "lookups": IEdgeCluster.Replicas, the planner's read of its local copy of the directory, timed
inside the process over all the run's lookups, the first, JIT-compiling one included).
Usage: python3 bench/cluster-bench.py [N=120] [C=6] [M=3] [K=40]; BENCH_CLUSTER=redis uses a redis-server (on PATH)
for membership instead of the localhost primary silo.
"""
import json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLL = os.path.join(ROOT, "src/EdgeFM.Cli/bin/Release/net10.0/edgefm.dll")
SHARED = os.environ.get("EDGEFM_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
N, C, M, K = (int(a) for a in (sys.argv[1:] + ["120", "6", "3", "40"][len(sys.argv) - 1:])[:4])
REDIS = os.environ.get("BENCH_CLUSTER", "localhost") == "redis"
KEY = "bench-key"

def port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def start(args):
    p = port(); url = f"http://127.0.0.1:{p}"
    proc = subprocess.Popen(["dotnet", DLL, "serve", *args, "--urls", url, "--api-key", KEY], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/readyz", timeout=1); return proc, url
        except Exception:
            time.sleep(0.1)
    raise SystemExit("edgefm serve did not start")

def post(url, model):
    body = json.dumps({"model": model, "messages": [{"role": "user", "content": "Once upon a time"}], "max_tokens": 8, "temperature": 0}).encode()
    req = urllib.request.Request(url + "/v1/chat/completions", body, {"Content-Type": "application/json", "Authorization": "Bearer " + KEY})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read(); return r.status, r.headers.get("x-edgefm-placement"), time.perf_counter() - t
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("x-edgefm-placement"), time.perf_counter() - t

def get(url, path):
    req = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + KEY})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)

def pct(xs, q):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000 if xs else float("nan")

def run(edges, models_dir):
    procs = []
    cloud, cloud_url = start(["--role", "cloud", "--models", models_dir, "--memory-budget", "64MiB", "--policy", "LRU"]); procs.append(cloud)
    urls = []; primary = port()
    if REDIS and edges > 1:
        procs.append(subprocess.Popen(["redis-server", "--port", str(primary), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL))
        time.sleep(0.5)
    for i in range(edges):
        address = f"redis://127.0.0.1:{primary}" if REDIS else f"localhost:{primary}"
        cluster = ["--cluster", address, "--node", f"e{i}", "--silo-port", str(port() if REDIS or i > 0 else primary)] if edges > 1 else []
        p, u = start(["--models", models_dir, "--memory-budget", "3MiB", "--policy", "LRU", "--cloud-url", cloud_url + "/v1",
                      "--cloud-api-key", KEY, "--cloud-price", "50", "--weight-switching", "100", *cluster])
        procs.append(p); urls.append(u)
    try:
        for i in range(min(edges, M)):
            post(urls[i], f"m{i}")
        time.sleep(2)
        hop = hop_cost(urls) if edges > 1 else None
        work = [(urls[i % edges], f"m{(i * 7 + i // 5) % M}") for i in range(N)]
        t = time.perf_counter()
        with ThreadPoolExecutor(C) as pool:
            results = list(pool.map(lambda w: post(*w), work))
        wall = time.perf_counter() - t
        lookups = [get(u, "/v1/edge/cluster")["lookups"] for u in urls] if edges > 1 else []
    finally:
        for p in procs:
            p.kill(); p.wait()
    ok = [r for r in results if r[0] == 200]
    places = {}
    for r in results:
        key = "peer" if (r[1] or "").startswith("peer:") else (r[1] or "none")
        places[key] = places.get(key, 0) + 1
    edge_ratio = (places.get("edge", 0) + places.get("peer", 0)) / len(results)
    local = [r[2] for r in ok if r[1] == "edge"]; peer = [r[2] for r in ok if (r[1] or "").startswith("peer:")]
    print(f"{edges} edge(s): {len(ok)}/{len(results)} answered, {len(results) / wall:.1f} req/s, edge execution ratio {edge_ratio:.2f}, placements {places}")
    print(f"  under load, at the receiving edge: p50 {pct(local, .5):.1f} ms p99 {pct(local, .99):.1f} ms (n={len(local)}); via a peer: p50 {pct(peer, .5):.1f} ms p99 {pct(peer, .99):.1f} ms (n={len(peer)})")
    if hop:
        here, there = hop
        print(f"  one at a time, same requests: served locally p50 {pct(here, .5):.1f} ms p99 {pct(here, .99):.1f} ms (n={len(here)}); "
              f"via a peer p50 {pct(there, .5):.1f} ms p99 {pct(there, .99):.1f} ms (n={len(there)}); "
              f"added by the hop: p50 {pct(there, .5) - pct(here, .5):+.1f} ms, p99 {pct(there, .99) - pct(here, .99):+.1f} ms")
    for i, l in enumerate(lookups):
        print(f"  directory lookup at e{i}: p50 {l['p50_us']:.1f} us p99 {l['p99_us']:.1f} us over the last {l['sampled']} of {l['count']} lookups")

def hop_cost(urls):
    """K rounds: each edge's model at that edge (local) and at the next edge (a peer hop), interleaved, sequential.
    One untimed round first: the first forward between two edges compiles the peer path (JIT) on both."""
    here, there = [], []
    for j in range(min(len(urls), M)):
        post(urls[(j + 1) % len(urls)], f"m{j}")
    for _ in range(K):
        for j in range(min(len(urls), M)):
            status, placement, secs = post(urls[j], f"m{j}")
            if status == 200 and placement == "edge":
                here.append(secs)
            status, placement, secs = post(urls[(j + 1) % len(urls)], f"m{j}")
            if status == 200 and placement == f"peer:e{j}":
                there.append(secs)
    return here, there

print("load before:", open("/proc/loadavg").read().strip())
with tempfile.TemporaryDirectory() as d:
    for i in range(M):
        shutil.copy(os.path.join(SHARED, "models", "stories260K.gguf"), os.path.join(d, f"m{i}.gguf"))
    run(1, d)
    run(3, d)
print("load after:", open("/proc/loadavg").read().strip())
