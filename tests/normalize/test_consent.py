"""SMS consent: every spelling, the column's polarity, the three policies, the merge rule.

A row that says no is held back (not sent, not refused) and listed with its row,
phone and consent cell; an unknown word is a warning and no value, never a "yes".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from boolky_sync.extract import extract
from boolky_sync.extract.guess import map_columns
from boolky_sync.extract.table import SourceTable
from boolky_sync.normalize.consent import HELD_BACK_COLUMNS, is_negative
from boolky_sync.normalize.consent_values import STATUSES, reading, value_key
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.stage import Normalized, Stats, normalize
from boolky_sync.option_rules import OptionError

SHOPIFY = Path(__file__).parent / "data" / "consent" / "shopify_consent.csv"

SPELLINGS = [
    # flags, answered by the column: en, de, fr, es, it, pt
    ("yes", "yes"), ("Yes", "yes"), ("YES", "yes"), ("no", "no"), ("No", "no"),
    ("true", "yes"), ("TRUE", "yes"), ("false", "no"), ("False", "no"),
    ("1", "yes"), ("0", "no"), ("y", "yes"), ("n", "no"), ("Y", "yes"), ("N", "no"),
    ("x", "yes"), ("X", "yes"),
    ("ja", "yes"), ("Ja", "yes"), ("nein", "no"), ("Nein", "no"), ("wahr", "yes"),
    ("falsch", "no"),
    ("oui", "yes"), ("Oui", "yes"), ("non", "no"), ("vrai", "yes"), ("faux", "no"),
    ("sí", "yes"), ("si", "yes"), ("Sí", "yes"), ("verdadero", "yes"), ("falso", "no"),
    ("sì", "yes"), ("vero", "yes"),
    ("sim", "yes"), ("não", "no"), ("nao", "no"), ("verdadeiro", "yes"),
    # statuses, whatever the column: Shopify / Klaviyo / Mailchimp / Pipedrive / Brevo
    ("subscribed", "yes"), ("Subscribed", "yes"), ("SUBSCRIBED", "yes"),
    ("unsubscribed", "no"), ("UNSUBSCRIBED", "no"), ("Unsubscribed", "no"),
    ("NEVER_SUBSCRIBED", "no"), ("never subscribed", "no"), ("Never Subscribed", "no"),
    ("non-subscribed", "no"), ("non subscribed", "no"), ("not subscribed", "no"),
    ("opted in", "yes"), ("Opted In", "yes"), ("opted-in", "yes"), ("OPTED_IN", "yes"),
    ("opted out", "no"), ("Opted Out", "no"), ("opted-out", "no"), ("OPTED_OUT", "no"),
    ("opt-in", "yes"), ("opt in", "yes"), ("optin", "yes"),
    ("opt-out", "no"), ("opt out", "no"), ("optout", "no"),
    ("cleaned", "no"), ("Cleaned", "no"), ("blacklisted", "no"), ("Blacklisted", "no"),
    ("pending", "no"), ("no_consent", "no"), ("revoked", "no"),
    ("angemeldet", "yes"), ("abgemeldet", "no"), ("abonniert", "yes"), ("widerrufen", "no"),
    ("abonné", "yes"), ("désabonné", "no"), ("désinscrit", "no"), ("inscrit", "yes"),
    ("suscrito", "yes"), ("dado de baja", "no"), ("baja", "no"), ("no suscrito", "no"),
    ("iscritto", "yes"), ("disiscritto", "no"),
    ("inscrito", "yes"), ("descadastrado", "no"),
]  # fmt: skip


def table_of(columns: dict[str, list[str]], name: str = "export.csv") -> SourceTable:
    frame = pd.DataFrame(columns, dtype=object)
    frame["__row"] = range(2, len(frame) + 2)
    frame["__file"] = name
    return SourceTable(frame, "csv", name)


def normalized(
    columns: dict[str, list[str]], options: NormalizeOptions | None = None
) -> Normalized:
    table = table_of(columns)
    return normalize(table, map_columns(table), options)


def people(consent_header: str, values: list[str]) -> dict[str, list[str]]:
    count = len(values)
    return {
        "Name": [f"P{n}" for n in range(count)],
        "Mobile": [f"+4915112345{n:03d}" for n in range(count)],
        consent_header: values,
    }


def identity_holds(stats: Stats) -> bool:
    rejected = sum(stats.rejected.values())
    return stats.rows + stats.split == stats.contacts + stats.merged + rejected + stats.no_consent


@pytest.mark.parametrize(("spelling", "says"), SPELLINGS)
def test_every_spelling_reads_as_it_says(spelling: str, says: str) -> None:
    assert reading(spelling, negative=False) == says


@pytest.mark.parametrize(("spelling", "says"), SPELLINGS)
def test_a_negative_column_turns_flags_round_and_leaves_statuses(spelling: str, says: str) -> None:
    status = value_key(spelling) in STATUSES
    flipped = {"yes": "no", "no": "yes"}[says]
    assert reading(spelling, negative=True) == (says if status else flipped)


@pytest.mark.parametrize(("spelling", "says"), SPELLINGS)
def test_every_spelling_holds_back_or_sends_through_normalize(spelling: str, says: str) -> None:
    result = normalized(people("SMS consent", [spelling]))
    assert result.stats.no_consent == (1 if says == "no" else 0)
    assert result.warnings.empty
    assert identity_holds(result.stats)


@pytest.mark.parametrize(
    ("header", "negative"),
    [
        ("Accepts SMS Marketing", False), ("SMS consent", False), ("SMS opt-in", False),
        ("Einwilligung SMS", False), ("consentement SMS", False), ("acepta SMS", False),
        ("consenso SMS", False), ("consentimento SMS", False),
        ("SMS opt-out", True), ("opt out", True), ("SMS_BLACKLISTED", True),
        ("BLACKLISTED", True), ("unsubscribed", True), ("SMS abgemeldet", True),
        ("désinscrit SMS", True), ("baja SMS", True), ("disiscrizione SMS", True),
        ("descadastro SMS", True), ("do not text", True),
    ],
)  # fmt: skip
def test_headers_in_six_languages_are_consent_with_their_polarity(
    header: str, negative: bool
) -> None:
    table = table_of(people(header, ["true", "false"]))
    assert map_columns(table).columns_for("consent") == [header]
    assert is_negative(header) is negative
    result = normalize(table, map_columns(table))
    held = result.held_back["phone"].tolist()
    assert held == (["+4915112345000"] if negative else ["+4915112345001"])


def test_an_unknown_value_is_a_warning_and_no_value_never_yes() -> None:
    result = normalized(people("SMS consent", ["maybe", "yes"]))
    (warning,) = result.warnings.to_dict("records")
    assert warning["code"] == "consent_unknown"
    assert warning["row"] == 2 and warning["field"] == "consent"
    assert "'maybe'" in warning["detail"]
    assert result.contacts["consent"].tolist() == [None, "yes"]
    required = normalized(
        people("SMS consent", ["maybe", "yes"]), NormalizeOptions(consent="require")
    )
    assert required.held_back[["row", "reason"]].values.tolist() == [[2, "consent_missing"]]


def test_the_shopify_export_holds_back_the_rows_that_say_no() -> None:
    extracted = extract(SHOPIFY)
    assert extracted.mapping.columns_for("consent") == ["Accepts SMS Marketing"]
    result = normalize(extracted.table, extracted.mapping)
    assert result.contacts["phone"].tolist() == [
        "+61412000101", "+61412000103", "+61412000105", "+61412000106",
    ]  # fmt: skip
    assert list(result.held_back.columns) == list(HELD_BACK_COLUMNS)
    assert result.held_back.to_dict("records") == [
        {"phone": "+61412000102", "row": 3, "file": "shopify_consent.csv",
         "column": "Accepts SMS Marketing", "value": "no", "reason": "consent_no"},
        {"phone": "+61412000104", "row": 5, "file": "shopify_consent.csv",
         "column": "Accepts SMS Marketing", "value": "no", "reason": "consent_no"},
    ]  # fmt: skip
    assert result.stats.no_consent == 2 and result.stats.rejected == {}
    assert result.stats.as_dict()["no_consent"] == 2
    assert identity_holds(result.stats)
    assert result.warnings["code"].tolist().count("consent_unknown") == 1  # "maybe"


def test_require_sends_only_the_yes_rows_and_ignore_sends_all() -> None:
    extracted = extract(SHOPIFY)
    required = normalize(extracted.table, extracted.mapping, NormalizeOptions(consent="require"))
    assert required.contacts["phone"].tolist() == ["+61412000101", "+61412000106"]
    assert required.held_back[["row", "reason"]].values.tolist() == [
        [3, "consent_no"], [4, "consent_missing"], [5, "consent_no"], [6, "consent_missing"],
    ]  # fmt: skip
    assert identity_holds(required.stats)
    ignored = normalize(extracted.table, extracted.mapping, NormalizeOptions(consent="ignore"))
    assert len(ignored.contacts) == 6 and ignored.held_back.empty
    assert ignored.contacts["consent"].tolist() == ["yes", "no", None, "no", None, "yes"]


def test_a_policy_outside_the_three_is_refused() -> None:
    with pytest.raises(OptionError, match="consent"):
        NormalizeOptions(consent="maybe")  # type: ignore[arg-type]


@pytest.mark.parametrize("rule", ["most_complete", "first", "last"])
def test_a_no_on_any_merged_row_wins_whatever_the_merge_rule(rule: str) -> None:
    columns = {
        "Name": ["Ann Lee", "Ann"],
        "Mobile": ["+4915112345000", "+4915112345000"],
        "E-Mail": ["ann@example.org", ""],
        "SMS consent": ["yes", "no"],
    }
    result = normalized(columns, NormalizeOptions(merge_rule=rule))  # type: ignore[arg-type]
    assert result.contacts.empty
    assert result.held_back[["phone", "row", "value", "reason"]].values.tolist() == [
        ["+4915112345000", 3, "no", "consent_no"]
    ]
    assert result.stats.merged == 1 and result.stats.no_consent == 1
    assert identity_holds(result.stats)


def test_a_merged_contact_takes_a_yes_over_no_value_with_its_cell() -> None:
    columns = {
        "Name": ["Ann Lee", "Ann"],
        "Mobile": ["+4915112345000", "+4915112345000"],
        "E-Mail": ["ann@example.org", ""],
        "SMS consent": ["", "ja"],
    }
    (contact,) = normalized(columns, NormalizeOptions(consent="require")).contacts.to_dict(
        "records"
    )
    assert contact["mail"] == "ann@example.org"  # the more complete row still speaks
    assert (contact["consent"], contact["consent_row"], contact["consent_value"]) == (
        "yes",
        3,
        "ja",
    )


def test_several_consent_columns_give_no_if_any_says_no() -> None:
    table = table_of(
        {
            "Name": ["Ann", "Bob"],
            "Mobile": ["+4915112345000", "+4915112345001"],
            "SMS opt-in": ["yes", "yes"],
            "SMS_BLACKLISTED": ["true", "false"],
        }
    )
    mapping = map_columns(table, explicit={"consent": ["SMS opt-in", "SMS_BLACKLISTED"]})
    result = normalize(table, mapping)
    assert result.held_back[["phone", "column", "value"]].values.tolist() == [
        ["+4915112345000", "SMS_BLACKLISTED", "true"]
    ]
    assert result.contacts["consent_column"].tolist() == ["SMS opt-in"]


def test_map_names_a_consent_column_the_headers_do_not() -> None:
    table = table_of({"Name": ["Ann"], "Mobile": ["+4915112345000"], "Flag 7": ["nein"]})
    assert map_columns(table).columns_for("consent") == []
    mapping = map_columns(table, explicit={"consent": "Flag 7"})
    assert mapping.fields["consent"].how == "explicit"
    assert normalize(table, mapping).held_back["value"].tolist() == ["nein"]


def test_no_consent_column_sends_every_row_under_respect() -> None:
    result = normalized({"Name": ["Ann"], "Mobile": ["+4915112345000"]})
    assert len(result.contacts) == 1 and result.held_back.empty
    assert result.contacts["consent"].tolist() == [None]
