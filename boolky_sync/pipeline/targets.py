"""Which Boolky a run writes to: named without a secret, opened, and its ledger.

A pipeline file names one target, but a run may be pointed elsewhere
(``--base-url``, an injected client). What the pipeline remembers about an
account -- its ledger -- must follow the account, not the file. ``open_target``
opens the target for one run: the built-in sandbox, or the API with its key.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from boolky_sync.api import BoolkyClient, RetryPolicy
from boolky_sync.api.api_key import key_from_env
from boolky_sync.api.base_url import checked_base_url
from boolky_sync.errors import InputError
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.storage import storage_errors

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def api_url(pipeline: Pipeline, base_url: str | None) -> str | None:
    """The API a run talks to (``--base-url``, else the file's), or ``None`` for the sandbox.

    A ``base_url`` given for one run is checked here, before a ledger is named
    after it or a report shows it: ``InputError`` if it carries a credential.
    """
    target = pipeline.target
    if base_url:
        return checked_base_url(base_url, key_env=target.api_key_env)
    return target.base_url if target.kind == "api" else None


def sandbox_state(pipeline: Pipeline) -> Path:
    """The SQLite file the pipeline's built-in sandbox keeps its account in."""
    return pipeline.target.state or pipeline.state_dir / "sandbox.sqlite"


def target_identity(pipeline: Pipeline, base_url: str | None) -> str:
    """Which Boolky a run writes to, as text without a secret: the API's address (without
    any user or password in it), or the built-in sandbox's state file."""
    url = api_url(pipeline, base_url)
    if url is None:
        return f"sandbox {sandbox_state(pipeline).resolve()}"
    parts = urlsplit(url.strip().rstrip("/"))
    netloc = parts.netloc.rpartition("@")[2].lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, "", ""))


def ledger_for(pipeline: Pipeline, base_url: str | None) -> Path:
    """The pipeline's ledger for the Boolky this run writes to: one ledger per Boolky.

    The ledger says which contacts this pipeline put on *one* account. Read
    against another -- a pipeline tried on the sandbox, then pointed at the
    real account with ``--base-url`` or a changed ``[target]`` -- every contact
    it lists would look deleted there (and so never be created), and a mirror
    would take for its own contacts it never wrote. So the first Boolky a
    pipeline runs against keeps ``<name>.ledger.sqlite`` (its name is written
    beside it, in ``<name>.ledger.sqlite.target``), and any other gets a ledger
    of its own, ``<name>.<host or sandbox>-<hash>.ledger.sqlite``. A ledger
    made before the name was written down belongs to the file's own target.
    """
    default = pipeline.ledger_path
    marker = default.with_name(default.name + ".target")
    where = target_identity(pipeline, base_url)
    if marker.is_file():
        owner = marker.read_text(encoding="utf-8").strip()
    else:
        owner = where if not default.exists() else target_identity(pipeline, None)
        default.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(owner + "\n", encoding="utf-8")
    if owner == where:
        return default
    parts = urlsplit(where)
    place = parts.netloc if parts.netloc else "sandbox"
    digest = hashlib.sha256(where.encode()).hexdigest()[:8]
    name = f"{pipeline.name}.{_UNSAFE.sub('_', place)}-{digest}.ledger.sqlite"
    log.info("this Boolky (%s) has a ledger of its own: %s", where, name)
    return default.with_name(name)


@contextmanager
def client_for_run(
    pipeline: Pipeline,
    base_url: str | None,
    given: BoolkyClient | None,
    transport: httpx.BaseTransport | None,
) -> Iterator[tuple[BoolkyClient, str]]:
    """The client the caller gave (left open for them), else the pipeline's target opened."""
    if given is not None:
        yield given, given.base_url
        return
    with open_target(pipeline, base_url, transport) as opened:
        yield opened


@contextmanager
def open_target(
    pipeline: Pipeline, base_url: str | None, transport: httpx.BaseTransport | None = None
) -> Iterator[tuple[BoolkyClient, str]]:
    """Open the pipeline's Boolky -- the built-in sandbox, or an API base URL -- for one run.

    Yields a client to it (closed afterwards) and a text for the report naming
    the target -- never the key.
    """
    target = pipeline.target
    retry = RetryPolicy(max_attempts=target.max_attempts)
    url = api_url(pipeline, base_url)
    if url is not None:
        key = key_from_env(target.api_key_env)
        if not key:
            raise InputError(
                f"no Boolky API key: set {target.api_key_env} in the environment "
                f"(pipeline {pipeline.name!r} reads the key from it)"
            )
        with BoolkyClient(
            url, key, timeout=target.timeout, retry=retry, transport=transport
        ) as client:
            client.max_answer_mib = target.max_answer_mib
            yield client, url
        return

    from boolky_sync.sandbox import run_sandbox  # its web server: only a sandbox run pays for it

    key = secrets.token_urlsafe(24)
    state = sandbox_state(pipeline)
    with storage_errors("cannot keep the sandbox's account", state):
        state.parent.mkdir(parents=True, exist_ok=True)
    with (
        run_sandbox(
            api_key=key,
            state=state,
            duplicate_policy=target.duplicate_policy,  # type: ignore[arg-type]
        ) as box,
        BoolkyClient(
            box.url, key, timeout=target.timeout, retry=retry, transport=transport
        ) as client,
    ):
        client.max_answer_mib = target.max_answer_mib
        yield client, f"built-in sandbox (state {state})"
