"""What the sandbox breaks on purpose, and the record of every call it answered.

Boolky documents no rate limits, paging or error statuses, yet a real API will
answer 429 and 5xx and may cut a large account short. The client's retries and
the pipeline's safety guards are only trustworthy if they are exercised, so the
sandbox can misbehave on demand (``Faults``) and keeps a ``CallLog`` that tests
and benchmarks read to check what the client actually did.

A fault is decided when a call arrives, before the call reads or writes any
state, so a failed call never half-happens: a retry of it is always safe.
The exceptions are the *ambiguous* faults, which strike after a write was
carried out: its answer is lost (the connection closed without a word), late
(after the client's timeout) or garbled (a 200 of the wrong shape). A client
that sends such a write again blindly makes it twice; one that reads Boolky
first does not. Their twin, ``gateway``, is a 502 for a write that never
reached Boolky: to the client the same unknown, but nothing landed. They
are drawn from their own seeded stream (``fault_seed``), once per call to a
``fault_endpoints`` write that no 500/429 struck, so adding them leaves the
500/429 faults of a given ``seed`` where they were.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

Fault = Literal["500", "429", "gateway", "lost", "late", "garbled"]
Ambiguous = Literal["gateway", "lost", "late", "garbled"]

WRITES = frozenset({"addContacts", "deleteContacts", "addGroup"})
"""The endpoints ``Faults.fail_writes`` fails and the ambiguous faults strike by default:
those a sync writes with."""
LATE_BY = 5.0
"""Seconds a late answer waits by default: longer than a test client's timeout, shorter
than a real one's (30 s), so a patient client still gets it."""


@dataclass
class Faults:
    """The knobs; mutable, so a test can seed the account and then switch faults on.

    ``error_rate`` and ``rate_limit_rate`` share one random draw per call, so they
    are disjoint fractions of all calls (their sum above 1 just means "always").
    The draw is made for every call, so a given ``seed`` yields the same faults
    for the same sequence of calls whatever the rates. ``fail_calls`` uses the
    call numbers of the ``CallLog``. ``max_page`` imitates an account that
    ``getContacts`` truncates: only the first N contacts by id come back.
    ``fail_writes`` imitates a Boolky that reads but cannot write: every
    ``addContacts``, ``deleteContacts`` and ``addGroup`` is answered 500.

    ``gateway_error_rate``, ``lose_answer_rate``, ``late_answer_rate`` and
    ``garble_answer_rate`` are disjoint fractions of the calls to
    ``fault_endpoints``: a gateway answers 502 and the call never happens; or
    the call is carried out, and if Boolky took it, the answer is dropped with
    the connection, sent ``late_by`` seconds late (not at all if the client gave
    up first), or replaced by a body of the wrong shape. ``ambiguous`` decides
    them (``fault_seed``).
    """

    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after: int = 1
    latency: float = 0.0
    fail_calls: set[int] = field(default_factory=set)
    max_page: int | None = None
    fail_writes: bool = False
    seed: int | None = None
    gateway_error_rate: float = 0.0
    lose_answer_rate: float = 0.0
    late_answer_rate: float = 0.0
    garble_answer_rate: float = 0.0
    late_by: float = LATE_BY
    fault_endpoints: frozenset[str] = WRITES
    fault_seed: int | None = None
    _draws: random.Random = field(init=False, repr=False, compare=False)
    _ambiguous_draws: random.Random = field(init=False, repr=False, compare=False)
    _lock: threading.Lock = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rates = ("error_rate", "rate_limit_rate", *_AMBIGUOUS_RATES)
        for name in rates:
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.latency < 0 or self.retry_after < 0 or self.late_by < 0:
            raise ValueError("latency, retry_after and late_by cannot be negative")
        if self.max_page is not None and self.max_page < 0:
            raise ValueError("max_page cannot be negative")
        unknown = set(self.fault_endpoints) - WRITES
        if unknown:
            raise ValueError(f"fault_endpoints are writes only ({', '.join(sorted(WRITES))})")
        self.fault_endpoints = frozenset(self.fault_endpoints)
        self._draws = random.Random(self.seed)  # noqa: S311 - chaos, not cryptography
        self._ambiguous_draws = random.Random(self.fault_seed)  # noqa: S311
        self._lock = threading.Lock()

    def decide(self, call_number: int, endpoint: str = "") -> Fault | None:
        """The fault this call gets, if any; called once per call, in arrival order."""
        draw = self._draws.random()
        if self.fail_writes and endpoint in WRITES:
            return "500"
        if call_number in self.fail_calls or draw < self.error_rate:
            return "500"
        if draw < self.error_rate + self.rate_limit_rate:
            return "429"
        return None

    def ambiguous(self, endpoint: str) -> Ambiguous | None:
        """What becomes of a write that passed the other faults: a gateway's 502, or a lost,
        late or garbled answer once Boolky carried it out (if it did).

        One draw per call to a ``fault_endpoints`` write, whatever the rates, so a
        ``fault_seed`` gives the same faults for the same sequence of writes.
        """
        if endpoint not in self.fault_endpoints:
            return None
        with self._lock:
            draw = self._ambiguous_draws.random()
        edge = 0.0
        for name, kind in zip(_AMBIGUOUS_RATES, get_args(Ambiguous), strict=True):
            edge += getattr(self, name)
            if draw < edge:
                return kind  # type: ignore[no-any-return]
        return None


