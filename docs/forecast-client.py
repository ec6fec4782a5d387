"""A shifting workload for a gateway recording a trace (edgefm serve --trace FILE), to score the popularity forecast on
real gateway traffic: edgefm scenario forecast FILE.scenario.yaml --period 10 (docs/cluster.md).

Poisson arrivals over DURATION seconds (open loop: a slow answer does not delay the next request); the rate of one
model ramps up linearly, another's ramps down, a third's stays; seeded. Usage: python3 forecast-client.py URL [DURATION]
"""
import json, random, sys, threading, time, urllib.request

url = sys.argv[1].rstrip("/") + "/v1/chat/completions"
duration = float(sys.argv[2]) if len(sys.argv) > 2 else 150
random.seed(7)
rates = {  # requests per second at fraction f of the run
    "synth1": lambda f: 0.3 + 2.7 * f,        # catches on
    "synth2": lambda f: 3.0 - 2.7 * f,        # users move on
    "stories260K": lambda f: 1.0,             # steady
}
peak = max(r(f) for r in rates.values() for f in (0, 1))
schedule, t = [], 0.0
while True:  # thinning: candidates at the peak rate, each kept with probability rate/peak
    t += random.expovariate(len(rates) * peak)
    if t >= duration:
        break
    model = random.choice(list(rates))
    if random.random() < rates[model](t / duration) / peak:
        schedule.append((t, model, random.choice(["ana", "ben", "chen", "dara", "eli"])))

done = []
def send(model, user):
    body = {"model": model, "user": user, "max_tokens": 8, "temperature": 0, "messages": [{"role": "user", "content": "Once upon a time"}]}
    req = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            done.append(r.headers["x-edgefm-placement"])
    except Exception as e:  # a refusal is still a request the trace recorded
        done.append("error: %s" % e)

start = time.monotonic()
threads = []
for at, model, user in schedule:
    time.sleep(max(0.0, start + at - time.monotonic()))
    threads.append(threading.Thread(target=send, args=(model, user)))
    threads[-1].start()
for th in threads:
    th.join()
print(len(schedule), "requests;", {p: done.count(p) for p in set(done)})
