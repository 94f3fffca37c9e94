"""The report's tables, built once from a ``RunReport`` and shown by every writer alike.

changes.csv, the XLSX sheets and the HTML tables must never disagree, so none
of them looks at the Plan or the outcomes itself: they all render the frames
made here. ``changes`` has one row per planned change -- and an update one row
per field it changes, so before and after sit side by side -- joined with what
became of it: ``ok`` or ``failed`` once applied, ``skipped`` when ``--limit``
left it out (or the run stopped before it), ``planned`` when nothing was
applied (a dry run, or a run stopped before apply) -- and ``blocked by guard``
for each removal and deletion of a plan the safety guard stopped, so a person
sees what it would have removed. Values are text (``""`` for none) so every
format shows the same thing.

Besides the changes, the report lists tables of rows -- the rejected rows, the
warnings -- each described once in ``LISTINGS``: its HTML section, its XLSX
sheet, its CSV file if it has one. A new list is a property here and one entry
there. ``LABELS`` are the column names a person reads (the XLSX headers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from boolky_sync.normalize.consent import HELD_BACK_COLUMNS
from boolky_sync.normalize.rejects import REJECT_COLUMNS, WARNING_COLUMNS
from boolky_sync.report.model import RunReport
from boolky_sync.report.reasons import reason_column
from boolky_sync.report.settle import BLOCKED, settle
from boolky_sync.sync.apply import ApplyResult
from boolky_sync.sync.model import CONTACT_FIELDS, Create, Delete, Plan, Removal, Update

CHANGE_COLUMNS = (
    "op",
    "phone",
    "name",
    "contact_id",
    "group",
    "field",
    "before",
    "after",
    "outcome",
    "message_key",
    "detail",
)
OUTCOMES = ("ok", "failed", "skipped", "planned", BLOCKED)
"""What became of a planned change, in the ``outcome`` column."""
SUPPRESSED = "on the suppression list"
"""What the list of suppressed phones says of each, in its ``held_back`` column."""

REJECT_LAYOUT = ("row", "phone", "reason", "detail", "file")
"""The first columns of the report's rejected rows, before the row's original values."""
BLOCKED_COLUMNS = ("op", "phone", "name", "contact_id", "group", "detail")
"""What the list of the changes the safety guard blocked shows of each."""

LABELS = {
    "held_back": "Held back",
    "op": "Change",
    "phone": "Phone",
    "name": "Name",
    "contact_id": "Contact id",
    "group": "Group",
    "field": "Field",
    "before": "Before",
    "after": "After",
    "outcome": "Outcome",
    "message_key": "Boolky's answer",
    "detail": "Detail",
    "file": "File",
    "row": "Row",
    "reason": "Reason",
    "code": "Code",
    "figure": "Figure",
    "value": "Value",
}
"""A report column's name as a person reads it; a source's own columns keep theirs."""


@dataclass(frozen=True)
class Listing:
    """One list of rows the report shows besides the changes."""

    key: str
    """The ``ReportTables`` property holding it, and its HTML section's id."""
    title: str
    """Its heading on the page."""
    sheet: str
    """Its sheet in report.xlsx."""
    csv_file: str | None = None
    """The CSV file holding all of it, if one does."""
    fixed: tuple[str, ...] = ()
    """Its own columns (labelled in the workbook); any others are the source's."""
    when_empty: bool = True
    """Shown (section, sheet, file) even when it holds no rows; a list that only some runs
    have (numbers the suppression list held back) is shown only when it has any."""


LISTINGS = (
    Listing("rejects", "Rejected rows", "Rejected", "rejects.csv", REJECT_LAYOUT),
    Listing("warnings", "Warnings", "Warnings", None, WARNING_COLUMNS),
    Listing(
        "held_back",
        "Held back: no consent",
        "Held back",
        "held_back.csv",
        HELD_BACK_COLUMNS,
        when_empty=False,
    ),
    Listing(
        "suppressed",
        "On the suppression list, held back",
        "Suppressed",
        "suppressed.csv",
        ("phone", "held_back"),
        when_empty=False,
    ),
)
"""The lists every format shows, in the order they are shown."""


