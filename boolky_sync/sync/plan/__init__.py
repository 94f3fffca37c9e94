"""The diff: a pure function from (desired, remote, ledger, options) to a Plan.

Everything DESIGN.md says under "Sync semantics" is decided here and nowhere
else, without I/O, so it can be tested exhaustively and shown before anything
is written.

It has to be fast for a million contacts, so the work is done on whole
columns: every phone of the three tables (desired, Boolky, ledger) becomes an
integer code in one pass, after which matching them is array indexing; every
distinct set of groups becomes a code too, and group decisions are made once
per distinct combination of sets, not once per contact. Python objects are
built only for the contacts that change.

``phones`` indexes the phones and says whose each remote contact is (by the
ids the ledger wrote), ``codes`` the group sets, ``groups`` matches group names
as a person would (and picks one of two groups of one name), ``copies`` cleans
up this pipeline's own extra copies of a phone; ``creates``, ``updates`` and ``removals``
decide each kind of write, ``moves`` finds records whose phone changed;
``suppressed`` holds back the numbers on the suppression list before any of them.
``guard`` stops a mirror that removes too much; it is not called here: the caller
runs it on the finished plan (``check_guard``), so a stopped run can still show
every change it blocked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boolky_sync.api.records import Account
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan.codes import GroupSets, Ints
from boolky_sync.sync.plan.copies import note_by_hand, plan_copies
from boolky_sync.sync.plan.creates import plan_creates
from boolky_sync.sync.plan.groups import AccountGroups
from boolky_sync.sync.plan.guard import check_guard
from boolky_sync.sync.plan.matched import MatchedRows
from boolky_sync.sync.plan.moves import find_moves, leave_old_numbers
from boolky_sync.sync.plan.phones import PhoneIndex
from boolky_sync.sync.plan.removals import plan_mirror, plan_stale
from boolky_sync.sync.plan.suppressed import held_back, mark_suppressed
from boolky_sync.sync.plan.updates import plan_updates
from boolky_sync.sync.remote import check_complete, fingerprint, remote_frame

__all__ = ["check_guard", "make_plan"]

LEDGER_COLUMNS = ("phone", "contact_id", "name", "groups", "state")


def make_plan(
    desired: pd.DataFrame,
    carried: frozenset[str],
    account: Account,
    ledger: pd.DataFrame,
    options: SyncOptions,
    owned: pd.DataFrame | None = None,
    remote: pd.DataFrame | None = None,
    suppressed: frozenset[str] = frozenset(),
    records: pd.DataFrame | None = None,
    *,
    fingerprinted: bool = True,
) -> Plan:
    """Decide the fewest writes that make Boolky hold ``desired``; unguarded (``check_guard``).

    ``desired`` has one row per E.164 phone with ``name``, ``gender``, ``mail``,
    ``birthday`` (None where unknown) and ``groups`` (tuple of names);
    ``carried`` names the fields the source has a column for; ``ledger`` is
    ``Ledger.frame()`` (phone, contact_id, name, groups, state are read);
    ``owned`` is ``Ledger.owned()``, every id the pipeline wrote per phone (without
    it, each ledger entry's own id); ``remote`` is ``remote_frame(account)`` when the
    caller has it already. A phone in ``suppressed`` (the suppression list) is held
    back from ``desired``: never written, and named in ``Plan.suppressed``. ``records``
    is ``Ledger.records()``: with a ``record_id`` column in ``desired``, a record found
    under a new phone is a move (``Plan.moves``), its old number leaving the managed groups.
    ``fingerprinted=False``: a plan never saved (verify's, or one applied at once) goes
    without the digest of the remote state that tells a stale saved plan.
    """
    remote = remote_frame(account) if remote is None else remote
    ledger = _ledger_view(ledger)
    ok = (ledger["state"] == "ok").to_numpy(bool)
    check_complete(remote, ledger["contact_id"].to_numpy(np.int64, na_value=-1)[ok])

    desired = desired.reset_index(drop=True)
    held = held_back(desired, suppressed, remote, ledger, options)
    if held.any():
        held_phones, desired = desired.loc[held, "phone"].tolist(), desired[~held]
        desired = desired.reset_index(drop=True)
    else:
        held_phones = []
    phones = PhoneIndex(desired, remote, ledger, owned)
    sets = GroupSets(desired, remote, ledger)
    groups = AccountGroups(account, sets.desired, options, _held(sets, phones.ours))
    plan = Plan(
        fingerprint=fingerprint(remote, [(g.id, g.name) for g in account.groups])
        if fingerprinted
        else "",
        options=options,
        group_ids=groups.existing_ids(),
        create_groups=groups.to_create(),
        remote_duplicates=phones.duplicates(remote),
        notes=groups.twin_notes(),
    )
    found = phones.match >= 0
    missing = desired[~found]
    plan_creates(plan, missing, phones.confirmed(missing["phone"]), carried, groups)
    merging, settled = plan_copies(plan, remote, phones, groups, ledger, options)
    # Phones held only by hand-made contacts, and phones whose copies are merged this
    # run, are neither created nor compared.
    alone = np.zeros(len(desired), bool)
    alone[found] = (phones.taken | merging)[phones.desired[found]]
    matched = MatchedRows(desired, remote, phones, sets, found & ~alone)
    if options.mode != "insert":
        plan_updates(plan, matched, carried, groups, ledger, phones, options)
    else:
        plan.unchanged = len(matched.rows)
    plan.moves = find_moves(desired, records)
    if options.mode == "mirror":
        plan_mirror(plan, remote, matched, phones, sets, groups, carried, options, settled)
    elif plan.moves:
        leave_old_numbers(plan, remote, phones, groups, options)
    plan_stale(plan, remote, phones)
    mark_suppressed(plan, held_phones, suppressed)
    note_by_hand(plan, phones, remote)
    if plan.remote_duplicates:
        plan.notes.append(
            f"{len(plan.remote_duplicates)} phones are held by several contacts on Boolky; "
            "the newest of this pipeline's copies (else the oldest) of each is compared, the "
            "others that are not this pipeline's are left alone (reported as drift when the "
            "source wants the phone)"
        )
    return plan


def _held(sets: GroupSets, ours: np.ndarray) -> dict[int, int]:
    """This pipeline's contacts in each Boolky group (by id), counted once per group set."""
    counts: Ints = np.bincount(sets.remote_codes[ours], minlength=len(sets.remote))
    held: dict[int, int] = {}
    for code in np.flatnonzero(counts):
        for group_id in sets.remote[code]:
            held[group_id] = held.get(group_id, 0) + int(counts[code])
    return held


def _ledger_view(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger columns the plan reads (a frame without ``name`` gets it empty)."""
    if ledger.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LEDGER_COLUMNS})
    view = ledger.reset_index(drop=True)
    if "name" not in view:
        view = view.assign(name=None)
    return view[list(LEDGER_COLUMNS)]
