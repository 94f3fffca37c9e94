"""Group names matched to Boolky's groups the way a person would (case, spacing).

The source says "vip " where Boolky holds "VIP"; both are one group. Every
group decision of the plan compares keys (``group_key``) and sends Boolky's
own spelling where it has one.

Boolky lets two groups share a name (a lost ``addGroup`` answer makes a second
"CRM"). One of them is the group: the one holding most of this pipeline's
contacts, the lowest id on a tie. Creates, updates and removals all go to it
(the plan's ``group_ids`` name it), its twins count as other groups -- a
removal never goes to an empty twin while the contacts stay in the real one.
"""

from __future__ import annotations

from boolky_sync.api.records import ALL_GROUP_ID, Account
from boolky_sync.normalize.groups import group_key
from boolky_sync.sync.options import SyncOptions


class AccountGroups:
    """Boolky's groups and the source's by key: which exist, which are managed, which to make.

    ``held`` counts this pipeline's contacts in each group (by id): it picks the
    group among several of one name.
    """

    def __init__(
        self,
        account: Account,
        wanted_sets: list[tuple[str, ...]],
        options: SyncOptions,
        held: dict[int, int] | None = None,
    ) -> None:
        held = held or {}
        twins: dict[str, list[tuple[int, str]]] = {}
        for group in sorted(account.groups, key=lambda g: g.id):
            twins.setdefault(group_key(group.name), []).append((group.id, group.name))
        self.by_key = {
            key: min(found, key=lambda g: (-held.get(g[0], 0), g[0]))
            for key, found in twins.items()
        }
        self.twins = {key: found for key, found in twins.items() if len(found) > 1}
        """Keys that several Boolky groups share, with those groups (id order)."""
        self.key_of_id = {
            gid: key if self.by_key[key][0] == gid else f"#{gid}"
            for key, found in twins.items()
            for gid, _ in found
        }
        self.name_of_id = {g.id: g.name for g in account.groups}
        # "All" exists whether or not getContacts lists it: never created, never left.
        self.all_key = self.key_of_id.setdefault(ALL_GROUP_ID, "all")
        self.name_of_id.setdefault(ALL_GROUP_ID, "All")
        self.by_key.setdefault(self.all_key, (ALL_GROUP_ID, self.name_of_id[ALL_GROUP_ID]))
        self.held = held
        self.managed = {group_key(name) for name in options.managed_groups} - {self.all_key}
        self.wanted: dict[str, str] = {}
        for names in wanted_sets:
            for name in names:
                self.wanted.setdefault(group_key(name), name)

    def existing_ids(self) -> dict[str, int]:
        """Every group by its exact name (the chosen one where names repeat, else the
        oldest): the names in a plan's updates and removals are Boolky's own, not only
        the one matched per key."""
        ids: dict[str, int] = {}
        for gid, name in sorted(self.name_of_id.items()):
            ids.setdefault(name, gid)
        ids.update({name: gid for gid, name in self.by_key.values()})
        return ids

    def twin_notes(self) -> list[str]:
        """One note per name several groups share that this plan uses (managed or wanted)."""
        notes = []
        for key, found in sorted(self.twins.items()):
            if key not in self.managed and key not in self.wanted:
                continue
            gid, name = self.by_key[key]
            ids = ", ".join(str(g) for g, _ in found)
            notes.append(
                f"{len(found)} groups are called {name} (ids {ids}): using {gid}, which holds "
                "this pipeline's contacts"
                if self.held.get(gid)
                else f"{len(found)} groups are called {name} (ids {ids}): using {gid}, the "
                "oldest (none holds this pipeline's contacts)"
            )
        return notes

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


class UpdateGroupNames:
    """Group names for the updates, worked out once per distinct set (sets repeat a lot)."""

    def __init__(self, groups: AccountGroups) -> None:
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
            found = self._names[names] = self._groups.names(group_keys(names))
        return found

    def after(self, ids: tuple[int, ...], added: tuple[str, ...]) -> tuple[str, ...]:
        """Every group a contact in ``ids`` is in once ``added`` too."""
        found = self._after.get((ids, added))
        if found is None:
            current = (self._groups.name_of_id.get(i, f"#{i}") for i in ids)
            found = tuple(sorted({*current, *added}, key=group_key))
            self._after[(ids, added)] = found
        return found


def group_keys(names: tuple[str, ...]) -> frozenset[str]:
    """Group names as the keys they are matched by."""
    return frozenset(group_key(n) for n in names)
