"""Small source tables and mappings built in a test, as extract would hand them over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from boolky_sync.extract.mapping import ColumnMapping, FieldMapping, PhoneColumn
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN, SourceTable

FILE = "contacts.csv"


def source(columns: Mapping[str, Sequence[str]], *, file: str = FILE) -> SourceTable:
    """A table with these columns; rows numbered from 2, as under a header line."""
    frame = pd.DataFrame(
        {name: pd.Series(list(cells), dtype=object) for name, cells in columns.items()}
    )
    frame[ROW_COLUMN] = pd.Series(range(2, len(frame) + 2), dtype="int64")
    frame[FILE_COLUMN] = pd.Series([file] * len(frame), dtype=object)
    return SourceTable(frame=frame, format="csv", path=file)


def mapping(phones: Sequence[PhoneColumn | str], **fields: str | Sequence[str]) -> ColumnMapping:
    """Canonical field → column(s), plus the phone columns (a bare name: kind unknown)."""
    phone_columns = [p if isinstance(p, PhoneColumn) else PhoneColumn(p) for p in phones]
    named = {
        field: FieldMapping(
            field, [columns] if isinstance(columns, str) else list(columns), "explicit"
        )
        for field, columns in fields.items()
    }
    named["phone"] = FieldMapping("phone", [p.column for p in phone_columns], "explicit")
    return ColumnMapping(fields=named, phones=phone_columns)
