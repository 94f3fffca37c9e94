"""Extract: any contact file in, one table of strings and the column mapping out.

This stage knows file formats and nothing of Boolky. ``read_source`` picks the
reader from the file's content and returns the rows as the file has them;
``map_columns`` decides which column holds which contact field and records how
it decided. ``extract`` does both, which is what a pipeline and ``inspect``
need; the two steps stay public for callers that want only one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from boolky_sync.lazy_import import lazy_names

if TYPE_CHECKING:
    from boolky_sync.extract.guess import Explicit, map_columns
    from boolky_sync.extract.limits import ReadLimits
    from boolky_sync.extract.mapping import CANONICAL_FIELDS, ColumnMapping, PhoneColumn
    from boolky_sync.extract.presets import PRESETS
    from boolky_sync.extract.read import read_source
    from boolky_sync.extract.table import SourceTable
else:
    # Imported on first use: the command line's --help lists PRESETS without loading pandas.
    __getattr__, __dir__ = lazy_names(
        __name__,
        {
            "boolky_sync.extract.guess": ["map_columns"],
            "boolky_sync.extract.limits": ["ReadLimits"],
            "boolky_sync.extract.mapping": ["CANONICAL_FIELDS", "ColumnMapping", "PhoneColumn"],
            "boolky_sync.extract.presets": ["PRESETS"],
            "boolky_sync.extract.read": ["read_source"],
            "boolky_sync.extract.table": ["SourceTable"],
        },
    )

__all__ = [
    "CANONICAL_FIELDS",
    "PRESETS",
    "ColumnMapping",
    "Extracted",
    "PhoneColumn",
    "ReadLimits",
    "SourceTable",
    "extract",
    "map_columns",
    "read_source",
]


@dataclass(frozen=True)
class Extracted:
    """What extract hands on: the rows, and which of their columns holds which field."""

    table: SourceTable
    mapping: ColumnMapping


def extract(
    path: str | Path,
    *,
    format: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    preset: str | None = None,
    mapping: Explicit | None = None,
    limits: ReadLimits | None = None,
    remembered_in: Path | None = None,
) -> Extracted:
    """Read a contact file and map its columns; ``mapping`` (from the pipeline file or
    ``--map``) wins, then the mapping kept in the state folder ``remembered_in`` for this
    header; ``limits`` (the defaults when None) say how large a file may be."""
    from boolky_sync.extract.guess import map_columns
    from boolky_sync.extract.read import read_source
    from boolky_sync.extract.remembered_mappings import recalled

    table = read_source(path, format=format, sheet=sheet, encoding=encoding, limits=limits)
    remembered = recalled(remembered_in, table.columns) if remembered_in else None
    return Extracted(
        table, map_columns(table, preset=preset, explicit=mapping, remembered=remembered)
    )
