"""Client + sandbox throughput: add 100,000 contacts in batches of 500, then read them back.

Run: ``python benchmarks/api_roundtrip.py [--contacts N] [--batch N]``. The
sandbox runs in its own process (as a real server would), so the figures are
the client's and the server's together over loopback HTTP.
"""

from __future__ import annotations

import argparse
import time

from _common import BENCH_KEY, peak_mib, sandbox_process

from boolky_sync.api import BoolkyClient, NewContact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()

    contacts = [
        NewContact(
            f"Person {i}",
            f"+4915{i:09d}",
            "13-04-1993" if i % 3 == 0 else None,
            1 + i % 2,
            f"p{i}@example.com" if i % 2 else None,
        )
        for i in range(args.contacts)
    ]
    with sandbox_process() as url, BoolkyClient(url, BENCH_KEY) as client:
        group = client.add_group("Bench")
        started = time.perf_counter()
        for start in range(0, len(contacts), args.batch):
            client.add_contacts(contacts[start : start + args.batch], [group.id])
        added = time.perf_counter() - started

        before = peak_mib()
        started = time.perf_counter()
        account = client.get_contacts()
        read = time.perf_counter() - started
        assert len(account.contacts) == args.contacts

    print(
        f"add     {args.contacts:>9,} contacts in batches of {args.batch}: "
        f"{added:6.2f} s  {args.contacts / added:>9,.0f} contacts/s"
    )
    print(
        f"getContacts {len(account.contacts):>9,} contacts: {read:6.2f} s  "
        f"peak {peak_mib():.0f} MiB (client process; {before:.0f} MiB before the read)"
    )


if __name__ == "__main__":
    main()
