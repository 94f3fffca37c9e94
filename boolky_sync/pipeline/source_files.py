"""A pipeline's source as one table: every file it names, read and mapped as one.

A nightly export is often several files (one per shop, one per day); they are
one source only if they share a layout, so the first file's mapping serves
them all and a file that differs is refused instead of being half-read. The
rows cut off at the end of any file travel with the table, so the run can
refuse a source that was still being written.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from boolky_sync.errors import InputError
from boolky_sync.extract import Extracted, extract, read_source
from boolky_sync.extract.table import SourceTable, cut_row_note
from boolky_sync.pipeline.config import Pipeline


def read_pipeline_source(pipeline: Pipeline) -> Extracted:
    """Read every file of the source as one table, mapped by the first file's layout."""
    source = pipeline.source
    first, *others = source.paths
    extracted = extract(
        first,
        format=source.format,
        sheet=source.sheet,
        encoding=source.encoding,
        preset=source.preset,
        mapping=source.mapping or None,
        limits=source.limits,
        remembered_in=source.remembered_in,
    )
    if not others:
        return extracted
    tables = [extracted.table] + [
        read_source(
            p,
            format=source.format,
            sheet=source.sheet,
            encoding=source.encoding,
            limits=source.limits,
        )
        for p in others
    ]
    for table in tables[1:]:
        if table.columns != extracted.table.columns:
            raise InputError(
                f"{Path(table.path).name}: its columns differ from {Path(first).name}'s; "
                "files of one source must share a layout (use one pipeline per layout)"
            )
    frame = pd.concat([t.frame for t in tables], ignore_index=True)
    cut_rows = {name: line for t in tables[1:] for name, line in t.cut_rows.items()}
    merged = SourceTable(
        frame,
        extracted.table.format,
        str(first),
        notes=extracted.table.notes + [cut_row_note(*cut) for cut in cut_rows.items()],
        cut_rows=extracted.table.cut_rows | cut_rows,  # the first file's note is in its notes
    )
    return Extracted(merged, extracted.mapping)


def refuses_cut_source(pipeline: Pipeline) -> bool:
    """Whether a source cut mid-row (an export still being written) stops the run: a mirror's
    does, since it would remove every contact yet to be written; elsewhere it is a warning."""
    return pipeline.sync.mode == "mirror"
