"""Any exception as one of ours, so every way a run or a command ends has its exit code.

The project's errors say what went wrong in the user's words; everything else
that escapes is either a disk that will not take a write -- an environment
problem with a code of its own (74) and a message naming the file -- or a bug
(70). A bug's message names only the exception's type: its text is not ours
and could hold a contact's data or the API key. The exception is kept as the
``__cause__``, so ``--debug`` shows its traceback.
"""

from __future__ import annotations

from boolky_sync.errors import BoolkyError, InternalError
from boolky_sync.storage import storage_error


def as_boolky_error(error: Exception) -> BoolkyError:
    """``error`` if it is ours, else a ``StorageError`` or an ``InternalError`` caused by it."""
    if isinstance(error, BoolkyError):
        return error
    translated: BoolkyError | None = None
    if isinstance(error, OSError):
        translated = storage_error(error, "cannot write to disk")
    if translated is None:
        translated = InternalError(
            f"internal error ({type(error).__name__}) — a bug; run again with --debug "
            "for the traceback, and report it"
        )
    translated.__cause__ = error
    return translated