class ReportTables:
    """Everything the file writers render, each part computed once, on first use.

    summary.json alone never pays for the change table of a large run.
    """

    def __init__(self, report: RunReport) -> None:
        self.summary: dict[str, Any] = report.summary()
        self.applied = report.applied is not None
        """Whether apply ran; if not, ``summary["outcomes"]`` holds planned figures."""
        self._report = report

    @cached_property
    def changes(self) -> pd.DataFrame:
        """One row per planned change (per changed field for updates); ``CHANGE_COLUMNS``."""
        return change_table(self._report.plan, self._report.applied)

    @cached_property
    def rejects(self) -> pd.DataFrame:
        """The refused rows as a person reads them (``REJECT_LAYOUT``): row, phone, the
        reason in words with its code beside it, detail, file, then the original values."""
        normalized = self._report.normalized
        return reject_table(normalized.rejects if normalized else _empty(REJECT_COLUMNS))

    @cached_property
    def blocked(self) -> pd.DataFrame:
        """The removals and deletions the safety guard stopped (``BLOCKED_COLUMNS``)."""
        changes = self.changes
        return changes.loc[changes["outcome"] == BLOCKED, list(BLOCKED_COLUMNS)]

    def listing(self, listing: Listing) -> pd.DataFrame:
        """The rows of one of ``LISTINGS``."""
        frame: pd.DataFrame = getattr(self, listing.key)
        return frame

    @cached_property
    def suppressed(self) -> pd.DataFrame:
        """The source's phones the suppression list held back (``Plan.suppressed``)."""
        plan = self._report.plan
        phones = plan.suppressed if plan else []
        return pd.DataFrame({"phone": pd.Series(phones, dtype=object), "held_back": SUPPRESSED})

    @cached_property
    def held_back(self) -> pd.DataFrame:
        """``Normalized.held_back``: phone, row, file, column, value, reason."""
        normalized = self._report.normalized
        return normalized.held_back if normalized else _empty(HELD_BACK_COLUMNS)

    @cached_property
    def warnings(self) -> pd.DataFrame:
        """``Normalized.warnings``: file, row, field, code, detail."""
        normalized = self._report.normalized
        return normalized.warnings if normalized else _empty(WARNING_COLUMNS)


def build_tables(report: RunReport) -> ReportTables:
    return ReportTables(report)


def reject_table(rejects: pd.DataFrame) -> pd.DataFrame:
    """``Normalized.rejects`` in ``REJECT_LAYOUT`` order, each reason code put in words."""
    source = [c for c in rejects.columns if c not in REJECT_COLUMNS]
    table = rejects[[*REJECT_LAYOUT, *source]].copy()
    table["reason"] = reason_column(rejects["reason"]).astype(object)
    return table.reset_index(drop=True)


def labelled(frame: pd.DataFrame, fixed: Iterable[str]) -> pd.DataFrame:
    """``frame`` with its own columns (``fixed``) under the names a person reads.

    A source column already named like one of those ("Phone" beside the reject's
    "phone") gets `` (source)`` appended, so no two headers are the same.
    """
    own = set(fixed)
    names = {c: LABELS.get(c, c) for c in frame.columns if c in own}
    taken = set(names.values())
    names.update({c: f"{c} (source)" for c in frame.columns if c not in own and c in taken})
    return frame.rename(columns=names)


def change_table(plan: Plan | None, applied: ApplyResult | None) -> pd.DataFrame:
    """The planned changes in write order, each with its outcome (see the module).

    Creates -- most of a first run's rows -- are built as columns, and every
    row is settled at once: matched to its outcome by key (``settle``) rather
    than looked up row by row.
    """
    if plan is None:
        return _empty(CHANGE_COLUMNS)
    groups = pd.DataFrame.from_records(
        [_row("create_group", group=name) for name in plan.create_groups],
        columns=list(CHANGE_COLUMNS),
    )
    rest = pd.DataFrame.from_records(list(_other_rows(plan)), columns=list(CHANGE_COLUMNS))
    parts = [p for p in (groups, _create_frame(plan.creates), rest) if len(p)]
    frame = pd.concat(parts, ignore_index=True) if parts else _empty(CHANGE_COLUMNS)
    frame = frame.astype(object)
    settle(frame, applied, blocked=plan.blocked is not None)
    frame["contact_id"] = frame["contact_id"].astype("Int64")
    return frame


