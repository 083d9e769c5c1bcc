#!/usr/bin/env python3
"""Converts the Steam games data (../shared/data/steam: steam_games.tsv and
user_reviews.tsv, see its SOURCE.txt) to interec's generic format:
OUT/items.tsv, OUT/interactions.tsv, OUT/columns.json. Then:
    interec prepare --source OUT --out PREPARED

Decisions (docs/evaluation.md):
* Items: every game with an id and a name (title, else app_name). Text has
  its HTML entities decoded; tabs and '|' inside values become spaces.
* price: a number; "Free", "Free to Play", ... become 0; other text is
  dropped. sentiment keeps Steam's rating words ("Very Positive"); the
  "N user reviews" placeholders (too few reviews for a rating) are dropped.
* release_date: kept only when it is an ISO date (the importer then adds
  release_date_year). url columns are dropped.
* Interactions: one per (user, game) review of a game in the catalog, the
  first one kept; rating = recommend (1 yes, 0 no); timestamp = the posted
  date. Steam omits the year of reviews posted in the year of the crawl: a
  missing year is taken as the year after the latest dated review (2016).
  Within a day, a user's reviews keep their chronological order (the file
  lists them newest first).
Python 3 standard library only.
"""
import argparse
import datetime
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generic_format import clean, read_tsv  # noqa: E402

PRICE_FREE = re.compile(r"^\s*(free|play for free)", re.I)
REVIEW_COUNT = re.compile(r"^\d+ user reviews?$")



def clean_list(cell):
    out, seen = [], set()
    for v in (cell or "").split("|"):
        v = clean(v)
        if v and v.lower() not in seen:
            seen.add(v.lower())
            out.append(v)
    return "|".join(out)


def iso_date(s):
    try:
        return datetime.date.fromisoformat(s.strip()).isoformat()
    except ValueError:
        return ""


def price(s):
    s = (s or "").strip()
    if not s:
        return ""
    try:
        v = float(s)
        return ("%g" % v) if v >= 0 else ""
    except ValueError:
        return "0" if PRICE_FREE.match(s) else ""



def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "steam"))
    ap.add_argument("--out", required=True, help="output folder (created; never inside the repository)")
    ap.add_argument("--only-reviewed", action="store_true", help="keep only games someone reviewed")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    games = {}
    for row in read_tsv(os.path.join(args.source, "steam_games.tsv")):
        gid = row["id"].strip()
        name = clean(row["title"]) or clean(row["app_name"])
        if not gid or not name or gid in games:
            continue
        sentiment = clean(row["sentiment"])
        if REVIEW_COUNT.match(sentiment):
            sentiment = ""
        metascore = row["metascore"].strip()
        try:
            metascore = "%g" % float(metascore)
        except ValueError:
            metascore = ""
        games[gid] = [gid, name, clean(row["developer"]), clean(row["publisher"]), iso_date(row["release_date"]),
                      price(row["price"]), row["early_access"].strip().lower(), sentiment, metascore,
                      clean_list(row["genres"]), clean_list(row["tags"]), clean_list(row["specs"])]

    per_user = {}
    order = []
    dated_years = [int(r["posted_year"]) for r in read_tsv(os.path.join(args.source, "user_reviews.tsv"))
                   if r["posted_year"].strip().isdigit()]
    crawl_year = max(dated_years) + 1
    for row in read_tsv(os.path.join(args.source, "user_reviews.tsv")):
        user, item = row["user_id"].strip(), row["item_id"].strip()
        if not user or item not in games:
            continue
        try:
            year = int(row["posted_year"]) if row["posted_year"].strip() else crawl_year
            day = datetime.date(year, int(row["posted_month"]), int(row["posted_day"]))
        except ValueError:
            continue
        if user not in per_user:
            per_user[user] = []
            order.append(user)
        per_user[user].append((item, row["recommend"].strip(), day.isoformat()))

    reviewed = set()
    rows = []
    for user in order:
        seen = set()
        # Newest first in the file: reversed, a stable sort by date keeps same-day order right.
        events = sorted(reversed(per_user[user]), key=lambda e: e[2])
        for item, recommend, day in events:
            if item in seen:
                continue
            seen.add(item)
            reviewed.add(item)
            rows.append((user, item, "1" if recommend in ("1", "True", "true") else "0", day))

    header = ["item_id", "title", "developer", "publisher", "release_date", "price", "early_access",
              "sentiment", "metascore", "genres", "tags", "specs"]
    kept = 0
    with open(os.path.join(args.out, "items.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for gid, cells in games.items():
            if args.only_reviewed and gid not in reviewed:
                continue
            f.write("\t".join(cells) + "\n")
            kept += 1
    with open(os.path.join(args.out, "interactions.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("user_id\titem_id\trating\ttimestamp\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    columns = {
        "developer": "studio that made the game",
        "publisher": "company that published the game",
        "release_date": "release date (YYYY-MM-DD)",
        "price": "price in US dollars (0 = free to play)",
        "early_access": "true when the game is in early access",
        "sentiment": "Steam's summary of its user reviews (e.g. Very Positive)",
        "metascore": "Metacritic score, 0-100",
        "genres": "Steam genres",
        "tags": "user-defined Steam tags",
        "specs": "features such as Single-player, Multi-player, Steam Achievements",
        "rating": "1 when the reviewer recommends the game, 0 when not",
    }
    with open(os.path.join(args.out, "columns.json"), "w", encoding="utf-8") as f:
        json.dump({k: v for k, v in columns.items() if k != "rating"}, f, indent=1)
        f.write("\n")
    print(f"steam: {kept} games, {len(rows)} interactions of {len(order)} users -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
