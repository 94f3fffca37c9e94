"""The change table's outcome columns: what became of each planned change, settled at once.

An outcome is matched to the change it settles by a key (``_keys``) -- never
row by row -- so a run of a hundred thousand creates is settled by one hash
lookup of its keys in Arrow.
"""

from __future__ import annotations

from operator import attrgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from boolky_sync.sync.apply import ApplyResult

BLOCKED = "blocked by guard"
GUARDED_OPS = ("remove", "delete")
"""The changes the safety guard counts, and blocks."""

_TEXT = pa.large_string()


def _keys(op: pd.Series, phone: pd.Series, group: pd.Series) -> pa.Array:
    """How an outcome is matched to the change it settles: creates, updates and deletes
    are one per phone; removals (and group creations) one per phone and group."""
    by_group = op.isin(("remove", "create_group"))
    group = group.where(by_group & group.notna(), "")
    phone = phone.where(phone.notna(), "")
    parts = (pa.array(_as_str(p), type=_TEXT) for p in (op, phone, group))
    return pc.binary_join_element_wise(*parts, pa.scalar("\x1f", _TEXT))


def _as_str(values: pd.Series) -> pd.Series:
    """``values.astype(str)``, skipped when every value already is one."""
    return (
        values if pd.api.types.infer_dtype(values, skipna=False) == "string" else values.astype(str)
    )


def settle(frame: pd.DataFrame, applied: ApplyResult | None, *, blocked: bool) -> None:
    """Fill ``frame``'s outcome columns in place; ``blocked``: the guard stopped the plan."""
    if applied is None:
        guarded = blocked & frame["op"].isin(GUARDED_OPS).to_numpy()
        frame["outcome"] = np.where(guarded, BLOCKED, "planned").tolist()
        return
    columns = ["op", "phone", "group", "ok", "message_key", "detail", "contact_id"]
    outcomes = applied.outcomes
    done = pd.DataFrame(
        {c: pd.Series(list(map(attrgetter(c), outcomes)), dtype=object) for c in columns}
    )
    done = done.where(done.notna(), None)  # a column of nothing but None reads as NaN
    keys = _keys(done["op"], done["phone"], done["group"])
    # each change is settled by the last outcome of its key: looked up in them reversed
    last = pc.index_in(_keys(frame["op"], frame["phone"], frame["group"]), value_set=keys[::-1])
    at = len(keys) - 1 - last.fill_null(len(keys)).to_numpy().astype(np.int64)  # -1: none
    found = at >= 0
    matched = done.iloc[at[found]]
    ok = matched["ok"].astype(bool).to_numpy()
    outcome = np.full(len(frame), "skipped", dtype=object)
    outcome[found] = np.where(ok, "ok", "failed")
    frame["outcome"] = pd.Series(outcome, index=frame.index, dtype="str")
    message_key = frame["message_key"].to_numpy(copy=True)
    given = matched["message_key"]
    message_key[found] = given.where(given.astype(bool), "").to_numpy()
    frame["message_key"] = pd.Series(message_key, index=frame.index, dtype=object)
    detail = frame["detail"].to_numpy(copy=True)
    told = matched["detail"].to_numpy()
    detail[found] = np.where(matched["detail"].astype(bool).to_numpy(), told, detail[found])
    frame["detail"] = pd.Series(detail, index=frame.index, dtype=object)
    no_id = found & frame["contact_id"].isna().to_numpy()
    frame.loc[no_id, "contact_id"] = done.iloc[at[no_id]]["contact_id"].to_numpy()
