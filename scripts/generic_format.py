"""What the dataset converters share: reading the source TSV files and making
a cell safe for the generic format (docs/README: TSV, '|' between the values
of a multi-valued column)."""

import html
import re


def clean(value):
    """One cell: HTML entities decoded; tabs, newlines and '|' (the
    separators of the generic format) become spaces."""
    value = html.unescape(value or "")
    return re.sub(r"[\t\r\n|]+", " ", value).strip()


def read_tsv(path):
    """The rows of a TSV file with a header line, as dicts; short rows are
    padded with empty cells."""
    with open(path, encoding="utf-8", newline="") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            cells = line.rstrip("\n").split("\t")
            cells += [""] * (len(header) - len(cells))
            yield dict(zip(header, cells))
