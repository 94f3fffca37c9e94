"""pyarrow's side of the CSV reader: every record as a row of strings, the ragged ones set aside.

pyarrow parses a big file on all cores, but a row that is not the header's
width it can only drop (or stop at); the reader wants those rows kept, so the
invalid-row handler sets them aside with their record numbers, and
``csv_ragged`` reads them again. The rows then become one array of Python
strs, which is most of the cost of a big file (``_fill_strings``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from boolky_sync.extract.csv_lines import LineNumbers
from boolky_sync.extract.csv_ragged import ragged_shape, squared
from boolky_sync.extract.delimiters import sample_records, sample_text


def arrow_table(data: bytes, delimiter: str) -> tuple[pa.Table, list[pacsv.InvalidRow]] | None:
    """Every record as a row of strings, header included, and the ragged rows set aside.

    A multi-threaded parse cannot number the rows it sets aside (pyarrow gives
    None), so the first ragged row stops it and one thread parses the file
    again, numbering them; a file without one is parsed once, on all cores.
    When the sample already holds a ragged row, one thread parses it from the
    start. None when pyarrow refuses the file (e.g. an unclosed quote running
    past a block).
    """
    sampled = sample_records(sample_text(data), delimiter, truncated=False)
    if not sampled:
        return None
    names = [str(i) for i in range(len(sampled[0]))]
    set_aside: list[pacsv.InvalidRow] = []

    def set_row_aside(row: pacsv.InvalidRow) -> str:
        """Keep the row for ``csv_ragged``; stop when it has no number to put it back by."""
        set_aside.append(row)
        return "skip" if row.number is not None else "error"

    ragged_at_once = any(len(record) != len(names) for record in sampled[1:])
    try:
        try:
            table = _arrow_parse(
                data, delimiter, names, set_row_aside, use_threads=not ragged_at_once
            )
        except pa.ArrowInvalid:
            if not any(row.number is None for row in set_aside):
                raise  # not a ragged row that stopped it: pyarrow cannot read this file
            set_aside.clear()
            table = _arrow_parse(data, delimiter, names, set_row_aside, use_threads=False)
    except pa.ArrowInvalid:
        pa.default_memory_pool().release_unused()  # the exact path needs the memory
        return None
    return table, sorted(set_aside, key=lambda row: row.number)  # one thread numbers them all


def _arrow_parse(
    data: bytes,
    delimiter: str,
    names: list[str],
    on_ragged_row: Callable[[pacsv.InvalidRow], str],
    *,
    use_threads: bool,
) -> pa.Table:
    return pacsv.read_csv(
        pa.BufferReader(data),
        read_options=pacsv.ReadOptions(column_names=names, use_threads=use_threads),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=b'"' in data,
            invalid_row_handler=on_ragged_row,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def arrow_cells(
    rows: pa.Table, lines: LineNumbers, ragged: list[list[str]], ragged_lines: LineNumbers
) -> tuple[npt.NDArray[np.object_], LineNumbers, list[str]]:
    """pyarrow's rows and the ragged ones as one rows × columns array in the file's order,
    with each row's line and the notes on the ragged rows."""
    width = rows.num_columns
    total, notes = ragged_shape(width, ragged)
    every_line = np.sort(np.concatenate((lines, ragged_lines)))
    cells = np.empty((len(every_line), total), dtype=object, order="F")
    at = np.searchsorted(every_line, lines)
    column_cells = np.empty(rows.num_rows, dtype=object)
    for index, column in enumerate(rows.columns):
        if not ragged:
            _fill_strings(column, cells[:, index])
            continue
        _fill_strings(column, column_cells)
        cells[at, index] = column_cells
    if ragged:
        cells[at, width:] = ""
        cells[np.searchsorted(every_line, ragged_lines)] = squared(ragged, total)
    return cells, every_line, notes


def blank_rows(table: pa.Table) -> npt.NDArray[np.bool_]:
    """Rows whose every cell is empty or only (ASCII) whitespace.

    Each column is looked at only in the rows still blank so far, which after
    the first column or two are few.
    """
    blank = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        candidates = np.flatnonzero(blank)
        if not len(candidates):
            break
        cells = column.take(pa.array(candidates))
        empty = pc.or_(pc.equal(pc.binary_length(cells), 0), pc.ascii_is_space(cells))
        blank[candidates] = empty.to_numpy()
    return blank


def _fill_strings(column: pa.ChunkedArray, out: npt.NDArray[np.object_]) -> None:
    """Python strs for one column, one object per distinct value where values repeat.

    Making the Python objects is most of the cost of a big file; columns such as
    first names, cities or groups repeat a few values, and sharing them saves
    both time and memory.
    """
    if not len(column):
        return
    probe = column.slice(0, 10_000)
    if pc.count_distinct(probe).as_py() * 2 > len(probe):
        out[:] = column.to_numpy(zero_copy_only=False)
        return
    encoded = pc.dictionary_encode(column).combine_chunks()
    values = encoded.dictionary.to_numpy(zero_copy_only=False)
    np.take(values, encoded.indices.to_numpy(), out=out)
