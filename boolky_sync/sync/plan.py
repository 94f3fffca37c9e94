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
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from boolky_sync.api.records import ALL_GROUP_ID, Account
from boolky_sync.errors import SafetyError
from boolky_sync.normalize.groups import group_key
from boolky_sync.sync.model import CONTACT_FIELDS, Create, Delete, Plan, Record, Removal, Update
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.remote import check_complete, fingerprint, remote_frame

LEDGER_COLUMNS = ("phone", "contact_id", "name", "groups", "state")

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


def make_plan(
    desired: pd.DataFrame,
    carried: frozenset[str],
    account: Account,
    ledger: pd.DataFrame,
    options: SyncOptions,
) -> Plan:
    """Decide the fewest writes that make Boolky hold ``desired``.

    ``desired`` has one row per E.164 phone with ``name``, ``gender``, ``mail``,
    ``birthday`` (None where unknown) and ``groups`` (tuple of names);
    ``carried`` names the fields the source has a column for; ``ledger`` is
    ``Ledger.frame()`` (phone, contact_id, name, groups, state are read).
    """
    remote = remote_frame(account)
    ledger = _ledger_view(ledger)
    ok = (ledger["state"] == "ok").to_numpy(bool)
    check_complete(remote, ledger["contact_id"].to_numpy(np.int64, na_value=-1)[ok])

    desired = desired.reset_index(drop=True)
    keys = _Phones(desired, remote, ledger)
    sets = _Sets(desired, remote, ledger)
    groups = _Groups(account, sets.desired, options)
    plan = Plan(
        fingerprint=fingerprint(remote, [(g.id, g.name) for g in account.groups]),
        options=options,
        group_ids=groups.existing_ids(),
        create_groups=groups.to_create(),
        remote_duplicates=keys.duplicates(remote),
    )
    found = keys.match >= 0
    missing = desired[~found]
    _plan_creates(plan, missing, keys.confirmed(missing["phone"]), carried, groups)
    both = _Both(desired, remote, keys, sets, found)
    if options.mode != "insert":
        _plan_updates(plan, both, carried, groups, ledger, keys, options)
    else:
        plan.unchanged = len(both.rows)
    if options.mode == "mirror":
        _plan_mirror(plan, remote, ledger, both, keys, sets, groups, carried, options)
    _plan_stale(plan, remote, keys)
    if options.mode == "mirror":
        _guard(plan, desired, options)
    if plan.remote_duplicates:
        plan.notes.append(
            f"{len(plan.remote_duplicates)} phones are held by several contacts on Boolky; "
            "the oldest of each is compared, the others are left alone (reported as drift "
            "when the source wants the phone)"
        )
    return plan


# -- matching phones -----------------------------------------------------------------


