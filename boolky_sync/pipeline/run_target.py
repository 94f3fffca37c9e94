"""The run's Boolky, opened when the run first needs it, and the plan's read sent early.

A sync reads the account to plan only once the source is read and normalized,
and Boolky would sit idle all that time. Once the source is extracted, the run
sends that read (``send_read``) and normalizes while Boolky answers; the plan
then takes the answer (``early``). The read goes out only when the run will
plan on it: not for a retry or a saved plan (they read otherwise), nor for a
mirror fed a cut source (refused before Boolky is asked anything). Opening the
target then is quiet: a missing key or an unusable sandbox folder is said where
the run opens Boolky to plan, after the source's own problems, as before.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import httpx

from boolky_sync.api import BoolkyClient
from boolky_sync.api.early import EarlyAnswer
from boolky_sync.extract import Extracted
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.pipeline.source_files import refuses_cut_source
from boolky_sync.pipeline.targets import client_for_run


class RunTarget:
    """Opens the pipeline's target once, for the whole run; closes it when the block ends."""

    def __init__(
        self,
        pipeline: Pipeline,
        base_url: str | None,
        given: BoolkyClient | None,
        transport: httpx.BaseTransport | None,
    ) -> None:
        self._stack, self._pipeline = ExitStack(), pipeline
        self._base_url, self._given, self._transport = base_url, given, transport
        self._opened: tuple[BoolkyClient, str] | None = None
        self.early: EarlyAnswer | None = None
        """The plan's read, if it was sent early; ``None`` once something wrote since."""

    def __enter__(self) -> RunTarget:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._stack.__exit__(*exc_info)

    @property
    def where(self) -> str | None:
        """The base URL the run was given, by its caller's client or by option (``None``:
        the pipeline's own target)."""
        return self._given.base_url if self._given is not None else self._base_url

    def opened(self) -> tuple[BoolkyClient, str]:
        """The client and the text naming the target (raises what stops it opening)."""
        if self._opened is None:
            self._opened = self._stack.enter_context(
                client_for_run(self._pipeline, self._base_url, self._given, self._transport)
            )
        return self._opened

    def send_read(self, extracted: Extracted) -> None:
        """Send the plan's getContacts now, unless the run will refuse this source."""
        if extracted.table.cut_rows and refuses_cut_source(self._pipeline):
            return
        try:
            client, _ = self.opened()
        except Exception:  # said again, in its place, when the run opens Boolky to plan
            return
        self.early = client.read_early("getContacts")

    def drop_early(self) -> None:
        """Something wrote since the read went out: its answer is given up, and let go."""
        if self.early is not None:
            self.early.abandon()
            self.early = None
