"""The report of a run that created 100,000 contacts, against the floors of those rows.

Run: ``python benchmarks/report.py [--rows N] [--profile]``.

The run is made up (not timed): a plan of N creates -- name, E.164 phone,
e-mail, a group -- every one applied ``ok`` with its new contact id, as
``boolky-sync run`` hands it to ``write_report``. Then, each in this process,
one after the other, best of three:

- ``report``: ``write_report`` in every format (summary.json, report.html,
  changes.csv, report.xlsx), the change table built from the plan included;
- the issue's floor -- the unit its figures are given in ("3.1x the floor of
  those rows"): a bare ``phonenumbers.parse`` + ``is_valid_number`` +
  ``format_number(E164)`` loop over the same N phone strings, what reading
  those rows cannot go below. The aim: the report <= 0.5x that floor;
- the bare writes of the same table, which the report cannot go below
  either: ``DataFrame.to_csv`` of the change table, and openpyxl's
  write-only workbook appending its cells as plain values (no header style,
  no formula check, no widths). The report writes both and a page besides,
  so its ratio to their sum is what the report adds of its own.

``--profile`` prints where ``write_report``'s time goes (cProfile, top 25).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from _common import peak_mib
from openpyxl import Workbook

from boolky_sync.api.records import NewContact
from boolky_sync.report import write_report
from boolky_sync.report.model import RunReport
from boolky_sync.report.tables import build_tables
from boolky_sync.sync.apply.outcomes import ApplyResult
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.model import Create, Plan
from boolky_sync.sync.options import SyncOptions


def made_up_run(rows: int) -> RunReport:
    """A run that planned and created ``rows`` contacts, every write taken."""
    phones = [f"+447911{n:06d}" for n in range(rows)]
    creates = [
        Create(NewContact(f"Person {n}", phone, mail=f"person{n}@example.com"), ("CRM",))
        for n, phone in enumerate(phones)
    ]
    plan = Plan("bench", SyncOptions(mode="mirror", managed_groups=("CRM",)), {"CRM": 1})
    plan.creates = creates
    outcomes = [Outcome("create", p, 1000 + n, None, True) for n, p in enumerate(phones)]
    started = datetime(2026, 1, 1, tzinfo=UTC)
    return RunReport(
        pipeline="bench",
        started=started,
        dry_run=False,
        plan=plan,
        applied=ApplyResult(outcomes=outcomes),
        finished=started,
    )


def best_of(tries: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(tries):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def phone_floor(phones: list[str]) -> None:
    import phonenumbers

    for text in phones:
        number = phonenumbers.parse(text, "GB")
        phonenumbers.is_valid_number(number)
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def bare_xlsx(frame: pd.DataFrame, path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Created")
    sheet.append(list(frame.columns))
    for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
        sheet.append(row)
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 25")
    args = parser.parse_args()
    report = made_up_run(args.rows)
    phones = [c.record.phone for c in report.plan.creates] if report.plan else []
    table = build_tables(report).changes
    with tempfile.TemporaryDirectory(prefix="boolky-report-") as name:
        folder = Path(name)
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(write_report, report, folder / "profiled")
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
        wrote = best_of(3, lambda: write_report(report, folder / "reports"))
        latest = folder / "reports" / "latest"
        sizes = {p.name: p.stat().st_size / 2**20 for p in sorted(latest.iterdir())}
        phone = best_of(3, lambda: phone_floor(phones))
        csv = best_of(3, lambda: table.to_csv(folder / "bare.csv", index=False))
        xlsx = best_of(3, lambda: bare_xlsx(table, folder / "bare.xlsx"))
    print(f"report of {args.rows:,} creates: {wrote:.2f} s (every format, tables built)")
    print("    " + ", ".join(f"{k} {v:.1f} MiB" for k, v in sizes.items()))
    print(f"issue's floor, phonenumbers over the same phones: {phone:.2f} s"
          f" -> report {wrote / phone:.2f}x (aim <= 0.5x)")  # fmt: skip
    print(f"bare writes of the change table: to_csv {csv:.2f} s + openpyxl write-only "
          f"{xlsx:.2f} s = {csv + xlsx:.2f} s -> report {wrote / (csv + xlsx):.2f}x")  # fmt: skip
    print(f"peak {peak_mib():,.0f} MiB (this process, the made-up run included)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
