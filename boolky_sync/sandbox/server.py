"""Running the sandbox: in a background thread for tests and demos, or in the foreground.

The listening socket is bound before uvicorn starts, so port 0 gives a free
port that is known at once and no test races another for a fixed port. The
background server is a real HTTP server on a real socket: what the client
meets is the same as over the network, timeouts and connection reuse included.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from os import PathLike

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from boolky_sync.errors import InputError
from boolky_sync.sandbox.app import Settings, create_app
from boolky_sync.sandbox.faults import CallLog, Faults
from boolky_sync.sandbox.rules import DuplicatePolicy
from boolky_sync.sandbox.store import Store

_GRACE = 5
"""Seconds a shutdown waits for calls in flight before cancelling them."""


class Sandbox:
    """A running sandbox: where it listens, its key, its account and its call log.

    ``faults`` may be changed while it runs (attributes or the whole object);
    the next call sees the change.
    """

    def __init__(self, url: str, settings: Settings, store: Store, calls: CallLog) -> None:
        self.url = url
        self.store = store
        self.calls = calls
        self._settings = settings

    @property
    def api_key(self) -> str:
        return self._settings.api_key

    @property
    def faults(self) -> Faults:
        return self._settings.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._settings.faults = faults


class _Server(uvicorn.Server):
    """uvicorn's server, telling another thread when it accepts connections."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()


@contextmanager
def run_sandbox(
    *,
    api_key: str = "sandbox-key",
    state: str | PathLike[str] | None = None,
    duplicate_policy: DuplicatePolicy = "upsert",
    faults: Faults | None = None,
    auth_error_status: int = 401,
    host: str = "127.0.0.1",
    port: int = 0,
) -> Iterator[Sandbox]:
    """A sandbox serving in a background thread until the ``with`` block ends.

    ``state`` is a SQLite file that outlives the sandbox, or ``None`` for memory.
    """
    calls = CallLog()
    with (
        _account(api_key, state, duplicate_policy, faults, auth_error_status) as (settings, store),
        _listen(host, port) as sock,
    ):
        server = _Server(_config(store, settings, calls, own_logging=False))
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="boolky-sandbox", daemon=True
        )
        thread.start()
        try:
            _wait_until_ready(server, thread)
            yield Sandbox(_url(sock), settings, store, calls)
        finally:
            server.should_exit = True
            thread.join()


def serve(
    *,
    api_key: str = "sandbox-key",
    state: str | PathLike[str] | None = None,
    duplicate_policy: DuplicatePolicy = "upsert",
    faults: Faults | None = None,
    auth_error_status: int = 401,
    host: str = "127.0.0.1",
    port: int = 8765,
    on_started: Callable[[str], None] | None = None,
) -> None:
    """Serve in the foreground until Ctrl-C; ``on_started`` gets the URL once bound."""
    with (
        _account(api_key, state, duplicate_policy, faults, auth_error_status) as (settings, store),
        _listen(host, port) as sock,
    ):
        if on_started:
            on_started(_url(sock))
        server = uvicorn.Server(_config(store, settings, CallLog(), own_logging=True))
        # uvicorn re-raises Ctrl-C after its clean shutdown; here that is the normal end.
        with suppress(KeyboardInterrupt):
            server.run(sockets=[sock])


@contextmanager
def _account(
    api_key: str,
    state: str | PathLike[str] | None,
    duplicate_policy: DuplicatePolicy,
    faults: Faults | None,
    auth_error_status: int,
) -> Iterator[tuple[Settings, Store]]:
    """The sandbox's settings and its account, closed however serving ends."""
    store = Store(state, duplicate_policy=duplicate_policy)
    try:
        yield Settings(api_key, auth_error_status, faults or Faults()), store
    finally:
        store.close()


def _config(
    store: Store, settings: Settings, calls: CallLog, *, own_logging: bool
) -> uvicorn.Config:
    """uvicorn's settings; an embedded sandbox leaves the host's logging setup alone."""
    return uvicorn.Config(
        create_app(store, settings, calls),
        log_level="warning",
        log_config=LOGGING_CONFIG if own_logging else None,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=_GRACE,
    )


@contextmanager
def _listen(host: str, port: int) -> Iterator[socket.socket]:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host, port), family=family)
    except OSError as exc:
        raise InputError(
            f"the sandbox cannot listen on {host}:{port} ({exc.strerror}); try another --port"
        ) from None
    with sock:
        # asyncio turns Nagle off only on sockets made with proto=IPPROTO_TCP, which
        # create_server's are not; accepted sockets inherit this instead. Without it
        # every keep-alive answer waits ~40 ms for the client's delayed ACK.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        yield sock


def _wait_until_ready(server: _Server, thread: threading.Thread) -> None:
    while not server.ready.wait(timeout=0.05):
        if not thread.is_alive():
            raise RuntimeError("the sandbox server stopped before it started listening")


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