def summary_items(summary: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """The summary flattened to (dotted key, value) pairs, nested dicts opened up.

    ``plan.create``, ``rejected.phone_invalid``, ``drift_detail.missing``: the
    same keys the HTML puts in ``data-summary-key``; lists stay whole.
    """
    items: list[tuple[str, Any]] = []
    for key, value in summary.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            items.extend(summary_items(value, f"{dotted}."))
        else:
            items.append((dotted, value))
    return items


def text(value: Any) -> str:
    """A value as the reports show it: ``""`` for none, a list or tuple joined by ", "."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(map(text, value))
    return str(value)


# -- the planned side --------------------------------------------------------

Row = dict[str, Any]


def _other_rows(plan: Plan) -> Iterator[Row]:
    """One row per change after the creates, in apply's order: updates, removals, deletes."""
    for update in plan.updates:
        yield from _update_rows(update)
    for removal in plan.removals:
        yield _removal_row(removal)
    for delete in plan.deletes:
        yield _delete_row(delete)


def _row(op: str, **values: Any) -> Row:
    row: Row = dict.fromkeys(CHANGE_COLUMNS, "")
    row["contact_id"] = None
    row.update(op=op, **values)
    return row


def _create_frame(creates: list[Create]) -> pd.DataFrame:
    """The creates' rows, a column at a time; ``after`` lists the fields set besides the name.

    Every column is made as the ``object`` column the change table holds, so none is
    turned into Arrow strings on the way and back again.
    """
    records = [c.record for c in creates]
    index = pd.RangeIndex(len(creates))

    def column(values: Any) -> pd.Series:
        return pd.Series(values, index=index, dtype=object)

    after = pa.nulls(len(creates), _TEXT).fill_null("")
    for name in (f for f in CONTACT_FIELDS if f != "name"):
        values = column(list(map(attrgetter(name), records)))
        if not all_text(values):
            values = values.map(text, na_action="ignore")
        shown = pa.array(values, type=_TEXT, from_pandas=True)  # none: the field is not set
        piece = pc.binary_join_element_wise(pa.scalar(f"{name}: ", _TEXT), shown, _NOTHING)
        joined = pc.binary_join_element_wise(after, piece, pa.scalar("; ", _TEXT))  # none: unset
        after = pc.if_else(pc.equal(after, ""), piece.fill_null(""), pc.coalesce(joined, after))
    columns = dict.fromkeys(CHANGE_COLUMNS, column(""))
    columns.update(
        op=column("create"),
        phone=column(list(map(attrgetter("phone"), records))),
        name=column(list(map(attrgetter("name"), records))),
        contact_id=column(None),
        group=column(_texts([c.groups for c in creates])),
        after=column(after.to_numpy(zero_copy_only=False)),
        detail=column(["re-added: it was deleted on Boolky" if c.restore else "" for c in creates]),
    )
    return pd.DataFrame(columns)


def _texts(values: list[Any]) -> list[str]:
    """``text`` of each value, worked out once per object: a plan's creates share their
    groups' tuple, so 100,000 creates join a handful of tuples, not 100,000."""
    shown = {id(v): text(v) for v in {id(v): v for v in values}.values()}
    return [shown[id(v)] for v in values]


_TEXT = pa.large_string()
_NOTHING = pa.scalar("", _TEXT)


def all_text(values: pd.Series) -> bool:
    """Whether every cell that is not empty is a ``str`` (looked at in C, not cell by cell)."""
    return pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")


def _update_rows(update: Update) -> Iterator[Row]:
    """One row per changed field, then one for the groups it joins."""
    common: Row = {
        "phone": update.record.phone,
        "name": update.record.name,
        "contact_id": update.contact_id,
    }
    for field in sorted(update.changes, key=_field_order):
        before, after = update.changes[field]
        yield _row("update", field=field, before=text(before), after=text(after), **common)
    if update.add_groups or not update.changes:
        before = [g for g in update.groups if g not in update.add_groups]
        yield _row(
            "update",
            group=text(update.add_groups),
            field="groups",
            before=text(before),
            after=text(update.groups),
            **common,
        )


def _field_order(field: str) -> int:
    return CONTACT_FIELDS.index(field) if field in CONTACT_FIELDS else len(CONTACT_FIELDS)


def _removal_row(removal: Removal) -> Row:
    return _row(
        "remove",
        phone=removal.phone,
        name=removal.name,
        contact_id=removal.contact_id,
        group=removal.group,
        field="groups",
        before=removal.group,
    )


def _delete_row(delete: Delete) -> Row:
    return _row(
        "delete",
        phone=delete.phone,
        name=delete.name,
        contact_id=delete.contact_id,
        detail=delete.reason,
    )


def _empty(columns: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