class _Phones:
    """Boolky's phones as codes, and where the source's and the ledger's phones are among them.

    ``remote`` is each remote row's code (-1 for a phone that cannot be read),
    ``desired`` and ``ledger`` the code of each of their rows (-1 for a phone
    Boolky does not hold). Arrays indexed by code say which remote row holds
    the phone first (its oldest contact), how many remote contacts hold it,
    and whether the source or the ledger has it.
    """

    def __init__(self, desired: pd.DataFrame, remote: pd.DataFrame, ledger: pd.DataFrame) -> None:
        codes, uniques = pd.factorize(remote["phone"])
        self.remote: Ints = np.asarray(codes, np.int64)
        index = pd.Index(uniques)
        self.desired: Ints = index.get_indexer(desired["phone"].astype("str")).astype(np.int64)
        self.ledger: Ints = index.get_indexer(ledger["phone"].astype("str")).astype(np.int64)
        count = len(uniques)

        readable = np.flatnonzero(self.remote >= 0)
        found, first, copies = np.unique(
            self.remote[readable], return_index=True, return_counts=True
        )
        self.first: Ints = np.full(count, -1, np.int64)
        self.first[found] = readable[first]
        self.copies: Ints = np.zeros(count, np.int64)
        self.copies[found] = copies
        self.primary: Flags = np.zeros(len(remote), bool)
        """Remote rows that are the oldest contact of a readable phone: the ones compared."""
        self.primary[readable[first]] = True
        on_boolky = self.desired >= 0
        self.match: Ints = np.full(len(desired), -1, np.int64)
        """The remote row of each desired contact, -1 where Boolky lacks it."""
        self.match[on_boolky] = self.first[self.desired[on_boolky]]

        self.wanted: Flags = np.zeros(count, bool)
        self.wanted[self.desired[on_boolky]] = True
        state = ledger["state"].to_numpy(object)
        held = self.ledger >= 0
        self.in_ok: Flags = np.zeros(count, bool)
        """Confirmed in the ledger: written by this pipeline, Boolky said so."""
        self.in_ok[self.ledger[held & (state == "ok")]] = True
        self.mine: Flags = np.zeros(count, bool)
        """In the ledger and not merely pending: this pipeline's to remove."""
        self.mine[self.ledger[held & (state != "pending")]] = True
        self.ledger_row: Ints = np.full(count, -1, np.int64)
        self.ledger_row[self.ledger[held]] = np.flatnonzero(held)
        self._ledger = ledger
        self.stale: list[tuple[int, int]] = []
        """(old row, new row) of phones an interrupted update left twice on Boolky."""
        replacing = np.flatnonzero(held & (state == "replacing"))
        if len(replacing):
            self._find_stale(remote, ledger, replacing)

    def _find_stale(self, remote: pd.DataFrame, ledger: pd.DataFrame, replacing: Ints) -> None:
        """Ledger contacts still ``replacing`` whose old copy (the id the ledger names) is on
        Boolky beside a newer copy that a re-add of this pipeline made: one with the name
        the ledger says was being written, in every group the old copy is in (a re-add
        sends them all). The run died before deleting the old copy. The newer copy is the
        one compared; the old one is to be deleted. A newer copy that is not provably this
        pipeline's (someone's duplicate) leaves things as they are."""
        ids = remote["id"].to_numpy(np.int64)
        named = ledger["contact_id"].to_numpy(np.int64, na_value=-1)[replacing]
        rows = pd.Index(ids).get_indexer(named)
        codes = self.ledger[replacing]
        doubled = (rows >= 0) & (self.copies[codes] > 1)
        if not doubled.any():
            return
        copies: dict[int, list[int]] = {}
        for row in np.flatnonzero(np.isin(self.remote, codes[doubled])):
            copies.setdefault(int(self.remote[row]), []).append(int(row))
        names = remote["name"].to_numpy(object)
        groups = remote["group_ids"].to_numpy(object)
        writing = ledger["name"].to_numpy(object)[replacing]
        for code, old, name in zip(codes[doubled], rows[doubled], writing[doubled], strict=True):
            ours = [
                row
                for row in copies[int(code)]
                if ids[row] > ids[old]
                and names[row] == name
                and set(groups[row]) >= set(groups[old])
            ]
            if not ours:
                continue
            newest = ours[-1]  # rows are in id order
            self.primary[self.first[code]] = False
            self.primary[newest] = True
            self.first[code] = newest
            self.stale.append((int(old), newest))
        on_boolky = self.desired >= 0
        self.match[on_boolky] = self.first[self.desired[on_boolky]]

    def confirmed(self, phones: pd.Series) -> Flags:
        """Which of ``phones`` the ledger holds as confirmed (Boolky may no longer hold them)."""
        if not len(phones):
            return np.zeros(0, bool)
        ok = pd.Index(self._ledger.loc[self._ledger["state"] == "ok", "phone"].astype("str"))
        return np.asarray(ok.get_indexer(pd.Index(phones.astype("str"))) >= 0, np.bool_)

    def duplicates(self, remote: pd.DataFrame) -> dict[str, list[int]]:
        """Phones held by more than one remote contact, with their ids (oldest first)."""
        if not len(self.copies) or self.copies.max() < 2:
            return {}
        shared = np.flatnonzero((self.remote >= 0) & (self.copies[np.maximum(self.remote, 0)] > 1))
        found: dict[str, list[int]] = {}
        for phone, contact_id in zip(
            remote["phone"].to_numpy(object)[shared], remote["id"].to_numpy()[shared], strict=True
        ):
            found.setdefault(str(phone), []).append(int(contact_id))
        return dict(sorted(found.items()))


