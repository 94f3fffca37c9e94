"""How much a source file may ask of this machine before it is read.

A contact export is a few columns wide and rarely more than a million rows; a
file far beyond that is damaged or made to hurt — one workbook cell at
XFD1048576 makes the workbook library allocate 512 GB, a header of 100,000
columns sends every later stage into minutes of work per file. Each limit here
is a ``[source]`` setting with a default every real export fits with room, and
the refusal names the setting to raise for a file that is genuine.

The defaults, and why:

- ``max_columns = 2000``: the widest exports we know (HubSpot's or Salesforce's
  "all properties") have a few hundred columns.
- ``max_cell_kib = 128``: Excel holds at most 32,767 characters in a cell,
  which is at most 96 KiB of UTF-8; no export of Excel's data is longer.
- ``max_cells = 20,000,000``: a million contacts of 20 columns; a sheet's whole
  rectangle, A1 to its farthest cell, counts, as the workbook library allocates it.
- ``max_inflated_mib = 512``: a workbook of a million contacts of 20 text
  columns unpacks to about 300 MiB of XML.
- ``max_compression_ratio = 200``: workbook XML of real contacts packs about
  5 to 15 times (the 100,000-row benchmark workbook: 13); only a sheet of the
  same cells repeated packs 200 times. A member that does and unpacks to more
  than ``RATIO_FLOOR`` is refused, however small the whole file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boolky_sync.errors import InputError
from boolky_sync.option_rules import whole_number

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

KIB = 1024
MIB = 1024 * KIB
RATIO_FLOOR = 1 * MIB
"""A member that unpacks to less than this is never refused for how well it packs."""


@dataclass(frozen=True)
class ReadLimits:
    """The most a source file may hold; the field names are the ``[source]`` keys."""

    max_columns: int = 2000
    """Columns in the header or any row (a CSV, a sheet, JSON keys, vCard columns)."""
    max_cell_kib: int = 128
    """Bytes of UTF-8 in one cell, in KiB."""
    max_cells: int = 20_000_000
    """Cells of a workbook sheet's rectangle, from A1 to its farthest cell."""
    max_inflated_mib: int = 512
    """What a workbook (a zip) unpacks to, in MiB."""
    max_compression_ratio: int = 200
    """How many times smaller than its content a workbook's member may be packed."""

    def __post_init__(self) -> None:
        """Refuse a value outside its rule (1 or more) with ``OptionError`` (a ``ValueError``)."""
        for limit in fields(self):
            whole_number(limit.name, getattr(self, limit.name), 1, like=limit.default)  # type: ignore[arg-type]

    @property
    def max_cell_bytes(self) -> int:
        return self.max_cell_kib * KIB


def check_width(path: Path, columns: int, limits: ReadLimits, *, where: str, row: int) -> None:
    """Refuse a header or row wider than ``max_columns``; ``where`` says which, and its verb
    ("the header has")."""
    if columns > limits.max_columns:
        raise InputError(
            f"{path.name}: {where} {columns:,} columns, more than the limit of "
            f"{limits.max_columns:,}; if the file is genuine, raise [source] max_columns",
            path=str(path),
            row=row,
            key="path",
        )


def long_cell(path: Path, row: int, column: str, size: int, limits: ReadLimits) -> InputError:
    """The refusal of a cell longer than ``max_cell_kib``, naming its row and column."""
    return InputError(
        f"{path.name}: row {row}, column {column!r} holds {size:,} bytes, more than the limit "
        f"of {limits.max_cell_kib:,} KiB; if the file is genuine, raise [source] max_cell_kib",
        path=str(path),
        row=row,
        column=column,
        key="path",
    )


def check_cells(
    path: Path,
    columns: Mapping[str, Sequence[str]],
    rows: Sequence[int] | npt.NDArray[np.integer[Any]],
    limits: ReadLimits,
) -> None:
    """Refuse the first cell (column by column) longer than ``max_cell_kib``.

    ``rows`` are the row numbers a person finds the values on, one per value.
    """
    for name, values in columns.items():
        found = first_long_cell(values, limits.max_cell_bytes)
        if found is not None:
            raise long_cell(path, int(rows[found[0]]), name, found[1], limits)


def first_long_cell(values: Sequence[str], limit: int) -> tuple[int, int] | None:
    """(index, UTF-8 bytes) of the first value longer than ``limit`` bytes, or None.

    ``len`` of a str is C-fast and a character is 1 to 4 bytes, so only values
    longer than a quarter of the limit are encoded to be measured.
    """
    shortest = limit // 4
    if max(map(len, values), default=0) <= shortest:
        return None
    for index, value in enumerate(values):
        if len(value) > shortest:
            size = len(value.encode("utf-8", errors="surrogatepass"))
            if size > limit:
                return index, size
    return None
