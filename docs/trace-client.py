import json, random, urllib.request, collections
random.seed(5)
first = ["stories260K"]*6 + ["synth1"]*3 + ["stories260K.bin", "synth2"]
second = ["stories260K.bin"]*6 + ["synth2"]*3 + ["stories260K", "synth1"]
users = ["ana", "ben", "chen", "dara", "eli"]
placements = collections.Counter()
for i in range(120):
    model = random.choice(first if i < 60 else second)
    body = {"model": model, "user": random.choice(users), "max_tokens": 16, "temperature": 0,
            "messages": [{"role": "user", "content": "Once upon a time"}]}
    req = urllib.request.Request("http://127.0.0.1:8931/v1/chat/completions", json.dumps(body).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        placements[(r.headers["x-edgefm-placement"], json.load(r)["edgefm"]["reason"])] += 1
for k, v in sorted(placements.items()): print(v, k)
