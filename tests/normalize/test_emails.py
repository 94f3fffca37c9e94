"""E-mail cells as exports write them: picked apart, checked offline, dropped when wrong."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import email_validator
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import boolky_sync.normalize.emails as emails
from boolky_sync.normalize.emails import normalize_emails


def cells(*values: str) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def one_email(raw: str) -> tuple[str | None, str]:
    result = normalize_emails(cells(raw))
    return result.values[0], result.notes[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("chloe.smith1@example.org", "chloe.smith1@example.org"),
        ("  chloe.smith1@example.org\t", "chloe.smith1@example.org"),
        ("\u00a0chloe.smith1@example.org\u00a0", "chloe.smith1@example.org"),
        ("Chloe.Smith@Example.ORG", "Chloe.Smith@example.org"),
        ("mailto:ann@example.org", "ann@example.org"),
        ("MAILTO:Ann@Example.org", "Ann@example.org"),
        ("mailto:ann@example.org?subject=Hello", "ann@example.org"),
        ("<ann@example.org>", "ann@example.org"),
        ("Ann Smith <ann@example.org>", "ann@example.org"),
        ('"Smith, Ann" <ann@example.org>', "ann@example.org"),
        ("José Peña (jose.pena2@example.org)", "jose.pena2@example.org"),
        ("ann+newsletter@example.org", "ann+newsletter@example.org"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("josé@example.es", "josé@example.es"),
        ("ann@MÜNCHEN.de", "ann@münchen.de"),
        ("ann@xn--mnchen-3ya.de", "ann@münchen.de"),
        ("ann@mail.example.co.uk", "ann@mail.example.co.uk"),
    ],
    ids=["plain", "spaces", "nbsp", "domain-case", "mailto", "mailto-upper", "mailto-query",
         "angle", "display-name", "quoted-display-name", "outlook-display-name", "plus-tag",
         "apostrophe", "utf8-local", "idn-domain", "punycode-domain", "subdomains"],
)  # fmt: skip
def test_the_address_is_picked_out_trimmed_and_its_domain_lower_cased(
    raw: str, expected: str
) -> None:
    assert one_email(raw) == (expected, "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ann@example.org; bob@example.org", "ann@example.org"),
        ("ann@example.org, bob@example.org", "ann@example.org"),
        ("ann@example.org bob@example.org", "ann@example.org"),
        ("Ann <ann@example.org>, Bob <bob@example.org>", "ann@example.org"),
        ("ann@, bob@example.org", "bob@example.org"),
    ],
    ids=["semicolon", "comma", "space", "display-names", "first-invalid"],
)
def test_of_several_addresses_the_first_valid_is_kept_and_noted(raw: str, expected: str) -> None:
    assert one_email(raw) == (expected, f"email_several: kept {expected!r} of {raw!r}")


def test_one_address_written_twice_is_one_address() -> None:
    assert one_email("ann@example.org; ann@example.org") == ("ann@example.org", "")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("ann@", "there must be something after the @-sign"),
        ("ann", "an email address must have an @-sign"),
        ("n/a", "an email address must have an @-sign"),
        ("ann@example", "the part after the @-sign is not valid. It should have a period"),
        ("ann@example.org.", "an email address cannot end with a period"),
        ("ann..smith@example.org", "an email address cannot have two periods in a row"),
        ("ann@exa_mple.org", "the part after the @-sign contains invalid characters: '_'"),
        ("ann@localhost", "the part after the @-sign is not valid. It should have a period"),
        ("ann@printer.local", "the part after the @-sign is a special-use or reserved name"),
        ("@example.org", "there must be something before the @-sign"),
        ("ann@@example.org", "the part after the @-sign contains invalid characters: '@'"),
    ],
    ids=["no-domain", "no-at", "placeholder", "no-dot", "trailing-dot", "double-dot",
         "underscore-domain", "localhost", "special-use", "no-local", "two-ats"],
)  # fmt: skip
def test_an_invalid_address_is_dropped_with_the_reason(raw: str, reason: str) -> None:
    value, note = one_email(raw)
    assert value is None
    assert note.startswith(f"email_invalid: {raw!r} {reason}")


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0", "<>", "mailto:"])
def test_an_empty_cell_is_no_address_and_no_note(raw: str) -> None:
    assert one_email(raw) == (None, "")


def test_each_distinct_cell_is_checked_once_and_plain_ones_not_at_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []

    def counting(address: str, **options: Any) -> Any:
        seen.append(address)
        return email_validator.validate_email(address, **options)

    monkeypatch.setattr(emails, "validate_email", counting)
    column = ["Ann@Example.ORG", "bob@", "ann@example.org", "Ann@Example.ORG"] * 50
    result = normalize_emails(cells(*column))
    assert sorted(seen) == ["bob@"]  # the domain's case is settled on the whole column
    assert (
        result.values.tolist()
        == ["Ann@example.org", None, "ann@example.org", "Ann@example.org"] * 50
    )


def test_results_keep_the_input_index() -> None:
    result = normalize_emails(pd.Series(["ann@example.org", "x"], index=[4, 1], dtype=object))
    assert result.values.to_dict() == {4: "ann@example.org", 1: None}
    assert result.notes[4] == ""
    assert result.notes[1].startswith("email_invalid: 'x'")


@given(st.lists(st.emails() | st.text(max_size=20), min_size=1, max_size=5))
def test_normalizing_normalized_addresses_changes_nothing(raw: list[str]) -> None:
    once = normalize_emails(cells(*raw))
    again = normalize_emails(cells(*[v or "" for v in once.values]))
    assert again.values.tolist() == once.values.tolist()
    assert set(again.notes) == {""}


@given(
    st.lists(
        st.from_regex(emails.PLAIN_ADDRESS, fullmatch=True) | st.emails() | st.text(max_size=20),
        min_size=1,
        max_size=4,
    )
)
def test_taking_plain_addresses_as_they_are_agrees_with_the_validator(raw: list[str]) -> None:
    fast = normalize_emails(cells(*raw))
    with (
        patch.object(emails, "_settled", None),
        patch.object(emails, "_plain_forms", lambda values, separators: values),
    ):
        slow = normalize_emails(cells(*raw))
    assert fast.values.tolist() == slow.values.tolist()
    assert fast.notes.tolist() == slow.notes.tolist()


@given(st.emails())
def test_an_accepted_address_keeps_its_local_part_and_lower_cases_its_domain(
    address: str,
) -> None:
    value, note = one_email(address)
    assert (value is None) == note.startswith("email_invalid: ")
    local, _, domain = (value or address).rpartition("@")
    assert local == address.rpartition("@")[0]
    assert value is None or domain == domain.lower()
