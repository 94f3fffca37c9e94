"""The e-mail fast path gives exactly the validator's answer, on a corpus built to trip it.

``data/email_corpus.json`` holds 1,163 cells: every pairing of two dozen local
parts (plain, quoted, non-ASCII, too long, with consecutive or edge dots) with
three dozen domains (IDN in Unicode and punycode, either case, special-use
names such as ``.local`` and ``.test``, trailing and doubled dots, too-long
labels and names, address literals, numeric TLDs), a sample of addresses in
the wrappers exports use (spaces, tabs, no-break spaces, ``mailto:`` with and
without a query, ``Name <addr>``, Outlook's ``Name (addr)``, lists), and garbage.
Each cell goes through ``normalize_emails`` (fast path and validator) and,
alone, through the validator path only: value and note must be identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from boolky_sync.normalize import emails
from boolky_sync.normalize.emails import normalize_emails

CORPUS: list[str] = json.loads(
    (Path(__file__).parent / "data" / "email_corpus.json").read_text(encoding="utf-8")
)
GOOGLE = (" ::: ",)


@pytest.mark.parametrize("separators", [(), GOOGLE], ids=["no-layout", "google"])
def test_every_corpus_cell_reads_as_the_validator_alone_reads_it(
    separators: tuple[str, ...],
) -> None:
    fast = normalize_emails(pd.Series(CORPUS, dtype=object), separators)
    alone = [emails._read_email(cell, separators) for cell in CORPUS]
    differ = [
        (cell, got, want)
        for cell, got, want in zip(
            CORPUS, zip(fast.values, fast.notes, strict=True), alone, strict=True
        )
        if got != want
    ]
    assert differ == []


def test_the_corpus_has_both_kinds_and_the_fast_path_settles_many(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Else the test above proves nothing: it needs valid, invalid, and settled cells."""
    validated: list[str] = []
    checked = emails._checked

    def counting(address: str) -> tuple[str | None, str]:
        validated.append(address)
        return checked(address)

    monkeypatch.setattr(emails, "_checked", counting)
    result = normalize_emails(pd.Series(CORPUS, dtype=object))
    valid, invalid = int(result.values.notna().sum()), int(result.values.isna().sum())
    assert len(CORPUS) >= 1000 and valid >= 200 and invalid >= 500
    assert len(CORPUS) - len(set(validated)) >= 150  # settled without the validator


@pytest.mark.parametrize(
    ("cell", "address"),
    [
        ("Ann@Example.ORG", "Ann@example.org"),
        (" ann@EXAMPLE.com\t", "ann@example.com"),
        ("mailto:ann@example.org", "ann@example.org"),
        ("MAILTO:Ann@Mail.Example.Org", "Ann@mail.example.org"),
        ("Ann Smith <ann@Example.org>", "ann@example.org"),
        ("<mailto:ann@example.org>", "ann@example.org"),
        ("Ann Smith (ann.smith@Example.org)", "ann.smith@example.org"),
    ],
)
def test_a_cell_plain_but_for_its_wrapping_or_case_never_reaches_the_validator(
    cell: str, address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(emails, "_checked", lambda address: pytest.fail(f"validated {address}"))
    result = normalize_emails(pd.Series([cell], dtype=object))
    assert result.values.tolist() == [address]
    assert result.notes.tolist() == [""]
