"""Hostile files refused: time to refusal and peak memory, beside reading a normal file.

Run: ``PYTHONPATH=. python benchmarks/hostile_input.py [--bomb-mib N] [--rows N]``.
Each read runs in a fresh interpreter (``read_source`` with the default limits,
the readers imported before the clock starts) so its peak resident memory is
its own. The floor is a normal file of the same format, ``--rows`` contacts.
Before the limits the far-cell workbook aborted (exit 134) asking for 512 GB,
and the 100,000-column CSV ran for minutes in the later stages.

Last, the size of Boolky's answer: the sandbox's getContacts with every field
filled, in bytes a contact, which ``[target] max_answer_mib`` is chosen from.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

BENCHMARKS = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCHMARKS), str(BENCHMARKS.parent)]


def measure(path: Path | None) -> dict[str, object]:
    """Read one file in this (fresh) interpreter: seconds, rows or the refusal, peak MiB."""
    from _common import peak_mib

    from boolky_sync.errors import InputError
    from boolky_sync.extract import csv_reader, excel_reader  # noqa: F401  loaded before timing
    from boolky_sync.extract.read import read_source

    outcome = "-"
    started = time.perf_counter()
    if path is not None:
        try:
            outcome = f"{read_source(path).rows:,} rows read"
        except InputError as error:
            outcome = "refused: " + str(error).split(":", 1)[1].split(";")[0].strip()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "outcome": outcome, "peak_mib": peak_mib()}


def in_child(path: Path | None) -> dict[str, object]:
    args = [sys.executable, __file__, "--child", str(path) if path else ""]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def report(label: str, path: Path | None) -> None:
    figures = in_child(path)
    size = f"{path.stat().st_size / 1024:,.0f} KiB" if path else ""
    print(
        f"{label:<34} {size:>10} {figures['seconds']:8.3f} s  peak {figures['peak_mib']:5.0f} MiB"
        f"  {str(figures['outcome'])[:90]}"
    )


def answer_bytes_per_contact(contacts: int) -> float:
    """The sandbox's getContacts, every field filled: bytes of the answer a contact."""
    from boolky_sync.api import BoolkyClient
    from boolky_sync.api.records import NewContact
    from boolky_sync.sandbox import run_sandbox

    with run_sandbox() as box, BoolkyClient(box.url, box.api_key) as client:
        groups = [client.add_group("Customers").id, client.add_group("Newsletter").id]
        batch = [
            NewContact(
                f"Firstname{i} Lastname-Longer{i}",
                f"+4479{i:08d}",
                "13-04-1990",
                1 + i % 2,
                f"firstname.lastname{i}@example-company.com",
            )
            for i in range(contacts)
        ]
        for start in range(0, contacts, 1000):
            client.add_contacts(batch[start : start + 1000], groups)
        answer = httpx.get(f"{box.url}/getContacts", headers={"Authorization": box.api_key})
    return len(answer.content) / contacts


FILES = {
    "floor: normal .xlsx": "normal.xlsx",
    "far cell at XFD1048576": "far.xlsx",
    "far cell, dimension lying": "liar.xlsx",
    "sheet repeated (--bomb-mib)": "bomb.xlsx",
    "floor: normal .csv": "normal.csv",
    "CSV of 100,000 columns": "wide.csv",
}


def make_files(folder: Path, rows: int, bomb_mib: int) -> None:
    """Every file of ``FILES`` in ``folder`` (in a child: the big writes would otherwise
    raise the peak that every later child inherits from this process)."""
    from extract import write_csv, write_xlsx

    from tests.extract.hostile_files import far_cell_workbook, inflating_workbook, wide_csv

    write_xlsx(folder / "normal.xlsx", rows)
    far_cell_workbook(folder / "far.xlsx")
    far_cell_workbook(folder / "liar.xlsx", lying=True)
    inflating_workbook(folder / "bomb.xlsx", mib=bomb_mib)
    write_csv(folder / "normal.csv", rows)
    wide_csv(folder / "wide.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the normal files")
    parser.add_argument("--bomb-mib", type=int, default=256, help="what the bomb unpacks to")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--make", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(Path(args.child) if args.child else None)))
        return
    if args.make is not None:
        make_files(args.make, args.rows, args.bomb_mib)
        return

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        extra = ["--rows", str(args.rows), "--bomb-mib", str(args.bomb_mib)]
        subprocess.run([sys.executable, __file__, "--make", str(folder), *extra], check=True)
        print(f"{'file':<34} {'size':>10} {'time':>10}  {'memory':>14}  outcome")
        report("baseline (imports only)", None)
        for label, name in FILES.items():
            report(label, folder / name)
    per_contact = answer_bytes_per_contact(10_000)
    print(
        f"getContacts: {per_contact:.0f} bytes a contact; a million contacts "
        f"{per_contact * 1e6 / 2**20:,.0f} MiB (the default max_answer_mib is 512)"
    )


if __name__ == "__main__":
    main()
