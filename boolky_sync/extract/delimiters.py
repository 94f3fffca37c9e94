"""Which of ``,`` ``;`` tab ``|`` separates a CSV's fields, told from its first records.

A CSV does not say its delimiter, and the program decides it: a German Windows
sets ``;`` as the list separator, Excel's "Text (Tab delimited)" uses tabs. The
candidate that splits the header and the first rows into the same number of
fields, and the most of them, is the one.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from itertools import islice

DELIMITERS = (",", ";", "\t", "|")
"""Candidates in order of preference when several split the file equally well."""
SAMPLE_BYTES = 64 * 1024
"""How much of the file the delimiter is guessed from."""
SNIFF_RECORDS = 100
CONSISTENT_SHARE = 0.8
"""Share of sampled rows that must have the modal field count for a delimiter to count."""


def sample_text(data: bytes) -> str:
    """The start of the (UTF-8) file as text, a character cut in two at the end dropped."""
    return data[:SAMPLE_BYTES].decode("utf-8", errors="ignore")


def sniff_delimiter(sample: str, *, truncated: bool) -> str:
    """The candidate that splits header and rows into the most, and the same, fields.

    A candidate counts when at least 80% of the sampled rows have its modal
    field count, and the header agrees with it; a file no candidate splits is
    one column wide (``,`` is returned).
    """
    scores = {d: _split_score(sample_records(sample, d, truncated)) for d in DELIMITERS}
    best = max(DELIMITERS, key=scores.__getitem__)
    return best if scores[best][2] >= 2 else ","


def sample_records(sample: str, delimiter: str, truncated: bool) -> list[list[str]]:
    """The first non-empty records of the sample; ``truncated``: the sample is not the file."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    records = [r for r in islice(reader, SNIFF_RECORDS + 1) if r]
    if truncated and len(records) <= SNIFF_RECORDS:
        records = records[:-1]  # the sample may end inside the last one
    return records


def _split_score(records: list[list[str]]) -> tuple[bool, bool, int, float]:
    """(consistent, header agrees, modal field count, share of rows with it)."""
    if not records:
        return (False, False, 0, 0.0)
    header, rows = len(records[0]), [len(r) for r in records[1:]]
    modal, hits = Counter(rows).most_common(1)[0] if rows else (header, 1)
    share = hits / len(rows) if rows else 1.0
    return (share >= CONSISTENT_SHARE and modal >= 2, header == modal, modal, share)
