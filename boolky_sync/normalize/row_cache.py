"""Whole rows' readings kept between runs, found again by a hash of the cells they come from.

The value cache (``cache.read_through``) spares a warm run the parsing, but
not the work around it: splitting cells, choosing a row's number among its
columns, the look-ups themselves, one distinct value at a time. A nightly
export is the same rows again, a few changed; so where a reading depends only
on a row's own cells (and what its space names: the options, the columns, the
library versions), the row's whole reading is kept by a 128-bit hash of those
cells, and a warm run reads only the rows whose cells it has not seen.

The table of one space is a single Arrow stream in the cache file
(``ReadingCache.row_table``): read whole, matched on whole columns, rewritten
only when the run saw new rows, which are added to it (only they are encoded):
so it holds the rows of earlier runs too (two files read in turn by one pipeline
keep both). It is bounded by the run that writes it: past twice that run's rows
(and ``SPARE``) or ``MAX_ROWS``, it is made again of that run's rows alone.
Only readings that come back exactly as they went in are kept (text or None,
tuples of text); a run whose readings are anything else is read and not kept.
Anything wrong with the table -- broken, of another shape -- is logged, and the
run reads every row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from boolky_sync.errors import BoolkyError
from boolky_sync.normalize.cache import ReadingCache, active

log = logging.getLogger(__name__)

Array = npt.NDArray[Any]
Kind = Literal["text", "texts"]
"""How a column of readings is kept: ``text`` holds str or None, ``texts`` tuples of str."""
MAX_ROWS = 2_000_000
"""Rows one space's table keeps at most; past it only the rows of the latest run are kept."""
SPARE = 10_000
"""Rows a table may hold beyond twice those of the run that writes it, so a small file's
table is not made again every few runs."""
SAMPLE = 1_000
"""Cells of a column looked at to tell whether its texts are mostly distinct."""
HASH_KEYS = ("boolky-sync rows", "rows boolky-sync")
"""Two keys for two independent 64-bit hashes of a row (pandas wants 16 bytes each)."""
_SEPARATOR = "\x1f"
"""Between the items of a kept tuple of texts (a tuple is kept as one text)."""
_TEXT = pa.dictionary(pa.int32(), pa.string())
_KEYS = ("h1", "h2")


def through_rows(
    space: str,
    cells: Sequence[pd.Series],
    kinds: Mapping[str, Kind],
    read: Callable[[Array], Mapping[str, Array]],
) -> dict[str, Array]:
    """Each row's readings (columns named as ``kinds``), by position: kept ones from the cache,
    the others from ``read``, which gets the positions of the rows to read and returns their
    columns in that order. ``cells``: every column the readings depend on, one per input."""
    cache = active()
    rows = len(cells[0]) if cells else 0
    if cache is None or rows == 0:
        return dict(read(np.arange(rows)))
    keys = row_keys(cells)
    stored = _stored(cache, space, kinds)
    found = _found(stored, keys)
    missing = np.flatnonzero(found < 0)
    fresh = read(missing) if len(missing) else {}
    hits = np.flatnonzero(found >= 0)
    if stored is None or len(hits) == 0:  # nothing kept yet: the rows read are the result
        out = {name: fresh[name] for name in kinds}
        _keep(cache, space, kinds, keys, out, stored, missing)
        return out
    out = {}
    at = pa.array(np.maximum(found, 0))  # a row read afresh takes row 0's, then its own
    for name, kind in kinds.items():
        column = _decoded(stored.column(name).take(at), kind)
        if len(missing):
            column[missing] = fresh[name]
        out[name] = column
    del fresh
    if len(missing):
        _keep(cache, space, kinds, keys, out, stored, missing)
    return out


def row_keys(cells: Sequence[pd.Series]) -> tuple[Array, Array]:
    """Two 64-bit hashes of each row's cells, each column's distinct values hashed once.

    A cell that is not text is hashed by its type and repr, so ``None`` and ``"None"``
    (or ``1`` and ``"1"``) never share a hash.
    """
    columns = [_hashable(c.to_numpy(dtype=object)) for c in cells]
    hashes = []
    for hash_key in HASH_KEYS:
        combined = np.zeros(len(cells[0]), dtype=np.uint64)
        for codes, texts in columns:
            each = pd.util.hash_array(texts, hash_key=hash_key, categorize=False)
            combined = (combined * np.uint64(0x100000001B3)) ^ (
                each if codes is None else each[codes]
            )
        hashes.append(combined)
    return hashes[0], hashes[1]


def _hashable(cells: Array) -> tuple[Array | None, Array]:
    """A column as texts to hash and the codes that spread them over its rows (None: a text
    a row). A column of few distinct cells (labels, countries) is hashed once per cell; one of
    mostly distinct texts (phones) is hashed whole, which costs less than finding them."""
    sample = cells[:SAMPLE]
    if len(pd.unique(sample)) > len(sample) // 2 and _all_text(cells):
        return None, cells
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    return codes, _texts(uniques)


