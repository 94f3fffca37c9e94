"""``Journal.written_contacts``: what a pipeline's ledger would hold, by its run journal."""

from __future__ import annotations

from pathlib import Path

from boolky_sync.sync.journal import Journal, Outcome

ANN, BOB, CY = "+447911123456", "+12508682818", "+4915112345678"


def test_writes_count_until_deleted_and_an_old_copy_deleted_does_not(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        run = journal.start_run("crm", dry_run=False, options={"target": "https://a"})
        journal.record_outcomes(
            run,
            [
                Outcome("create", ANN, 1, None, True),
                Outcome("create", BOB, 2, None, True),
                Outcome("create", CY, None, None, False, "invalidPhone"),  # refused
                Outcome("remove", ANN, 1, "CRM", True),
            ],
        )
        later = journal.start_run("crm", dry_run=False, options={"target": "https://a"})
        journal.record_outcomes(
            later,
            [
                Outcome("update", ANN, 7, None, True),  # re-added as 7
                Outcome("delete", ANN, 1, None, True),  # the old copy: Ann stays
                Outcome("delete", BOB, 2, None, True),  # Bob himself
            ],
        )
        elsewhere = journal.start_run("crm", dry_run=False, options={"target": "https://b"})
        journal.record_outcomes(elsewhere, [Outcome("create", BOB, 9, None, True)])
        other = journal.start_run("events", dry_run=False, options={"target": "https://a"})
        journal.record_outcomes(other, [Outcome("create", CY, 5, None, True)])

        assert journal.written_contacts("crm", "https://a") == {ANN: 7}
        assert journal.written_contacts("crm", "https://b") == {BOB: 9}
        assert journal.written_contacts("nobody", "https://a") == {}
