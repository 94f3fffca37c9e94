#!/usr/bin/env python3
"""How many fixture contacts each preset reads right: the figure issue 12 asks to quote.

Reads every file of the preset corpus (tests/extract/data/presets/, each with its
NAME.expected.json) the way tests/extract/test_preset_corpus.py does, and prints
one line per file: the preset it was recognised as, the contacts expected, how
many of them came out with the expected phone, name, e-mail, groups (and birthday
where the expected file gives one), and how many of the expected refusals were
refused with the expected reason. Unlike the test it counts instead of stopping
at the first difference, so a regression shows how much it costs.

    PYTHONPATH=$PWD python scripts/preset_fidelity.py
"""

from __future__ import annotations

import json
import sys
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

from boolky_sync.extract import extract
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.stage import normalize

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "extract" / "data" / "presets"
EXPECTED = ".expected.json"
FIELDS = {"name": "name", "email": "mail", "groups": "groups", "birthday": "birthday"}
"""Expected-file key → contact column."""


def fidelity(path: Path) -> tuple[str, int, int, str]:
    """(preset read, contacts expected, read right, "refused right/expected") for one file."""
    expected: dict[str, Any] = json.loads((CORPUS / (path.stem + EXPECTED)).read_text("utf-8"))
    extracted = extract(path)
    options = NormalizeOptions(default_region=expected.get("region"))
    normalized = normalize(extracted.table, extracted.mapping, options)
    by_phone = {c["phone"]: c for c in normalized.contacts.to_dict("records")}
    right = sum(_same(want, by_phone.get(want["phone"])) for want in expected["contacts"])
    rejects = normalized.rejects
    reasons = dict(zip(rejects["row"].astype(int), rejects["reason"], strict=True))
    refused = sum(reasons.get(r["row"]) == r["reason"] for r in expected["refused"])
    preset = extracted.mapping.preset or "none"
    if preset != expected["preset"]:
        preset = f"{preset} (expected {expected['preset']})"
        right = 0
    return preset, len(expected["contacts"]), right, f"{refused}/{len(expected['refused'])}"


def _same(want: dict[str, Any], got: Mapping[Hashable, Any] | None) -> bool:
    if got is None:
        return False
    for key, column in FIELDS.items():
        if key not in want:
            continue
        value = sorted(got[column]) if key == "groups" else got[column]
        if value != want[key]:
            return False
    return True


def main() -> int:
    files = sorted(p for p in CORPUS.iterdir() if not p.name.endswith(EXPECTED))
    rows = [(path.name, *fidelity(path)) for path in files]
    header = ("file", "preset", "contacts", "read right", "refused as expected")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    total, right = sum(r[2] for r in rows), sum(r[3] for r in rows)
    print(f"\n{right} of {total} fixture contacts read right")
    return 0 if right == total else 1


if __name__ == "__main__":
    sys.exit(main())
