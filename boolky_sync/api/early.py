"""A read sent before the step that needs it, so Boolky's time answering it overlaps other work.

A run reads the account to plan only after it has read and normalized the
source; Boolky, meanwhile, has nothing to do. ``BoolkyClient.read_early``
sends the read at the start instead and a thread takes its answer off the
wire; the call that needs it later (``get_contacts(early=...)``) takes that
exchange as its first attempt. What the thread met -- an answer of any
status, a timeout, a refused connection -- is exactly what that attempt meets,
so its retries, its errors and its journal entry are those of a read sent
late. Only reads are sent early: nothing that changes the account.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx

Exchange = tuple[httpx.Response, bytearray]
"""A response, closed, and its answer's bytes."""


class EarlyAnswer:
    """One read in flight in its own thread; taken once, by the call it was sent for."""

    def __init__(
        self, endpoint: str, exchange: Callable[[Callable[[httpx.Response], None]], Exchange]
    ) -> None:
        self.endpoint = endpoint
        self.started = time.perf_counter()
        """When the request went out: the call that takes it lasted from here."""
        self._response: httpx.Response | None = None
        """The answer being read, once its headers came: what ``abandon`` closes."""
        self._exchange: Exchange | None = None
        self._failure: BaseException | None = None
        self._taken = False
        # A daemon: a run stopped before it needs the answer does not wait for it to exit.
        self._thread = threading.Thread(
            target=self._run, args=(exchange,), name=f"early {endpoint}", daemon=True
        )
        self._thread.start()

    def _run(self, exchange: Callable[[Callable[[httpx.Response], None]], Exchange]) -> None:
        try:
            self._exchange = exchange(self._streaming)
        except BaseException as failure:  # handed to the taker, raised in its thread
            self._failure = failure

    def _streaming(self, response: httpx.Response) -> None:
        self._response = response

    def abandon(self) -> None:
        """Give the answer up: an answer still arriving is cut off (its connection closed),
        and the thread is waited for -- no longer than the client's timeout for the headers
        -- so no socket is left open; what it read is let go."""
        if not self._taken:
            self._taken = True
            if self._response is not None:
                self._response.close()  # the thread's read of the body ends at once
            self._thread.join()
        self._exchange = self._failure = None

    def taken(self) -> Exchange:
        """The exchange, once it is over (as a call in flight, it finishes); raises what the
        thread met."""
        if self._taken:
            raise RuntimeError(f"the early {self.endpoint} answer was taken already")
        self._taken = True
        self._thread.join()
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure
        assert self._exchange is not None
        exchange, self._exchange = self._exchange, None  # its bytes go once they are read
        return exchange
