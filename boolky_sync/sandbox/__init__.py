"""A local Boolky that behaves as its documentation says, for tests, demos and benchmarks.

Boolky has no test account, and its documentation leaves much open (duplicate
phones, paging, rate limits, error statuses). The sandbox answers the six
documented endpoints over real HTTP, keeps its account in SQLite, makes each
open question a named setting, and misbehaves on demand, so the client and the
pipeline are tested against every reading instead of one guess::

    with run_sandbox(duplicate_policy="reject") as box:
        ...                                  # seed it through box.url with box.api_key
        box.faults.rate_limit_rate = 0.2     # then make it misbehave
        ...                                  # run the client against it
        box.calls.count("addContacts", status=429)

``store`` holds the account (``rules`` checks each request, ``tables`` holds
its SQL), ``app`` the HTTP face, ``faults`` the deliberate failures and the
call log, ``server`` the running of it all.
"""

from typing import TYPE_CHECKING

from boolky_sync.lazy_import import lazy_names

if TYPE_CHECKING:
    from boolky_sync.sandbox.app import Settings, create_app
    from boolky_sync.sandbox.faults import Call, CallLog, Fault, Faults
    from boolky_sync.sandbox.rules import DUPLICATE_POLICIES, DuplicatePolicy, Refusal
    from boolky_sync.sandbox.server import Sandbox, run_sandbox, serve
    from boolky_sync.sandbox.store import Store
else:
    # Imported on first use: ``sandbox serve --help`` reads DuplicatePolicy without uvicorn.
    __getattr__, __dir__ = lazy_names(
        __name__,
        {
            "boolky_sync.sandbox.app": ["Settings", "create_app"],
            "boolky_sync.sandbox.faults": ["Call", "CallLog", "Fault", "Faults"],
            "boolky_sync.sandbox.server": ["Sandbox", "run_sandbox", "serve"],
            "boolky_sync.sandbox.rules": ["DUPLICATE_POLICIES", "DuplicatePolicy", "Refusal"],
            "boolky_sync.sandbox.store": ["Store"],
        },
    )

__all__ = [
    "DUPLICATE_POLICIES",
    "Call",
    "CallLog",
    "DuplicatePolicy",
    "Fault",
    "Faults",
    "Refusal",
    "Sandbox",
    "Settings",
    "Store",
    "create_app",
    "run_sandbox",
    "serve",
]
