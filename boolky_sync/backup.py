"""A Boolky account written to a file a person can open and the tool can read back.

``.json`` is Boolky's own ``getContacts`` answer, so ``boolky-sync import``
(or a pipeline) can restore it as it was; ``.csv`` and ``.xlsx`` are for
people, with group names instead of ids and every cell formula-safe.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from boolky_sync.api import ALL_GROUP_ID, Account
from boolky_sync.errors import InputError
from boolky_sync.report.folder import write_private
from boolky_sync.report.write_csv import write_table
from boolky_sync.report.write_xlsx import write_workbook

FORMATS = (".csv", ".xlsx", ".json")


def export_contacts(account: Account, path: Path) -> Path:
    """Write ``account`` to ``path``; the file's suffix chooses the format."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"{path}: cannot export to {suffix or 'a file without suffix'}; "
            f"use one of {', '.join(FORMATS)}"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if suffix == ".json":
            return write_private(path, _backup_json(account).encode())
        if suffix == ".csv":
            return write_table(contacts_frame(account), path)
        return write_workbook([("Contacts", contacts_frame(account))], path)
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror or error})") from None


def contacts_frame(account: Account) -> pd.DataFrame:
    """One row per contact, its groups by name, in the order Boolky lists them."""
    names = {g.id: g.name for g in account.groups}
    return pd.DataFrame(
        {
            "id": [c.id for c in account.contacts],
            "name": [c.name for c in account.contacts],
            "phone": [c.phone for c in account.contacts],
            "groups": [
                "; ".join(names.get(g, str(g)) for g in c.group_ids if g != ALL_GROUP_ID)
                for c in account.contacts
            ],
            "gender": pd.array([c.gender for c in account.contacts], dtype="Int64"),
            "mail": [c.mail or "" for c in account.contacts],
            "birthday": [c.birthday or "" for c in account.contacts],
        }
    )


def _backup_json(account: Account) -> str:
    data = {
        "contacts": [c.to_wire() for c in account.contacts],
        "groups": [
            {
                "id": g.id,
                "customerId": g.customer_id,
                "name": g.name,
                "position": g.position,
                "notValid": g.not_valid,
            }
            for g in account.groups
        ],
    }
    return json.dumps({"result": {"data": data}}, ensure_ascii=False, indent=1) + "\n"