_AMBIGUOUS_RATES = (
    "gateway_error_rate",
    "lose_answer_rate",
    "late_answer_rate",
    "garble_answer_rate",
)


@dataclass(frozen=True, slots=True)
class Call:
    """One answered API call. ``size`` is what the call carried: contacts sent to
    addContacts, ids sent to deleteContacts, contacts returned by getContacts,
    1 for the others."""

    number: int
    endpoint: str
    method: str
    status: int
    size: int
    fault: Fault | None = None


class CallLog:
    """Every API call the sandbox answered, shared between the server thread and readers.

    Numbers are given on arrival (``begin``) and entries are added when the answer
    is ready (``record``), so concurrent slow calls keep their arrival numbers.
    ``reset`` also restarts the numbering, so ``Faults.fail_calls`` can count
    from a test's first real call after seeding.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[Call] = []
        self._issued = 0

    def begin(self) -> int:
        """The 1-based number of a call that just arrived."""
        with self._lock:
            self._issued += 1
            return self._issued

    def record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._issued = 0

    def __iter__(self) -> Iterator[Call]:
        return iter(self._snapshot())

    def __len__(self) -> int:
        with self._lock:
            return len(self._calls)

    @property
    def arrived(self) -> int:
        """Calls that have arrived, answered or not: the number the next one follows."""
        with self._lock:
            return self._issued

    def count(self, endpoint: str | None = None, status: int | None = None) -> int:
        """Calls to ``endpoint`` (e.g. ``"addContacts"``) answered with ``status``."""
        name = endpoint.lstrip("/") if endpoint else None
        return sum(
            1
            for call in self._snapshot()
            if (name is None or call.endpoint == name) and (status is None or call.status == status)
        )

    def summary(self) -> dict[str, Any]:
        """Totals for reports; keys are strings so the dict is the same after a JSON trip."""
        calls = self._snapshot()
        sizes: Counter[str] = Counter()
        for call in calls:
            sizes[call.endpoint] += call.size
        faults = Counter(call.fault for call in calls if call.fault)
        return {
            "calls": len(calls),
            "by_endpoint": dict(sorted(Counter(call.endpoint for call in calls).items())),
            "by_status": dict(sorted(Counter(str(call.status) for call in calls).items())),
            # the ambiguous kinds only where they happened: most runs have none
            "faults": {"500": faults["500"], "429": faults["429"]}
            | {kind: faults[kind] for kind in get_args(Ambiguous) if faults[kind]},
            "sizes": dict(sorted(sizes.items())),
        }

    def to_wire(self) -> dict[str, Any]:
        """The log as served on ``GET /_sandbox/calls``."""
        return {"calls": [asdict(call) for call in self._snapshot()], "summary": self.summary()}

    def _snapshot(self) -> list[Call]:
        with self._lock:
            return sorted(self._calls, key=lambda call: call.number)
