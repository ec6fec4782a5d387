#!/usr/bin/env python3
"""Writes the location-aware prompt completion data set (train.jsonl, eval.jsonl) deterministically.

Each line is {"prompt": ..., "completion": ...}: the prompt holds a user's concise request and the location facts the
edge knows (place, local time, a nearby venue); the completion is the comprehensive request that carries those facts,
as NetGPT's edge model writes it for the cloud model. Places and venues are well-known public facts; times are drawn.
The same seed always gives the same files:  python3 data/finetune/generate.py
"""
import json
import os
import random

SEED = 20260101
TRAIN = 400
EVAL = 100

PLACES = [
    ("Paris", ["the Louvre", "the Eiffel Tower", "Notre-Dame"]),
    ("London", ["the British Museum", "Tower Bridge", "Hyde Park"]),
    ("Berlin", ["the Brandenburg Gate", "Museum Island", "Alexanderplatz"]),
    ("Madrid", ["the Prado", "Retiro Park", "Puerta del Sol"]),
    ("Rome", ["the Colosseum", "the Pantheon", "the Trevi Fountain"]),
    ("Vienna", ["the Opera", "Schonbrunn Palace", "the Prater"]),
    ("Prague", ["Charles Bridge", "the Old Town Square", "the castle"]),
    ("Lisbon", ["the Belem Tower", "the Alfama", "the river front"]),
    ("Dublin", ["Trinity College", "Temple Bar", "the Spire"]),
    ("Oslo", ["the Opera House", "the harbour", "the palace"]),
    ("Tokyo", ["Shibuya Crossing", "the Tokyo Tower", "Ueno Park"]),
    ("Seoul", ["Gyeongbokgung", "the Han River", "Myeongdong"]),
    ("Beijing", ["the Forbidden City", "Tiananmen Square", "the Temple of Heaven"]),
    ("Sydney", ["the Opera House", "Bondi Beach", "the Harbour Bridge"]),
    ("Cairo", ["the Egyptian Museum", "the Nile front", "Tahrir Square"]),
    ("Nairobi", ["the National Park", "the city market", "Uhuru Park"]),
    ("Lima", ["the Plaza Mayor", "Miraflores", "the cathedral"]),
    ("Toronto", ["the CN Tower", "Union Station", "the harbour front"]),
    ("Chicago", ["Millennium Park", "the Navy Pier", "the river walk"]),
    ("Boston", ["the Common", "Fenway Park", "the harbour"]),
    ("Denver", ["Union Station", "the State Capitol", "the art museum"]),
    ("Austin", ["the State Capitol", "Lady Bird Lake", "the university"]),
    ("Miami", ["South Beach", "the port", "Little Havana"]),
    ("Mexico City", ["the Zocalo", "Chapultepec Park", "the Palace of Fine Arts"]),
    ("Mumbai", ["the Gateway of India", "Marine Drive", "the main station"]),
    ("Bangkok", ["the Grand Palace", "the river", "the night market"]),
    ("Singapore", ["Marina Bay", "the Botanic Gardens", "Orchard Road"]),
    ("Istanbul", ["the Blue Mosque", "the Grand Bazaar", "the Galata Tower"]),
    ("Athens", ["the Acropolis", "the Plaka", "the National Garden"]),
    ("Stockholm", ["the Old Town", "the City Hall", "the Vasa Museum"]),
]

# concise request -> how the comprehensive request carries the facts.
INTENTS = [
    ("food", "Where can I eat near {venue} in {place} at {time}?"),
    ("coffee", "Where can I get a coffee near {venue} in {place} at {time}?"),
    ("weather", "What will the weather be like in {place} after {time} today?"),
    ("taxi", "How can I get a taxi from {venue} in {place} at {time}?"),
    ("open now", "Which shops near {venue} in {place} are open at {time}?"),
    ("events", "What events are on in {place} tonight after {time}, near {venue}?"),
    ("museum", "Which museum near {venue} in {place} is still open at {time}?"),
    ("bus", "Which bus goes from {venue} in {place} at {time}?"),
    ("pharmacy", "Where is a pharmacy open at {time} near {venue} in {place}?"),
    ("walk", "Where can I go for a walk near {venue} in {place} at {time}?"),
]


def time_text(rng):
    hour = rng.randint(1, 12)
    minute = rng.choice([0, 15, 30, 45])
    return f"{hour}:{minute:02d} {rng.choice(['am', 'pm'])}"


def example(rng):
    place, venues = rng.choice(PLACES)
    venue = rng.choice(venues)
    concise, template = rng.choice(INTENTS)
    time = time_text(rng)
    prompt = f"Request: {concise}\nPlace: {place}. Time: {time}. Near: {venue}.\nFull request:"
    completion = " " + template.format(place=place, venue=venue, time=time)
    return {"prompt": prompt, "completion": completion}


def main():
    rng = random.Random(SEED)
    seen = set()
    rows = []
    while len(rows) < TRAIN + EVAL:
        row = example(rng)
        if row["prompt"] not in seen:
            seen.add(row["prompt"])
            rows.append(row)
    here = os.path.dirname(os.path.abspath(__file__))
    for name, part in (("train.jsonl", rows[:TRAIN]), ("eval.jsonl", rows[TRAIN:])):
        with open(os.path.join(here, name), "w", encoding="utf-8", newline="\n") as f:
            for row in part:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
