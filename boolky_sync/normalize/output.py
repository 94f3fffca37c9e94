"""Normalize's result as the flat text tables a person opens in a spreadsheet.

``Normalized`` keeps tuples (a contact's groups, the rows it came from) and a
separate table of notes, which suits a sync. A person checking a file wants
one row per contact with everything said about it in text cells; these tables
are that, as ``boolky-sync normalize`` writes them.
"""

from __future__ import annotations

import pandas as pd

from boolky_sync.normalize.stage import Normalized

CONTACTS_CSV_COLUMNS = (
    "phone",
    "name",
    "gender",
    "mail",
    "birthday",
    "groups",
    "rows",
    "phone_raw",
    "phone_rule",
    "phone_kind",
    "notes",
)


def contacts_table(result: Normalized) -> pd.DataFrame:
    """The contacts as text cells: groups and rows ``;``-joined, notes of their rows."""
    contacts = result.contacts
    return pd.DataFrame(
        {
            "phone": contacts["phone"],
            "name": contacts["name"],
            "gender": contacts["gender"].astype("string").fillna(""),
            "mail": contacts["mail"],
            "birthday": contacts["birthday"],
            "groups": contacts["groups"].map(";".join),
            "rows": contacts["rows"].map(lambda rows: ";".join(map(str, rows))),
            "phone_raw": contacts["phone_raw"],
            "phone_rule": contacts["phone_rule"],
            "phone_kind": contacts["phone_kind"],
            "notes": _notes_of_rows(result),
        },
        columns=list(CONTACTS_CSV_COLUMNS),
    )


def _notes_of_rows(result: Normalized) -> pd.Series:
    """Per contact, the notes on its source rows, ``"code: detail"`` joined by ``"; "``."""
    warnings = result.warnings
    contacts = result.contacts
    if warnings.empty or contacts.empty:
        return pd.Series("", index=contacts.index, dtype=object)
    text = warnings["code"].where(
        warnings["detail"].eq(""), warnings["code"] + ": " + warnings["detail"]
    )
    per_row = text.groupby([warnings["file"], warnings["row"]], sort=False).agg("; ".join)
    sources = contacts[["rows", "files"]].explode(["rows", "files"])
    keys = pd.MultiIndex.from_arrays([sources["files"], sources["rows"].astype("int64")])
    found = pd.Series(per_row.reindex(keys).to_numpy(), index=sources.index).dropna()
    joined = found.groupby(level=0).agg("; ".join)
    return joined.reindex(contacts.index, fill_value="").astype(object)


def rejects_table(result: Normalized) -> pd.DataFrame:
    """The rejects of a single file: without the file column, which would say nothing."""
    return result.rejects.drop(columns=["file"])
