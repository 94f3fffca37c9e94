"""The Boolky API: its wire records and the HTTP client."""

from boolky_sync.api.client import API_KEY_ENV, DEFAULT_BASE_URL, BoolkyClient, CallInfo
from boolky_sync.api.records import ALL_GROUP_ID, Account, Contact, Group, NewContact
from boolky_sync.api.retry import RetryPolicy

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
