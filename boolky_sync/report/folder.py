"""The run folder: one per run, private to its owner, with ``latest`` pointing at the newest.

A report holds names, phone numbers and mail addresses, so the folder is made
``0o700`` and every file in it ``0o600`` from the moment it exists (created
with that mode, not loosened later). Folders are named by when the run started
and which pipeline ran, ``<YYYYmmdd-HHMMSS>-<pipeline>``, so they sort by time
in any file manager; a second run in the same second gets ``-2``, ``-3``...,
claimed with an exclusive ``mkdir`` so two processes can never share one.

``latest`` lets cron users and scripts open the newest report without knowing
its name. It is a relative symbolic link (the report tree can be moved),
swapped in atomically, so a reader never sees it missing; where the file
system has no symbolic links (Windows without developer mode, FAT, some network
shares) it is a copy of the run folder instead.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
LATEST = "latest"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def make_run_folder(root: Path, pipeline: str, started: datetime) -> Path:
    """A new, empty, private folder for one run under ``root``; ``root`` is made if missing."""
    if not root.exists():
        root.mkdir(parents=True, mode=PRIVATE_FOLDER)
    stem = f"{started:%Y%m%d-%H%M%S}-{folder_name(pipeline)}"
    number = 1
    while True:
        candidate = root / (stem if number == 1 else f"{stem}-{number}")
        try:
            candidate.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            number += 1
            continue
        candidate.chmod(PRIVATE_FOLDER)  # mkdir's mode passes through the umask
        return candidate


def folder_name(pipeline: str) -> str:
    """``pipeline`` as a piece of a folder name: no separators, spaces or dots at the ends."""
    return _UNSAFE.sub("_", pipeline).strip("._") or "run"


def point_latest(root: Path, run: Path) -> Path:
    """Make ``root/latest`` show ``run``: a symbolic link where possible, else a copy."""
    latest = root / LATEST
    try:
        _link(latest, run.name)
    except (OSError, NotImplementedError):
        _copy(latest, run)
    return latest


def _link(latest: Path, target: str) -> None:
    """Swap in a link to ``target`` in one rename, replacing a link or an earlier copy."""
    temporary = _beside(latest)
    temporary.symlink_to(target, target_is_directory=True)
    try:
        if latest.is_dir() and not latest.is_symlink():
            shutil.rmtree(latest)  # the copy a run on a system without links left
        temporary.replace(latest)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _copy(latest: Path, run: Path) -> None:
    """Copy ``run`` beside ``latest`` first, then take the old one away and rename."""
    temporary = _beside(latest)
    try:
        shutil.copytree(run, temporary)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)  # a full disk leaves no half copy
        raise
    temporary.chmod(PRIVATE_FOLDER)
    if latest.is_symlink() or latest.is_file():
        latest.unlink()
    elif latest.exists():
        shutil.rmtree(latest)
    temporary.rename(latest)


def _beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")


@contextmanager
def open_private(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for writing in binary, created readable and writable by its owner only."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, PRIVATE_FILE)
    try:
        with os.fdopen(descriptor, "wb") as out:
            yield out
    except OSError as error:
        if error.filename is None:
            error.filename = str(path)  # a failed write or close names no file by itself
        raise
    path.chmod(PRIVATE_FILE)  # an existing file keeps its old mode through O_CREAT


def write_private(path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path``, readable by its owner only."""
    with open_private(path) as out:
        out.write(content)
    return path
