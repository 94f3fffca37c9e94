"""The steps of a sync around the pure plan: read Boolky and plan, apply and verify.

The pipeline runner calls ``restore_held`` (in a run that writes), then
``plan_sync``, then the safety guard on the plan (``sync.plan.check_guard``),
then ``apply_and_verify`` (a saved plan is checked with ``check_fresh``
first), and gets back everything the report needs. Nothing here knows files
or pipelines; nothing here but ``apply`` and ``restore_held`` (which mends an
earlier apply) writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import pandas as pd

from boolky_sync.api import Account, BoolkyClient
from boolky_sync.api.early import EarlyAnswer
from boolky_sync.errors import SafetyError, UnavailableError
from boolky_sync.memory_release import give_back
from boolky_sync.stop import StopRequest
from boolky_sync.sync.apply import ApplyResult, apply_plan
from boolky_sync.sync.apply.held import settle
from boolky_sync.sync.changes import remote_states
from boolky_sync.sync.journal import Holding, Outcome
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import make_plan
from boolky_sync.sync.remote import check_present, fingerprint, remote_frame
from boolky_sync.sync.verify import Drift, drift_of

log = logging.getLogger(__name__)


@dataclass
class SyncResult:
    plan: Plan
    applied: ApplyResult | None = None
    drift: Drift | None = None


def plan_sync(
    desired: pd.DataFrame,
    carried: frozenset[str],
    client: BoolkyClient,
    ledger: Ledger,
    options: SyncOptions,
    *,
    trust_empty_remote: bool = False,
    suppressed: frozenset[str] = frozenset(),
    then: Callable[[Plan, Account], object] | None = None,
    early: EarlyAnswer | None = None,
    fingerprinted: bool = True,
) -> Plan:
    """Read Boolky and plan in full; writes nothing to Boolky (the ledger may adopt contacts).

    An answer that is no documented getContacts stops in the client
    (``ProtocolError``); one holding too few of the contacts the ledger knows
    stops here (``check_present``, a ``SafetyError``) unless ``trust_empty_remote``.
    Both stop before a restore or re-add is planned on it. The plan is not guarded
    here: a plan the guard stops is still a plan to show. ``suppressed``: the phones
    of the suppression list, held back (``make_plan``). ``then`` adds to the plan what
    the comparison cannot find (a retry's removals), on the same answer. ``early``: the
    read, sent before the source was read (``BoolkyClient.read_early``). ``fingerprinted``:
    the digest of Boolky's state a saved plan is checked by (``check_fresh``); a plan that
    is applied at once is never saved, and goes without it.
    """
    account = client.get_contacts(early)
    known = adopt_unfinished(ledger, account)
    remote = remote_frame(account)
    # make_plan runs its own cut-off check first
    owned, records = ledger.owned(), ledger.records()
    plan = make_plan(
        desired,
        carried,
        account,
        known,
        options,
        owned,
        remote,
        suppressed,
        records,
        fingerprinted=fingerprinted,
    )
    note, lacking = check_present(
        remote, known, ledger.gone(), trust_empty_remote=trust_empty_remote
    )
    plan.gone = lacking
    if then is not None:
        then(plan, account)
    plan.before = remote_states(account, plan)
    if note is not None:
        plan.notes.append(note)
    return plan


def apply_and_verify(
    plan: Plan,
    desired: pd.DataFrame,
    carried: frozenset[str],
    client: BoolkyClient,
    ledger: Ledger,
    *,
    limit: int | None = None,
    record: Callable[[list[Outcome]], None] | None = None,
    progress: Callable[[int], None] | None = None,
    stop: StopRequest | None = None,
    holding: Holding | None = None,
    settle: Callable[[Plan], object] | None = None,
    verifying: Callable[[], object] | None = None,
    meanwhile: Callable[[ApplyResult], object] | None = None,
) -> SyncResult:
    """Apply ``plan`` and read Boolky again; ``stop`` ends apply early, ``holding`` keeps
    what a replace deletes before re-adding (``apply_plan``), ``settle`` is what the caller
    changed in the plan, done to verify's plan too; ``verifying`` is told verify begins
    (the runner's progress bar for it). ``meanwhile`` is handed apply's result once verify's
    read is sent: what the caller does with it needs no answer, and is done while Boolky
    prepares one rather than after it (``verify``)."""
    if plan.gone is not None:  # a run that writes believed this answer: judged once
        ledger.set_gone(plan.gone)
    applied = apply_plan(
        plan,
        client,
        ledger,
        limit=limit,
        record=record,
        progress=progress,
        stop=stop,
        holding=holding,
    )
    if plan.suppressed:  # what the plan held back is not missing on Boolky
        desired = desired[~desired["phone"].isin(plan.suppressed)]
    if verifying is not None:
        verifying()
    then = None if meanwhile is None else partial(meanwhile, applied)
    drift = verify(desired, carried, client, ledger, plan.options, settle, applied.left_out, then)
    return SyncResult(plan, applied, drift)


def verify(
    desired: pd.DataFrame,
    carried: frozenset[str],
    client: BoolkyClient,
    ledger: Ledger,
    options: SyncOptions,
    settle: Callable[[Plan], object] | None = None,
    left_out: frozenset[str] = frozenset(),
    meanwhile: Callable[[], object] | None = None,
) -> Drift:
    """Read Boolky again and measure what still differs, but for the phones ``--limit``
    ``left_out``; a cut-off answer is refused (``make_plan`` checks it against the contacts
    the ledger knows, just written ones too). The read goes out first and Boolky answers
    while the ledger is read (``read_early``) and then while ``meanwhile`` runs: the
    sandbox takes about half a second to answer for 100,000 contacts, which this process
    would spend waiting. Verify measures against the ledger as it was before ``meanwhile``,
    which may write to it. The contacts are decoded only afterwards, and let go once in their
    table: at a million contacts, neither the ledger's tables being built nor the contact
    records stand beside the rest; what apply and those tables freed goes back to the system
    before the account is decoded (``give_back``)."""
    early = client.read_early("getContacts")
    frame, owned = ledger.frame(), ledger.owned()
    if meanwhile is not None:
        meanwhile()
    give_back()
    account = client.get_contacts(early)
    remote = remote_frame(account)
    account = Account(groups=account.groups)  # the plan reads only the groups from here on
    return drift_of(desired, carried, account, frame, options, owned, settle, left_out, remote)


def check_fresh(plan: Plan, client: BoolkyClient) -> None:
    """Refuse to apply a saved plan to a Boolky that changed since it was made; a fresh
    one learns the contacts it writes as they are (``Plan.before``)."""
    account = client.get_contacts()
    now = fingerprint(remote_frame(account), [(g.id, g.name) for g in account.groups])
    if now != plan.fingerprint:
        raise SafetyError(
            "Boolky changed since this plan was made, so it may no longer be right; "
            "make the plan again (or apply with --replan)"
        )
    plan.before = remote_states(account, plan)


def restore_held(client: BoolkyClient, holding: Holding) -> int:
    """Before planning: put back the contacts an earlier replace deleted and did not re-add
    (the run was killed between the two writes, or Boolky took neither the re-add nor
    the put-back), from the full records the journal holds, every field and group.

    A held contact Boolky has again is released; the ledger still names it as
    ``replacing``, and ``adopt_unfinished`` makes it this pipeline's under its new id.
    A contact that cannot be put back stops the run before anything is planned: a plan
    would create it from the source alone, and what staff set on it would be lost.
    Returns how many were put back.
    """
    records = holding.records()
    if not records:
        return 0
    found, back = settle(client, holding, records)
    left = [h.phone for h in records if h.phone not in found and h.phone not in back]
    if left:
        raise UnavailableError(
            f"{len(left):,} contacts an earlier replace deleted could not be put back on "
            "Boolky; they are kept in the run journal and nothing was planned: run again "
            f"once Boolky takes writes ({', '.join(left[:5])}{', ...' if len(left) > 5 else ''})"
        )
    if back:
        log.warning("put back %d contacts an earlier replace had deleted", len(back))
    return len(back)


def adopt_unfinished(ledger: Ledger, account: Account) -> pd.DataFrame:
    """Ledger contacts a killed run left half-written, found on Boolky, become ours for good.

    A run killed after Boolky took a contact but before the ledger heard back
    leaves it ``pending`` (or ``replacing``); if Boolky has the phone, the
    write happened, and the ledger takes Boolky's id: the one it named if that
    contact is still there, else the phone's oldest. One case is left to the
    plan: a ``replacing`` contact whose named copy is there beside a newer copy
    holding what was being written (a re-add made a second contact and the run
    died before deleting the first) -- the plan deletes the old copy.
    Returns the ledger's frame as it is afterwards (read once: it is the plan's input).
    """
    frame = ledger.frame()
    if (frame["state"] == "ok").all():
        return frame
    unfinished = [e for e in ledger.entries() if e.state != "ok"]
    remote = remote_frame(account)
    wanted = remote[remote["phone"].isin({e.phone for e in unfinished})]
    copies: dict[str, list[tuple[int, str, frozenset[int]]]] = {}
    for phone, contact_id, name, groups in zip(  # in id order
        wanted["phone"].tolist(),
        wanted["id"].tolist(),
        wanted["name"].tolist(),
        wanted["group_ids"].tolist(),
        strict=True,
    ):
        copies.setdefault(phone, []).append((contact_id, name, frozenset(groups)))
    adopted = []
    for entry in unfinished:
        held = copies.get(entry.phone)
        if not held:
            continue  # never written (pending), or deleted before its re-add (replacing)
        named = next((c for c in held if c[0] == entry.contact_id), None)
        if named is None:
            contact_id = held[0][0]
        elif entry.state == "replacing" and any(
            c[0] > named[0] and c[1] == entry.name and c[2] >= named[2] for c in held
        ):
            continue  # an old copy beside the re-added one: the plan deletes it
        else:
            contact_id = named[0]
        adopted.append(replace(entry, contact_id=contact_id, state="ok"))
    if not adopted:
        return frame
    ledger.record_written(adopted)
    return ledger.frame()