def _all_text(values: Array) -> bool:
    return pd.api.types.infer_dtype(values, skipna=False) in ("string", "empty")


def _texts(uniques: Array) -> Array:
    """The distinct cells as text to hash: most columns are all text, and hashed as they are."""
    values = np.asarray(uniques, dtype=object)
    if _all_text(values):
        return values
    return np.array([_text(u) for u in values], dtype=object)


def _text(value: object) -> str:
    return value if type(value) is str else f"\x00{type(value).__name__}\x00{value!r}"


def _stored(cache: ReadingCache, space: str, kinds: Mapping[str, Kind]) -> pa.Table | None:
    """The space's table, or None when there is none or it is not one this code wrote."""
    try:
        data = cache.row_table(space)
        if data is None:
            return None
        table = pa.ipc.open_stream(data).read_all()
    except (BoolkyError, pa.ArrowException) as error:
        log.warning("normalize cache: kept rows not read: %s", error)
        return None
    wanted = pa.schema([(key, pa.uint64()) for key in _KEYS] + [(name, _TEXT) for name in kinds])
    if not table.schema.equals(wanted):
        log.warning("normalize cache: kept rows of another shape passed over")
        return None
    return table


def _found(stored: pa.Table | None, keys: tuple[Array, Array]) -> Array:
    """Each row's position in ``stored`` (-1: not there), both hashes equal."""
    if stored is None:
        return np.full(len(keys[0]), -1, dtype=np.int64)
    first = stored.column("h1").to_numpy()
    second = stored.column("h2").to_numpy()
    index = pd.Index(first)
    if not index.is_unique:  # two kept rows share a first hash: look up both
        pairs = pd.MultiIndex.from_arrays([first, second])
        both: Array = pairs.get_indexer(pd.MultiIndex.from_arrays(list(keys)))
        return both.astype(np.int64)
    found: Array = index.get_indexer(keys[0]).astype(np.int64)
    there = found >= 0
    found[there & (second[np.where(there, found, 0)] != keys[1])] = -1
    return found


def _decoded(values: pa.ChunkedArray, kind: Kind) -> Array:
    """The kept column as objects, each distinct text made once (most columns hold few)."""
    chunk = values.combine_chunks()
    texts = chunk.dictionary.to_numpy(zero_copy_only=False)
    if kind == "texts":
        texts = pd.Series(
            [tuple(t.split(_SEPARATOR)) if t else () for t in texts], dtype=object
        ).to_numpy()
    codes = chunk.indices.to_numpy(zero_copy_only=False)
    if chunk.null_count:
        texts = np.append(texts, np.array([None], dtype=object))
        codes = np.where(chunk.is_null().to_numpy(zero_copy_only=False), len(texts) - 1, codes)
    decoded: Array = texts[codes.astype(np.int64)]
    return decoded


def _encoded(values: Array, kind: Kind) -> pa.Array:
    """The column as Arrow dictionary text, ``texts`` joined by ``_SEPARATOR``: an item that
    holds it or is empty would not come back as it went in, so (like a value that is not
    text) it raises ``ArrowTypeError`` and the run's rows are not kept."""
    if kind == "texts":
        items = [item for many in values for item in many]
        if not all(type(i) is str and i and _SEPARATOR not in i for i in items):
            raise pa.ArrowTypeError("items of texts that would not come back as they are")
        values = np.array([_SEPARATOR.join(many) for many in values], dtype=object)
    return pa.array(values, type=pa.string()).dictionary_encode()


def _keep(
    cache: ReadingCache,
    space: str,
    kinds: Mapping[str, Kind],
    keys: tuple[Array, Array],
    columns: Mapping[str, Array],
    stored: pa.Table | None,
    missing: Array,
) -> None:
    """Rewrite the space's table: the kept one with the rows read (``missing``, once each),
    or, past its bound, this run's rows alone."""
    rows = len(keys[0])
    bound = min(MAX_ROWS, 2 * rows + SPARE)
    growing = stored is not None and stored.num_rows + len(missing) <= bound
    at = missing if growing else np.arange(rows)
    pairs = pd.MultiIndex.from_arrays([k[at] for k in keys])
    at = at[~pairs.duplicated()]
    try:
        table = pa.table(
            {key: pa.array(k[at], type=pa.uint64()) for key, k in zip(_KEYS, keys, strict=True)}
            | {name: _encoded(columns[name][at], kind) for name, kind in kinds.items()}
        )
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return  # a reading that would not come back as it is: this run's rows are not kept
    if growing:
        table = pa.concat_tables([stored, table]).combine_chunks()
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with pa.ipc.new_stream(sink, table.schema, options=options) as stream:
        stream.write_table(table)
    del table
    try:
        cache.keep_row_table(space, memoryview(sink.getvalue()))  # the stream's bytes, uncopied
    except BoolkyError as error:
        log.warning("normalize cache: rows not kept: %s", error)
