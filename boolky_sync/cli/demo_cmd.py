"""``sandbox demo``: the quick start's first look, with no account and no network.

It starts a sandbox in this process, loads a Boolky backup file into it through
the real client, and lists what the sandbox then holds, so a new user sees the
whole round trip on their own machine.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import click
import orjson

from boolky_sync.api import NewContact
from boolky_sync.api.records import parse_account
from boolky_sync.cli.account_cmd import print_contacts
from boolky_sync.errors import InputError


@click.command()
@click.argument(
    "backup",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("sample_data/boolky_backup.json"),
)
def demo(backup: Path) -> None:
    """Load BACKUP (a getContacts JSON) into a fresh in-process sandbox and list it."""
    from boolky_sync.api import BoolkyClient
    from boolky_sync.sandbox import run_sandbox

    try:
        account = parse_account(orjson.loads(backup.read_bytes())["result"]["data"])
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"{backup}: not a Boolky getContacts backup ({exc})") from None

    with run_sandbox() as box, BoolkyClient(box.url, box.api_key) as client:
        click.echo(f"sandbox listening on {box.url}", err=True)
        new_ids = {g.id: client.add_group(g.name).id for g in account.groups}
        by_groups: dict[tuple[int, ...], list[NewContact]] = defaultdict(list)
        for c in account.contacts:
            target = tuple(sorted(new_ids[g] for g in c.group_ids if g in new_ids))
            by_groups[target].append(NewContact(c.name, c.phone, c.birthday, c.gender, c.mail))
        for group_ids, batch in by_groups.items():
            client.add_contacts(batch, group_ids)
        print_contacts(client.get_contacts())
