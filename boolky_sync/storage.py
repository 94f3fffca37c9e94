"""Disk problems in words: a folder that is full, read-only or not a folder is the user's to fix.

A nightly run writes in places nobody watches -- the report folder, the state
folder's ledger, journal and lock, the sandbox's account -- and when one of
them fills up or is mounted read-only, the person reading the cron mail needs
to know which folder and why, not an ``OSError`` traceback. So the errors of
the file system that mean "this place cannot be written" (``STORAGE_ERRNOS``)
become a ``StorageError`` (exit 74) whose message names the path and says the
cause in words; any other ``OSError`` is left as it is.

``unwritable`` asks the same question before a run: ``validate`` uses it to
find a report or state folder that a run could not write.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from boolky_sync.errors import StorageError

STORAGE_ERRNOS = frozenset(
    {
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.ENOTDIR,
        errno.EISDIR,
        errno.EFBIG,
    }
)
"""The errors that say the place cannot be written, rather than that our code is wrong."""


def in_words(code: int | None, path: str | os.PathLike[str]) -> str:
    """Why ``path`` cannot be written, for a person: ``code`` is one of ``STORAGE_ERRNOS``."""
    if code == errno.ENOSPC:
        return f"no space left on the device that holds {path}"
    if code == errno.EDQUOT:
        return f"the disk quota is used up on the device that holds {path}"
    if code == errno.EROFS:
        return f"{path} is read-only (its file system is mounted read-only)"
    if code in (errno.EACCES, errno.EPERM):
        return f"{path} cannot be written by this user (permission denied)"
    if code == errno.ENOTDIR:
        if Path(path).is_file():
            return f"{path} is a file, not a folder"
        return f"{path}: a part of this path is a file, not a folder"
    if code == errno.EISDIR:
        return f"{path} is a folder, not a file"
    if code == errno.EFBIG:
        return f"{path} has grown larger than its file system allows"
    return f"{path} cannot be written ({os.strerror(code) if code else 'unknown cause'})"


def storage_error(error: OSError, doing: str, path: Path | None = None) -> StorageError | None:
    """``error`` as a ``StorageError`` ("cannot write the report: ..."), or ``None`` when it
    is not a disk problem. The path named is the one the system call failed on, else ``path``."""
    where = error.filename if error.filename is not None else path
    code = error.errno
    if code == errno.EEXIST and where is not None and not Path(where).is_dir():
        code = errno.ENOTDIR  # mkdir(exist_ok=True) meeting a file where a folder should be
    if code not in STORAGE_ERRNOS or where is None:
        return None
    return StorageError(f"{doing}: {in_words(code, where)}", path=str(where))


@contextmanager
def storage_errors(doing: str, path: Path | None = None) -> Iterator[None]:
    """Inside the block, a disk problem is raised as ``StorageError`` (its cause kept)."""
    try:
        yield
    except OSError as error:
        translated = storage_error(error, doing, path)
        if translated is None:
            raise
        raise translated from error


def probable_cause(path: Path) -> int | None:
    """The ``STORAGE_ERRNOS`` code that best explains why ``path`` (a file) cannot be
    written, for callers such as SQLite that say only "unable to open"; ``None`` if
    the place looks writable."""
    if path.is_dir():
        return errno.EISDIR
    if path.exists() and not os.access(path, os.W_OK):
        return errno.EROFS if _read_only_mount(path) else errno.EACCES
    found = unwritable(path.parent)
    return None if found is None else found[0]


def unwritable(folder: Path) -> tuple[int, Path] | None:
    """Why a file cannot be created in ``folder`` or, if it is not there yet, in its nearest
    existing parent (where ``mkdir`` would start): the ``errno`` and that place, or
    ``None`` when one can. A temporary file is made and removed: the one test that
    holds for root (whom permissions do not stop) and for read-only mounts."""
    existing = _nearest_existing(folder)
    if not existing.is_dir():
        return errno.ENOTDIR, existing
    try:
        with tempfile.TemporaryFile(dir=existing) as probe:
            probe.write(b"boolky-sync")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        return error.errno or errno.EACCES, existing
    try:
        if os.statvfs(existing).f_bavail == 0:
            return errno.ENOSPC, existing
    except (OSError, AttributeError):  # no statvfs (Windows): the probe has said enough
        pass
    return None


def _read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
