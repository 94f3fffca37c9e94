"""A RunReport made from real stages on a small, hostile source, for the writer tests.

The source holds what a report must survive: a name that is a script tag, one
that is a spreadsheet formula, names starting with ``+``, ``-`` and ``@``, an
umlaut, a merged duplicate and a refused row whose name is another script.
It is extracted and normalized for real, and planned as a mirror against an
account built here, so the plan has creates, field updates, a group add, a
removal, a deletion and a group to create. Apply and verify are stood in for
by an ``ApplyResult`` with one refused update and a matching ``Drift``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from boolky_sync.api.records import Account, Contact, Group
from boolky_sync.extract import extract
from boolky_sync.normalize import NormalizeOptions, normalize
from boolky_sync.report.model import RunReport
from boolky_sync.sync.apply import ApplyResult
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import make_plan
from boolky_sync.sync.verify import Drift

SOURCE = """Name,Phone,Email,Groups
<script>alert(1)</script>,+4915123456701,a@example.com,Kunden
"=HYPERLINK(""http://evil"",""x"")",+4915123456702,,Kunden
+Plus Name,015123456703,,Kunden;VIP
Anna Müller,+4915123456704,anna@example.com,Kunden
Anna Dup,+4915123456704,,Kunden
-Minus,+4915123456705,bernd@new.example.com,Kunden
<script>alert(2)</script>,12,,Kunden
@Fail,+4915123456706,,Kunden
"""
SCRIPT_NAME = "<Script>alert(1)</script>"
"""The first contact's name after normalize fixed its case."""
REJECTED_SCRIPT = "<script>alert(2)</script>"
FORMULA_NAME = '=HYPERLINK("http://evil","x")'
FAILED_PHONE = "+4915123456705"
STARTED = datetime(2026, 3, 1, 2, 30, 5, tzinfo=UTC)

ACCOUNT = Account(
    contacts=[
        Contact(11, "Anna Mueller", "+4915123456704", (5,)),
        Contact(12, "-Minus", FAILED_PHONE, (5,), mail="old@example.com"),
        Contact(13, "@Fail", "+4915123456706", ()),
        Contact(20, "Carla", "+4915123456709", (5, 6)),
        Contact(21, "Dora", "+4915123456710", (5,)),
        Contact(30, "Made By Hand", "+4915123456799", (6,)),
    ],
    groups=[Group(0, "All"), Group(5, "Kunden"), Group(6, "Freunde")],
)
OPTIONS = SyncOptions(
    mode="mirror", managed_groups=("Kunden",), delete_contacts=True, allow_mass_delete=True
)


def ledger() -> pd.DataFrame:
    """Carla and Dora were written by this pipeline before, and have left the source."""
    return pd.DataFrame(
        {
            "phone": ["+4915123456709", "+4915123456710"],
            "contact_id": pd.array([20, 21], dtype="Int64"),
            "groups": [("Kunden",), ("Kunden",)],
            "state": ["ok", "ok"],
        }
    )


def planned_report(folder: Path, *, pipeline: str = "nightly") -> RunReport:
    """The report of a dry run: extracted, normalized and planned, nothing applied."""
    path = folder / "contacts.csv"
    path.write_text(SOURCE, encoding="utf-8")
    extracted = extract(path)
    normalized = normalize(
        extracted.table, extracted.mapping, NormalizeOptions(default_region="DE")
    )
    plan = make_plan(normalized.contacts, normalized.carried, ACCOUNT, ledger(), OPTIONS)
    return RunReport(
        pipeline=pipeline,
        started=STARTED,
        dry_run=True,
        sources=[str(path)],
        target="sandbox (state in sandbox.sqlite)",
        normalized=normalized,
        plan=plan,
        durations={"extract": 0.0123, "normalize": 0.02, "plan": 0.001},
        finished=STARTED,
    )


def applied_report(folder: Path, *, pipeline: str = "nightly") -> RunReport:
    """The same run applied: everything landed but one update, which left a drift."""
    report = planned_report(folder, pipeline=pipeline)
    assert report.plan is not None
    report.dry_run = False
    report.applied = ApplyResult(outcomes=outcomes(report.plan))
    report.drift = Drift(
        mismatched={FAILED_PHONE: {"mail": ["old@example.com", "bernd@new.example.com"]}},
        explanations=["1 contacts did not take their update; see the failed changes"],
    )
    report.call_stats = {"calls": 9, "write_calls": 6, "retries": 2}
    report.durations = {**report.durations, "apply": 1.5, "verify": 0.25}
    report.exit_code = 1
    return report


def outcomes(plan: Plan) -> list[Outcome]:
    """What apply would book for ``plan``, with Boolky refusing one mail change."""
    booked = [Outcome("create_group", None, 7, name, True) for name in plan.create_groups]
    booked += [
        Outcome("create", c.record.phone, 100 + i, None, True) for i, c in enumerate(plan.creates)
    ]
    for update in plan.updates:
        ok = update.record.phone != FAILED_PHONE
        booked.append(
            Outcome("update", update.record.phone, update.contact_id, None, ok)
            if ok
            else Outcome(
                "update", FAILED_PHONE, 12, None, False, "invalidMail", "mail is not valid"
            )
        )
    booked += [Outcome("remove", r.phone, r.contact_id, r.group, True) for r in plan.removals]
    booked += [Outcome("delete", d.phone, d.contact_id, None, True) for d in plan.deletes]
    return booked


def limited(report: RunReport, keep: int) -> RunReport:
    """``report`` as if ``--limit`` had let only the first ``keep`` contact outcomes through."""
    assert report.plan is not None and report.applied is not None
    kept = [o for o in report.applied.outcomes if o.op == "create_group"]
    kept += [o for o in report.applied.outcomes if o.op != "create_group"][:keep]
    skipped = report.plan.changes - (len(kept) - len(report.plan.create_groups))
    return replace(report, applied=ApplyResult(outcomes=kept, skipped=skipped))