class _Sets:
    """Every distinct group set of the three tables, coded: ``desired`` (names),
    ``remote`` (Boolky ids) and ``ledger`` (names) hold the sets, ``*_codes`` each row's."""

    def __init__(self, desired: pd.DataFrame, remote: pd.DataFrame, ledger: pd.DataFrame) -> None:
        self.desired_codes, self.desired = _factorized(desired["groups"])
        self.remote_codes: Ints = remote["group_set"].to_numpy(np.int64)
        found, first = np.unique(self.remote_codes, return_index=True)
        self.remote: list[tuple[int, ...]] = [()] * (int(found.max()) + 1 if len(found) else 0)
        for code, ids in zip(found, remote["group_ids"].to_numpy()[first], strict=True):
            self.remote[code] = tuple(ids)
        self.ledger_codes, self.ledger = _factorized(ledger["groups"])


def _factorized(sets: pd.Series) -> tuple[Ints, list[tuple[str, ...]]]:
    """A column of group-name tuples as a code per row and the distinct tuples."""
    if not len(sets):
        return np.zeros(0, np.int64), []
    codes, uniques = pd.factorize(sets)
    return np.asarray(codes, np.int64), [tuple(u) for u in np.asarray(uniques, dtype=object)]


class _Both:
    """The desired contacts Boolky holds, each beside its (oldest) remote contact."""

    def __init__(
        self,
        desired: pd.DataFrame,
        remote: pd.DataFrame,
        keys: _Phones,
        sets: _Sets,
        found: Flags,
    ) -> None:
        self.rows: Ints = np.flatnonzero(found)
        """Rows of ``desired``."""
        self.remote_rows: Ints = keys.match[self.rows]
        self.codes: Ints = keys.desired[self.rows]
        self.desired = desired
        self.remote = remote
        self.sets = sets
        self.desired_sets: Ints = sets.desired_codes[self.rows]
        self.remote_sets: Ints = sets.remote_codes[self.remote_rows]

    def wanted(self, column: str) -> npt.NDArray[Any]:
        return self.desired[column].to_numpy()[self.rows]

    def held(self, column: str) -> npt.NDArray[Any]:
        return self.remote[column].to_numpy()[self.remote_rows]

    def compared(self, field: str) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """A field of both sides in one comparable form: missing is 0 (gender) or ""."""
        return (
            _comparable(self.desired[field], field)[self.rows],
            _comparable(self.remote[field], field)[self.remote_rows],
        )


def _combinations(*codes: Ints) -> tuple[Ints, list[tuple[int, ...]]]:
    """Each row's number among the distinct combinations of ``codes``, and those combinations."""
    if not len(codes[0]):
        return np.zeros(0, np.int64), []
    inverse = codes[0]
    for more in codes[1:]:
        _, inverse = np.unique(inverse * (int(more.max()) + 1) + more, return_inverse=True)
    _, first, inverse = np.unique(inverse, return_index=True, return_inverse=True)
    combos = [tuple(int(c[i]) for c in codes) for i in first]
    return inverse.astype(np.int64), combos


# -- groups ----------------------------------------------------------------------------


class _Groups:
    """Group names matched to Boolky's groups the way a person would (case, spacing)."""

    def __init__(
        self, account: Account, wanted_sets: list[tuple[str, ...]], options: SyncOptions
    ) -> None:
        self.by_key: dict[str, tuple[int, str]] = {}
        for group in sorted(account.groups, key=lambda g: g.id):
            self.by_key.setdefault(group_key(group.name), (group.id, group.name))
        self.key_of_id = {g.id: group_key(g.name) for g in account.groups}
        self.name_of_id = {g.id: g.name for g in account.groups}
        # "All" exists whether or not getContacts lists it: never created, never left.
        self.all_key = self.key_of_id.setdefault(ALL_GROUP_ID, "all")
        self.name_of_id.setdefault(ALL_GROUP_ID, "All")
        self.by_key.setdefault(self.all_key, (ALL_GROUP_ID, self.name_of_id[ALL_GROUP_ID]))
        self.managed = {group_key(name) for name in options.managed_groups} - {self.all_key}
        self.wanted: dict[str, str] = {}
        for names in wanted_sets:
            for name in names:
                self.wanted.setdefault(group_key(name), name)

    def existing_ids(self) -> dict[str, int]:
        """Every group by its exact name (the oldest where names repeat): the names in a
        plan's updates and removals are Boolky's own, not only the one matched per key."""
        ids: dict[str, int] = {}
        for gid, name in sorted(self.name_of_id.items()):
            ids.setdefault(name, gid)
        return ids

    def to_create(self) -> list[str]:
        return sorted(name for key, name in self.wanted.items() if key not in self.by_key)

    def display(self, key: str) -> str:
        found = self.by_key.get(key)
        return found[1] if found else self.wanted.get(key, key)

    def names(self, keys: frozenset[str]) -> tuple[str, ...]:
        """Keys as the names to send, in a stable order."""
        return tuple(self.display(k) for k in sorted(keys))

    def keys_of_ids(self, ids: tuple[int, ...]) -> frozenset[str]:
        """The groups a contact is in, "All" included: every contact is in it."""
        return frozenset([self.all_key, *(self.key_of_id.get(i, f"#{i}") for i in ids)])


