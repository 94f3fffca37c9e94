"""The Boolky API: its wire records and the HTTP client.

The names are imported on first use, so reading a record type or the default
address does not load httpx (``boolky-sync --help`` shows the address).
"""

from typing import TYPE_CHECKING

from boolky_sync.lazy_import import lazy_names

if TYPE_CHECKING:
    from boolky_sync.api.client import BoolkyClient, CallInfo
    from boolky_sync.api.defaults import API_KEY_ENV, DEFAULT_BASE_URL
    from boolky_sync.api.records import ALL_GROUP_ID, Account, Contact, Group, NewContact
    from boolky_sync.api.retry import RetryPolicy
else:
    __getattr__, __dir__ = lazy_names(
        __name__,
        {
            "boolky_sync.api.client": ["BoolkyClient", "CallInfo"],
            "boolky_sync.api.defaults": ["API_KEY_ENV", "DEFAULT_BASE_URL"],
            "boolky_sync.api.records": [
                "ALL_GROUP_ID",
                "Account",
                "Contact",
                "Group",
                "NewContact",
            ],
            "boolky_sync.api.retry": ["RetryPolicy"],
        },
    )

__all__ = [
    "ALL_GROUP_ID",
    "API_KEY_ENV",
    "DEFAULT_BASE_URL",
    "Account",
    "BoolkyClient",
    "CallInfo",
    "Contact",
    "Group",
    "NewContact",
    "RetryPolicy",
]
