#!/usr/bin/env python3
"""Writes tests/data/tiny/: the project's own small catalog in the generic
format (items.csv, interactions.csv, columns.json), so that the core tests run
on a clean clone without ../shared/data.

Invented titles (no real film), genres, tags, a year and ratings from
simulated users who each favour two genres, so that item-kNN, mf and the text
model learn something. A few items are placed by hand for the tests (see
ANCHORS and docs in tests/data/README.md). Deterministic: run it again and the
files come out byte for byte the same.

    python3 tests/data/make_tiny.py
"""
import csv
import json
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiny")

GENRES = ["Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
          "Fantasy", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"]

# Tags that go with a genre (an item gets 0-2 of its genres' tags).
TAGS = {
    "Action": ["car chase", "explosions"], "Adventure": ["treasure", "jungle"],
    "Animation": ["talking animals", "toys"], "Children": ["family", "friendship"],
    "Comedy": ["witty", "slapstick"], "Crime": ["heist", "kidnapping"], "Documentary": ["true story", "nature"],
    "Drama": ["coming of age", "family"], "Fantasy": ["dragons", "magic"], "Horror": ["haunted house", "zombies"],
    "Musical": ["singing", "dance"], "Mystery": ["twist ending", "detective"], "Romance": ["love triangle", "wedding"],
    "Sci-Fi": ["time travel", "space", "robots"], "Thriller": ["conspiracy", "twist ending"],
    "War": ["world war ii", "soldiers"], "Western": ["cowboys", "frontier"],
}

ADJECTIVES = ["Amber", "Brass", "Cobalt", "Copper", "Crimson", "Distant", "Emerald", "Falling", "Frosted", "Gilded",
              "Hidden", "Hollow", "Iron", "Ivory", "Jade", "Lantern", "Lunar", "Marble", "Midnight", "Northern",
              "Obsidian", "Painted", "Quiet", "Restless", "Scarlet", "Shattered", "Silent", "Silver", "Southern",
              "Stone", "Sunken", "Velvet", "Wandering", "Whispering", "Wild", "Winter"]
NOUNS = ["Anchor", "Archive", "Bridge", "Canyon", "Carousel", "Cathedral", "Compass", "Crown", "Delta", "Engine",
         "Feather", "Garden", "Harbor", "Horizon", "Island", "Kingdom", "Labyrinth", "Lighthouse", "Meadow",
         "Meridian", "Mirror", "Orchard", "Pavilion", "Prairie", "Quarry", "Reef", "River", "Satellite",
         "Sparrow", "Station", "Summit", "Tide", "Tower", "Valley", "Voyage", "Willow"]

# Items the tests name: (title, year, genres, tags). Exactly three westerns of
# the 1940s (fewer than five: "5 westerns from the 1940s" must relax), and no
# documentary western of the 1930s (relaxation); at least five horror films
# of the 1990s; comedies of the 1990s are plentiful among the generated items.
ANCHORS = [
    ("Toy Box Heroes", 1995, ["Animation", "Children", "Comedy"], ["toys", "friendship"]),
    ("Toy Box Heroes Return", 1999, ["Animation", "Children", "Comedy"], ["toys"]),
    ("Paper Kite Summer", 1996, ["Children", "Comedy"], ["family", "friendship"]),
    ("The Lost Puppy Parade", 1994, ["Children", "Comedy"], ["talking animals", "family"]),
    ("Frozen Creek", 1996, ["Crime", "Drama", "Thriller"], ["kidnapping", "snow"]),
    ("Dust Riders", 1941, ["Western"], ["cowboys"]),
    ("The Long Trail West", 1946, ["Western", "Drama"], ["frontier"]),
    ("Sundown at Red Mesa", 1948, ["Western", "Action"], ["cowboys", "frontier"]),
    ("Cattle Country: A True Story", 1974, ["Documentary", "Western"], ["true story", "cowboys"]),
    ("Neon Heist", 1995, ["Action", "Crime", "Thriller"], ["heist", "car chase"]),
    ("Clockwork Tomorrow", 1985, ["Sci-Fi", "Adventure"], ["time travel", "robots"]),
    ("Grave Hollow", 1993, ["Horror"], ["zombies"]),
    ("The Night Orchard", 1997, ["Horror", "Thriller"], ["haunted house"]),
    ("Whisper House", 1998, ["Horror", "Mystery"], ["haunted house", "twist ending"]),
]

N_ITEMS = 300
N_USERS = 200


def decade_year(rng):
    # Mostly recent films, the 1990s most of all (as in MovieLens' catalogs).
    decade = rng.choices(range(1930, 2020, 10), weights=[1, 2, 2, 3, 4, 5, 8, 14, 6])[0]
    return decade + rng.randrange(10)


# Dramas and comedies are the most common genres, as in real catalogs.
GENRE_WEIGHT = {"Drama": 5, "Comedy": 5, "Action": 2, "Thriller": 2, "Romance": 2}


def pick_genres(rng, n):
    genres = set()
    while len(genres) < n:
        genres.add(rng.choices(GENRES, weights=[GENRE_WEIGHT.get(g, 1) for g in GENRES])[0])
    return sorted(genres)


def make_items(rng):
    items = []
    used = {a[0] for a in ANCHORS}
    for title, year, genres, tags in ANCHORS:
        items.append({"title": title, "year": year, "genres": genres, "tags": tags})
    while len(items) < N_ITEMS:
        title = "The %s %s" % (rng.choice(ADJECTIVES), rng.choice(NOUNS)) if rng.random() < 0.5 else \
            "%s %s" % (rng.choice(ADJECTIVES), rng.choice(NOUNS))
        if title in used:
            continue
        used.add(title)
        year = decade_year(rng)
        genres = pick_genres(rng, rng.choice([1, 1, 2, 2, 3]))
        # Westerns of the 1940s and documentary westerns stay the anchors'.
        if "Western" in genres and (1940 <= year <= 1949 or "Documentary" in genres):
            continue
        pool = sorted({t for g in genres for t in TAGS[g]})
        tags = sorted(rng.sample(pool, min(len(pool), rng.choice([0, 1, 1, 2]))))
        items.append({"title": title, "year": year, "genres": genres, "tags": tags})
    for k, item in enumerate(items):
        item["item_id"] = "t%03d" % (k + 1)
        item["appeal"] = rng.paretovariate(1.5)  # a few popular items, a long tail
    return items


def make_interactions(rng, items):
    rows = []
    by_genre = {g: [i for i in items if g in i["genres"]] for g in GENRES}
    t = 1_000_000_000
    for u in range(1, N_USERS + 1):
        likes = rng.sample(GENRES, 2)
        fav = [i for g in likes for i in by_genre[g]]
        seen = set()
        for _ in range(rng.randrange(10, 41)):
            source = fav if rng.random() < 0.75 and fav else items
            item = rng.choices(source, weights=[i["appeal"] for i in source])[0]
            if item["item_id"] in seen:
                continue
            seen.add(item["item_id"])
            liked = any(g in likes for g in item["genres"])
            rating = rng.choice([4, 4, 5, 5, 3]) if liked else rng.choice([1, 2, 3, 3, 4])
            t += rng.randrange(60, 86400)
            rows.append((str(u), item["item_id"], rating, t))
    return rows


def main():
    rng = random.Random(20240611)
    items = make_items(rng)
    rows = make_interactions(rng, items)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "items.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["item_id", "title", "year", "genres", "tags"])
        for i in items:
            w.writerow([i["item_id"], i["title"], i["year"], "|".join(i["genres"]), "|".join(i["tags"])])
    with open(os.path.join(OUT, "interactions.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["user_id", "item_id", "rating", "timestamp"])
        w.writerows(rows)
    with open(os.path.join(OUT, "columns.json"), "w") as f:
        json.dump({"year": "the year the film came out",
                   "genres": "the film's genres",
                   "tags": "what the film is about, as tagged by viewers"}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