def _keys(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(group_key(n) for n in names)


# -- creates ---------------------------------------------------------------------------


def _plan_creates(
    plan: Plan,
    missing: pd.DataFrame,
    vanished: Flags,
    carried: frozenset[str],
    groups: _Groups,
) -> None:
    """Desired phones Boolky lacks; a ledger contact gone from Boolky was deleted there."""
    if plan.options.remote_deletions == "respect":
        plan.respected_deletions = sorted(missing.loc[vanished, "phone"].tolist())
        if plan.respected_deletions:
            plan.notes.append(
                f"{len(plan.respected_deletions)} contacts this pipeline wrote were deleted "
                'on Boolky since; they are left deleted (remote_deletions = "respect")'
            )
        missing, vanished = missing[~vanished], vanished[~vanished]
    use_groups = "groups" in carried
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    for row, restore in zip(_rows(missing), vanished.tolist(), strict=True):
        wanted = names.get(row.groups) if use_groups else ()
        if wanted is None:
            wanted = names[row.groups] = groups.names(_keys(row.groups))
        plan.creates.append(Create(_record(row), wanted, restore=bool(restore)))


def _record(row: Any) -> Record:
    return Record(
        phone=row.phone,
        name=row.name,
        gender=_value(row.gender),
        mail=_value(row.mail),
        birthday=_value(row.birthday),
    )


def _value(value: Any) -> Any:
    """A cell as a plain Python value: None for every kind of missing, int for numbers."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, np.integer | float):
        return int(value)
    return value


# -- updates ---------------------------------------------------------------------------


def _plan_updates(
    plan: Plan,
    both: _Both,
    carried: frozenset[str],
    groups: _Groups,
    ledger: pd.DataFrame,
    keys: _Phones,
    options: SyncOptions,
) -> None:
    """Contacts on both sides whose carried fields differ or that miss a wanted group."""
    fields = [f for f in CONTACT_FIELDS if f in carried]
    differs = np.zeros(len(both.rows), bool)
    for field in fields:
        wanted, held = both.compared(field)
        known = np.ones(len(wanted), bool) if options.empty_clears else wanted != _EMPTY[field]
        differs |= known & (wanted != held)
    use_groups = "groups" in carried
    adds: list[frozenset[str]] = []
    combo = np.zeros(len(both.rows), np.int64)
    if use_groups and len(both.rows):
        combo, pairs = _combinations(both.desired_sets, both.remote_sets)
        adds = [
            _keys(both.sets.desired[d]) - groups.keys_of_ids(both.sets.remote[r]) for d, r in pairs
        ]
        differs |= np.array([bool(a) for a in adds], bool)[combo]
    plan.unchanged = int((~differs).sum())

    changed = np.flatnonzero(differs)
    if not len(changed):
        return
    rows = _rows(both.desired.iloc[both.rows[changed]])
    olds = _rows(both.remote.iloc[both.remote_rows[changed]])
    written = ledger["groups"].to_numpy(object)
    in_ledger = keys.ledger_row[both.codes[changed]]
    names = _Names(groups)
    for at, where, row, old in zip(changed, in_ledger, rows, olds, strict=True):
        changes: dict[str, tuple[Any, Any]] = {}
        values: dict[str, Any] = {}
        for field in CONTACT_FIELDS:
            before = _value(getattr(old, field))
            after = _value(getattr(row, field)) if field in fields else None
            keep_remote = field not in fields or (after is None and not options.empty_clears)
            values[field] = before if keep_remote else after
            if not keep_remote and before != after:
                changes[field] = (before, after)
        added = names.of_keys(adds[combo[at]]) if use_groups else ()
        if use_groups:
            source = names.of_names(row.groups)
        else:  # the source says nothing of groups: the ledger keeps what it had
            source = tuple(written[where]) if where >= 0 else ()
        plan.updates.append(
            Update(
                contact_id=int(old.id),
                record=Record(phone=row.phone, **values),
                changes=changes,
                add_groups=added,
                groups=names.after(old.group_ids, added),
                source_groups=source,
            )
        )


class _Names:
    """Group names for the updates, worked out once per distinct set (sets repeat a lot)."""

    def __init__(self, groups: _Groups) -> None:
        self._groups = groups
        self._keys: dict[frozenset[str], tuple[str, ...]] = {}
        self._names: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._after: dict[tuple[tuple[int, ...], tuple[str, ...]], tuple[str, ...]] = {}

    def of_keys(self, keys: frozenset[str]) -> tuple[str, ...]:
        found = self._keys.get(keys)
        if found is None:
            found = self._keys[keys] = self._groups.names(keys)
        return found

    def of_names(self, names: tuple[str, ...]) -> tuple[str, ...]:
        found = self._names.get(names)
        if found is None:
            found = self._names[names] = self._groups.names(_keys(names))
        return found

    def after(self, ids: tuple[int, ...], added: tuple[str, ...]) -> tuple[str, ...]:
        """Every group a contact in ``ids`` is in once ``added`` too."""
        found = self._after.get((ids, added))
        if found is None:
            current = (self._groups.name_of_id.get(i, f"#{i}") for i in ids)
            found = tuple(sorted({*current, *added}, key=group_key))
            self._after[(ids, added)] = found
        return found


_EMPTY: dict[str, Any] = {"name": "", "gender": 0, "mail": "", "birthday": ""}


def _comparable(values: pd.Series, field: str) -> npt.NDArray[Any]:
    """A column in a form one vectorised ``!=`` compares: gender as integers (0 unknown),
    the others as text ("" unknown)."""
    if field == "gender":
        return values.astype("Int64").to_numpy(np.int64, na_value=0)
    return values.to_numpy(dtype=object, na_value="")


# -- mirror ------------------------------------------------------------------------------


def _plan_mirror(
    plan: Plan,
    remote: pd.DataFrame,
    ledger: pd.DataFrame,
    both: _Both,
    keys: _Phones,
    sets: _Sets,
    groups: _Groups,
    carried: frozenset[str],
    options: SyncOptions,
) -> None:
    """Remove what left the source, within the scope DESIGN.md draws.

    A contact that left the source leaves the managed groups, or is deleted when
    ``delete_contacts`` and no group but the managed ones (and "All", which holds
    everyone) holds it. A contact still in the source leaves a managed group the
    source no longer lists for it -- only when the source carries groups at all.
    """
    codes = keys.remote
    known = codes >= 0
    wanted = np.zeros(len(codes), bool)
    wanted[known] = keys.wanted[codes[known]]
    if options.scope == "account":
        # Every remote contact, copies and unreadable phones included: a copy left
        # behind would be the next run's delete, and the mirror would never settle.
        plan.in_scope = len(remote)
        reason = "not in the source (account-wide mirror)"
        for row in _rows(remote[~wanted]):
            phone = row.phone if isinstance(row.phone, str) else row.phone_raw
            plan.deletes.append(Delete(int(row.id), phone, row.name, reason))
        if "groups" in carried:
            _leave_groups(plan, both, sets, groups, np.ones(len(both.rows), bool), None)
        return

    mine = np.zeros(len(codes), bool)
    mine[known] = keys.mine[codes[known]]
    plan.in_scope = int((keys.primary & mine).sum())
    if not keys.mine.any():
        plan.notes.append(
            "the ledger is empty: this mirror removes nothing from Boolky (it removes only "
            "contacts this pipeline wrote, and has no record of any)"
        )
        return
    gone = remote[keys.primary & mine & ~wanted]
    for row in _rows(gone):
        held = groups.keys_of_ids(row.group_ids) - {groups.all_key}
        if options.delete_contacts and not (held - groups.managed):
            plan.deletes.append(Delete(int(row.id), row.phone, row.name, "left the source"))
            continue
        for key in sorted(held & groups.managed):
            plan.removals.append(Removal(int(row.id), row.phone, row.name, groups.display(key)))
    if "groups" in carried:
        staying = keys.mine[both.codes]
        in_ledger = keys.ledger_row[both.codes]
        ledger_sets = np.full(len(in_ledger), -1, np.int64)
        ledger_sets[staying] = sets.ledger_codes[in_ledger[staying]]
        _leave_groups(plan, both, sets, groups, staying, ledger_sets)


def _leave_groups(
    plan: Plan,
    both: _Both,
    sets: _Sets,
    groups: _Groups,
    staying: Flags,
    written: Ints | None,
) -> None:
    """Contacts still in the source leave the managed groups it no longer lists for them;
    with ``written`` (each contact's ledger group set), only memberships this pipeline made."""
    if not groups.managed or not staying.any():
        return
    at = np.flatnonzero(staying)
    columns = [both.desired_sets[at], both.remote_sets[at]]
    if written is not None:
        columns.append(written[at])
    combo, found = _combinations(*columns)
    leaving: list[frozenset[str]] = []
    for desired_set, remote_set, *ledger_set in found:
        held = groups.keys_of_ids(sets.remote[remote_set]) & groups.managed
        if ledger_set:
            held &= _keys(sets.ledger[ledger_set[0]])
        leaving.append(held - _keys(sets.desired[desired_set]))
    removes = np.array([bool(keys) for keys in leaving], bool)[combo]
    if not removes.any():
        return
    rows = at[removes]
    ids = both.held("id")[rows]
    phones = both.wanted("phone")[rows]
    names = both.wanted("name")[rows]
    for contact_id, phone, name, which in zip(ids, phones, names, combo[removes], strict=True):
        for key in sorted(leaving[which]):
            plan.removals.append(Removal(int(contact_id), phone, name, groups.display(key)))


def _plan_stale(plan: Plan, remote: pd.DataFrame, keys: _Phones) -> None:
    """Delete the old copies an interrupted update left (this pipeline's own, by its ledger)."""
    if not keys.stale:
        return
    for old, new in keys.stale:
        row = remote.iloc[old]
        plan.deletes.append(
            Delete(
                int(row["id"]),
                str(row["phone"]),
                str(row["name"]),
                "the old copy of a contact whose update was interrupted",
                replaced_by=int(remote["id"].iloc[new]),
            )
        )
    plan.notes.append(
        f"{len(keys.stale)} contacts are on Boolky twice after an interrupted update; "
        "the old copies are deleted"
    )


# -- the guard -------------------------------------------------------------------------


def _guard(plan: Plan, desired: pd.DataFrame, options: SyncOptions) -> None:
    """Stop a mirror that would remove too much, or that has nothing to mirror from."""
    if options.allow_mass_delete:
        return
    if desired.empty:
        raise SafetyError(
            "the source yields no valid contact, and a mirror would remove everything this "
            "pipeline put on Boolky; nothing was done (use --allow-mass-delete if that is meant)"
        )
    # An old copy of a contact that stays is no loss: it does not count.
    deletes = [d for d in plan.deletes if d.replaced_by is None]
    touched = len(deletes) + len({r.contact_id for r in plan.removals})
    if touched and touched > options.max_delete_fraction * max(plan.in_scope, 1):
        raise SafetyError(
            f"the plan removes or deletes {touched} of {plan.in_scope} contacts in scope "
            f"({len(deletes)} deletions, {len(plan.removals)} group removals), over the "
            f"limit of {options.max_delete_fraction:.0%}; nothing was done "
            "(check the source, or use --allow-mass-delete)"
        )


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    """Rows as named tuples, typed loosely: their fields vary with the frame."""
    return frame.itertuples(index=False)


def _ledger_view(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger columns the plan reads (a frame without ``name`` gets it empty)."""
    if ledger.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LEDGER_COLUMNS})
    view = ledger.reset_index(drop=True)
    if "name" not in view:
        view = view.assign(name=None)
    return view[list(LEDGER_COLUMNS)]
