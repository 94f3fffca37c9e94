"""Every error boolky-sync raises on purpose, in one tree.

Callers catch ``BoolkyError`` and read ``exit_code``; the CLI turns any of them
into one line and that exit code. Lower-level exceptions (httpx, sqlite3,
pandas) are translated where they occur, so nothing above the client ever has
to import them::

    BoolkyError                      base of everything below
    ├── InputError                   a file, sheet or option we cannot use   (exit 2)
    │   └── ConfigError              a pipeline file that does not validate  (exit 2)
    ├── LockedError                  another run of the pipeline holds the lock (exit 6)
    ├── SafetyError                  a guard stopped the run before damage   (exit 4)
    ├── StorageError                 a folder we must write is full or read-only (exit 74)
    ├── InternalError                a bug: an exception nothing here expected (exit 70)
    ├── StoppedError                 a signal asked the run to stop
    │   ├── Interrupted              SIGINT, Ctrl-C                          (exit 130)
    │   └── Terminated               SIGTERM, systemd's stop                 (exit 143)
    └── ApiError                     Boolky refused a request                (exit 1)
        ├── AuthError                the key was rejected (``sessionExpired``) (exit 3)
        ├── ProtocolError            Boolky answered something it does not document (exit 5)
        ├── OutcomeUnknownError      a write was sent, its answer lost: it may have landed (exit 5)
        └── UnavailableError         Boolky could not be reached after retries (exit 5)
            ├── RateLimitedError     still answered 429 after the last retry
            ├── ServerError          still answered 5xx after the last retry
            └── NetworkError         timeouts or refused connections to the end

What apply does with an error is a property of its class, not a list kept
elsewhere (dlt's transient/terminal):

- ``transient``: the same request may succeed later, so the client retries it;
- ``splits``: Boolky refused the batch for what is in it, so halves of it can
  isolate the records at fault while their batch-mates land;
- ``stops_run``: nothing else this run sends can succeed either (the key, the
  network, the rate limit, an answer we cannot read), so apply stops at once.

An error that does neither (a 5xx after its retries) fails its batch; a few
such failures in a row stop the run as ``UnavailableError``.

``InputError`` carries where the problem is as data (``path``, ``row``,
``column``, ``sheet``, ``key``), the way httpx's errors carry their request,
so ``validate`` and the CLI read the place instead of parsing the message.

Messages never contain the API key: the client never puts it in one, and
``boolky_sync.redaction.redact`` is applied to any text that came from
outside before it is raised.
"""

from __future__ import annotations

from typing import ClassVar

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_INPUT = 2
EXIT_AUTH = 3
EXIT_SAFETY = 4
EXIT_UNAVAILABLE = 5
EXIT_LOCKED = 6
EXIT_INTERNAL = 70
"""sysexits' EX_SOFTWARE."""
EXIT_STORAGE = 74
"""sysexits' EX_IOERR."""
EXIT_SIGINT = 130
"""128 + SIGINT, what a shell reports for a program stopped by Ctrl-C."""
EXIT_SIGTERM = 143
"""128 + SIGTERM."""


class BoolkyError(Exception):
    """Base of the project's errors; ``exit_code`` is what the CLI returns."""

    exit_code: ClassVar[int] = EXIT_PARTIAL
    transient: ClassVar[bool] = False
    """The same request may succeed if sent again later (a timeout, a 5xx, a 429)."""
    splits: ClassVar[bool] = False
    """Boolky refused the batch for its content: smaller batches can isolate the records."""
    stops_run: ClassVar[bool] = False
    """No smaller batch can cure it and nothing else this run sends would succeed."""


class InputError(BoolkyError):
    """Input the user can fix: a missing file, an unreadable sheet, a bad option.

    The optional fields say where: the file, its 1-based row (as the file counts
    lines or sheet rows), the column name, the sheet, and the pipeline-file key
    (``source.mapping.phone``) that leads to the problem.
    """

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int | None = None,
        column: str | None = None,
        sheet: str | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.row = row
        self.column = column
        self.sheet = sheet
        self.key = key


class ConfigError(InputError):
    """A pipeline file that fails validation; the message names file, key and line."""


class LockedError(BoolkyError):
    """Another run of the same pipeline is in progress."""

    exit_code = EXIT_LOCKED


class SafetyError(BoolkyError):
    """A safety guard refused to go on (mass delete, empty mirror, truncated account)."""

    exit_code = EXIT_SAFETY


class StorageError(BoolkyError):
    """A folder or file we must write cannot be written: full, read-only, or not a folder.

    ``path`` names it, so the person knows which disk or folder to look at.
    """

    exit_code = EXIT_STORAGE

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class InternalError(BoolkyError):
    """An exception nothing here expected: a bug. Its text is not shown (it could hold data)."""

    exit_code = EXIT_INTERNAL


class StoppedError(BoolkyError):
    """A signal asked the run to stop: no new batch was started after it came."""

    signal_name: ClassVar[str] = "a signal"


class Interrupted(StoppedError):
    """SIGINT (Ctrl-C)."""

    exit_code = EXIT_SIGINT
    signal_name = "SIGINT"


class Terminated(StoppedError):
    """SIGTERM: what systemd sends to stop a unit, or when its stop timeout hits."""

    exit_code = EXIT_SIGTERM
    signal_name = "SIGTERM"


class ApiError(BoolkyError):
    """Boolky answered with its error envelope, or with something that is not Boolky's."""

    splits = True

    def __init__(
        self,
        message: str,
        *,
        message_key: str | None = None,
        localized_message: str | None = None,
        status_code: int | None = None,
        endpoint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message_key = message_key
        self.localized_message = localized_message
        self.status_code = status_code
        self.endpoint = endpoint


class AuthError(ApiError):
    """The API key was refused; nothing else can succeed, so runs stop at once."""

    exit_code = EXIT_AUTH
    splits = False
    stops_run = True


class ProtocolError(ApiError):
    """Boolky answered something its documentation does not describe (a field of the wrong
    type or out of range, a missing part of the envelope): never a basis for a plan."""

    exit_code = EXIT_UNAVAILABLE
    splits = False
    stops_run = True


class OutcomeUnknownError(ApiError):
    """A write went out and its answer never came back readable (a timeout after sending, a
    connection closed before the answer, a 502/504, a success of the wrong shape).

    ``addContacts`` is not idempotent, so such a write is never sent again blindly and
    never split: Boolky is read first, and only what did not land is sent again.
    """

    exit_code = EXIT_UNAVAILABLE
    splits = False


class UnavailableError(ApiError):
    """Transient failures outlasted the retry budget."""

    exit_code = EXIT_UNAVAILABLE
    transient = True
    splits = False


class RateLimitedError(UnavailableError):
    """Boolky kept answering 429."""

    stops_run = True


class ServerError(UnavailableError):
    """Boolky kept answering 5xx."""


class NetworkError(UnavailableError):
    """Boolky could not be reached (timeouts, refused or reset connections)."""

    stops_run = True
