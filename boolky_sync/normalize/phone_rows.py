"""Each row's phone reading through the row cache: a warm run reads only the rows it has not seen.

A row's reading (``phones.PhoneResult``) depends on its phone and label cells,
its region, the phone columns as the run reads them (after
``international_by_content``) and the phone options, and on nothing else of
other rows: so it is kept by row (``row_cache``), its space naming the columns
and options, and the value cache below still serves the rows read again.
"""

from __future__ import annotations

from dataclasses import fields

import pandas as pd

from boolky_sync.extract.mapping import PhoneColumn
from boolky_sync.normalize.cache import namespace
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.phones import PhoneResult, normalize_phones
from boolky_sync.normalize.row_cache import Array, Kind, through_rows

KINDS: dict[str, Kind] = {
    f.name: "texts" if f.name == "others" else "text" for f in fields(PhoneResult)
}


def read_phones(
    frame: pd.DataFrame, phones: list[PhoneColumn], regions: pd.Series, options: NormalizeOptions
) -> PhoneResult:
    """``normalize_phones``' result, the rows a run has read before taken from the cache."""
    regions = regions if regions.index.equals(frame.index) else regions.reindex(frame.index)
    cells = [frame[p.column] for p in phones]
    cells += [frame[p.label_column] for p in phones if p.label_column]
    settings = (options.default_region, options.non_mobile, options.other_phones, phones)

    def read(positions: Array) -> dict[str, Array]:
        result = normalize_phones(frame.iloc[positions], phones, regions.iloc[positions], options)
        return {name: getattr(result, name).to_numpy(dtype=object) for name in KINDS}

    space = namespace("phone rows", repr(settings))
    columns = through_rows(space, [*cells, regions], KINDS, read)
    return PhoneResult(
        **{name: pd.Series(columns[name], index=frame.index, dtype=object) for name in KINDS}
    )
