#!/usr/bin/env python3
"""Converts Amazon "Industrial & Scientific" (../shared/data/amazon-scientific:
Scientific.items.tsv and Scientific.interactions.tsv, see its SOURCE.txt) to
interec's generic format: OUT/items.tsv, OUT/interactions.tsv, OUT/columns.json.
Then:  interec prepare --source OUT --out PREPARED

Decisions (docs/evaluation.md):
* categories: the comma-separated path ("Industrial & Scientific,Fasteners,
  Collated Fasteners,Staples") becomes a multi-valued column of its levels
  without the root every item shares. Brand stays a single-valued column.
* description is kept (free text for the text model and soft_filter).
* The data has no ratings and no times: the timestamp is the position in the
  user's chronological list (seq_pos), so "last item" means the latest.
Python 3 standard library only.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generic_format import clean, read_tsv  # noqa: E402




def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "amazon-scientific"))
    ap.add_argument("--out", required=True, help="output folder (created; never inside the repository)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    items = 0
    with open(os.path.join(args.out, "items.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("item_id\ttitle\tbrand\tcategories\tdescription\n")
        for row in read_tsv(os.path.join(args.source, "Scientific.items.tsv")):
            iid, title = row["item_id"].strip(), clean(row["title"]).rstrip(".").strip()
            if not iid or not title:
                continue
            levels = [clean(c) for c in row["categories"].split(",")]
            levels = [c for c in levels if c][1:]  # the root is on every item
            f.write("\t".join([iid, title, clean(row["brand"]), "|".join(dict.fromkeys(levels)),
                               clean(row["description"])]) + "\n")
            items += 1
    n = 0
    with open(os.path.join(args.out, "interactions.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("user_id\titem_id\ttimestamp\n")
        for row in read_tsv(os.path.join(args.source, "Scientific.interactions.tsv")):
            f.write(f"{row['user_id'].strip()}\t{row['item_id'].strip()}\t{row['seq_pos'].strip()}\n")
            n += 1
    with open(os.path.join(args.out, "columns.json"), "w", encoding="utf-8") as f:
        json.dump({"brand": "maker of the product",
                   "categories": "the product's category path, broad to specific",
                   "description": "product description"}, f, indent=1)
        f.write("\n")
    print(f"amazon-scientific: {items} items, {n} interactions -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
