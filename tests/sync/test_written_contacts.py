"""``Journal.written_contacts``: what a pipeline's ledger would hold, by its run journal."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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


PIPELINES = ("crm", "events")
TARGETS = ("https://a", "https://b")

outcome = st.builds(
    Outcome,
    op=st.sampled_from(("create", "update", "delete", "delete", "remove", "create_group")),
    phone=st.sampled_from((ANN, BOB, None)),
    contact_id=st.one_of(st.none(), st.integers(1, 2)),
    group=st.none(),
    ok=st.sampled_from((True, True, False)),
)
step = st.one_of(
    st.tuples(st.just("run"), st.sampled_from(PIPELINES), st.sampled_from((*TARGETS, None))),
    # outcomes go to a run picked by its place among those started: an older one too
    st.tuples(st.just("record"), st.integers(0, 20), st.lists(outcome, max_size=4)),
    st.tuples(st.just("ask"), st.sampled_from(PIPELINES), st.sampled_from(TARGETS)),
)


def reference(
    history: list[tuple[int, str, str | None, Outcome]], pipeline: str, target: str
) -> dict[str, int | None]:
    """The fold as it was before the answer was kept: every ok write, in (run, order)."""
    written: dict[str, int | None] = {}
    ordered = sorted(enumerate(history), key=lambda item: (item[1][0], item[0]))
    for _, (_run, name, run_target, o) in ordered:
        if name != pipeline or run_target not in (None, target) or not o.ok:
            continue
        if o.phone is None or o.op not in ("create", "update", "delete"):
            continue
        if o.op != "delete":
            written[o.phone] = o.contact_id if o.contact_id is not None else written.get(o.phone)
        elif o.phone in written and written[o.phone] in (None, o.contact_id):
            del written[o.phone]
    return written


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, max_size=24))
# an outcome added to a run older than one already folded, which random steps seldom find
@example(
    [
        ("run", "crm", "https://a"),
        ("run", "crm", None),
        ("record", 1, [Outcome("create", ANN, 1, None, True)]),
        ("ask", "crm", "https://a"),
        ("record", 0, [Outcome("delete", ANN, 1, None, True)]),
    ]
)
def test_the_kept_answer_is_the_fold_of_the_whole_history(steps: list[tuple[Any, ...]]) -> None:
    runs: list[tuple[int, str, str | None]] = []
    history: list[tuple[int, str, str | None, Outcome]] = []
    with Journal(None) as journal:
        last = [("ask", p, t) for p in PIPELINES for t in TARGETS]
        for kind, *args in [*steps, *last]:
            if kind == "run":
                name, target = args
                options = {} if target is None else {"target": target}
                runs.append((journal.start_run(name, dry_run=False, options=options), *args))
            elif kind == "record" and runs:
                run_id, name, target = runs[args[0] % len(runs)]
                journal.record_outcomes(run_id, args[1])
                history.extend((run_id, name, target, o) for o in args[1])
            elif kind == "ask":  # twice: the second reads the answer the first kept
                assert journal.written_contacts(*args) == reference(history, *args)
                assert journal.written_contacts(*args) == reference(history, *args)
                before = runs[-1][0] if runs else 1
                expected = reference([h for h in history if h[0] < before], *args)
                assert journal.written_contacts(*args, before_run=before) == expected


def test_the_answer_is_kept_and_only_the_outcomes_since_are_read(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with Journal(path) as journal:
        run = journal.start_run("crm", dry_run=False, options={"target": "https://a"})
        journal.record_outcomes(run, [Outcome("create", ANN, 1, None, True)])
        assert journal.written_contacts("crm", "https://a") == {ANN: 1}
    with sqlite3.connect(path) as db:
        (mark, answer) = db.execute("SELECT outcome, answer FROM written").fetchone()
        # the history is rewritten behind the mark's back: a kept answer is not refolded
        db.execute("UPDATE outcomes SET contact_id = 99")
    assert json.loads(answer) == {ANN: 1} and mark == 1
    with Journal(path) as journal:
        assert journal.written_contacts("crm", "https://a") == {ANN: 1}
        later = journal.start_run("crm", dry_run=False, options={"target": "https://a"})
        journal.record_outcomes(later, [Outcome("create", BOB, 2, None, True)])
        assert journal.written_contacts("crm", "https://a") == {ANN: 1, BOB: 2}
    with sqlite3.connect(path) as db:  # an outcome taken out by hand: the mark does not fit
        db.execute("DELETE FROM outcomes WHERE phone = ?", (BOB,))
    with Journal(path) as journal:
        assert journal.written_contacts("crm", "https://a") == {ANN: 99}


def test_a_journal_from_before_the_kept_answer_opens_and_answers(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with Journal(path) as journal:
        run = journal.start_run("crm", dry_run=False, options={})
        journal.record_outcomes(
            run, [Outcome("create", ANN, 1, None, True), Outcome("create", BOB, 2, None, True)]
        )
    with sqlite3.connect(path) as db:  # as an older boolky-sync left it
        db.execute("DROP TABLE written")
    with Journal(path) as journal:
        assert journal.written_contacts("crm", "https://a") == {ANN: 1, BOB: 2}
