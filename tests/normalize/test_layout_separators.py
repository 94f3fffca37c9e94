"""A layout's own separator splits every multi-value field: phones, e-mails and groups.

The separators are the preset's (``Preset.separators``); these tests read Google
files, whose layout writes ``" ::: "`` between several values of one cell, with
pipeline options that do not name that separator, so only the layout can split.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from boolky_sync.extract import PRESETS, extract
from boolky_sync.normalize.emails import normalize_emails
from boolky_sync.normalize.groups import normalize_groups
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.stage import normalize

CORPUS = Path(__file__).parent.parent / "extract" / "data" / "presets"


def test_google_cells_of_several_emails_keep_the_first_and_note_the_cell() -> None:
    extracted = extract(CORPUS / "google.csv")
    normalized = normalize(extracted.table, extracted.mapping)
    peter = normalized.contacts.set_index("phone").loc["+12015559708"]
    assert peter["mail"] == "peter.novak@example.com"
    notes = normalized.warnings[normalized.warnings["code"] == "email_several"]
    assert notes[["row", "detail"]].values.tolist() == [
        [3, "kept 'peter.novak@example.com' of 'peter.novak@example.com ::: pnovak@example.org'"]
    ]


def test_google_labels_split_on_the_layouts_separator_whatever_the_pipeline_says() -> None:
    extracted = extract(CORPUS / "google.csv")
    options = NormalizeOptions(group_separators=(";",))
    normalized = normalize(extracted.table, extracted.mapping, options)
    lena = normalized.contacts.set_index("phone").loc["+491712345678"]
    assert lena["groups"] == ("Familie", "Nachbarn")


def test_without_the_layout_the_same_options_leave_the_cell_whole() -> None:
    cells = pd.Series(["* myContacts ::: Familie ::: Nachbarn"])
    options = NormalizeOptions(group_separators=(";",))
    assert normalize_groups([cells], options).values.tolist() == [()]
    google = PRESETS["google"].separators
    assert normalize_groups([cells], options, google).values.tolist() == [("Familie", "Nachbarn")]


def test_email_separator_of_the_layout_is_honoured_where_spaces_are_not_around_it() -> None:
    cells = pd.Series(["ann@example.org|bo@example.org"])
    plain = normalize_emails(cells)
    assert plain.values.tolist() == [None]
    split = normalize_emails(cells, separators=("|",))
    assert split.values.tolist() == ["ann@example.org"]
    assert split.notes.str.startswith("email_several: kept 'ann@example.org'").tolist() == [True]
