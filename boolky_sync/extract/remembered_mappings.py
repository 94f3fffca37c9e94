"""Column mappings a person confirmed, kept per header so the next such file reads the same.

Import wizards remember a corrected mapping; so does ``import``: once a person
confirms a mapping (answers yes, or passes ``--map``), it is kept under the
file's *header signature* — its column names, trimmed, case-folded and hashed —
and a later file with the same header is read with it (``inspect`` says
"remembered"). The file lives in the state folder, owner-only, and holds hashes
and column names, never a contact's data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from boolky_sync.errors import StorageError
from boolky_sync.extract.mapping import CANONICAL_FIELDS, ColumnMapping

MAPPINGS_FILE = "mappings.json"
"""In the state folder, beside the ledger and the sandbox state."""


def header_signature(columns: Sequence[str]) -> str:
    """The header as a short hash: the same columns in the same order, whatever case or spaces."""
    normalised = "\x1f".join(c.strip().casefold() for c in columns)
    return hashlib.sha256(normalised.encode()).hexdigest()[:32]


def recalled(state_dir: Path, columns: Sequence[str]) -> dict[str, list[str]] | None:
    """The mapping kept for this header, or None; an unreadable file is as good as none."""
    kept = _load(state_dir / MAPPINGS_FILE).get(header_signature(columns))
    if not isinstance(kept, dict):
        return None
    fields = kept.get("mapping")
    if not isinstance(fields, dict):
        return None
    return {
        name: [c for c in named if isinstance(c, str)]
        for name, named in fields.items()
        if name in CANONICAL_FIELDS and isinstance(named, list)
    }


def remember(state_dir: Path, columns: Sequence[str], mapping: ColumnMapping) -> Path:
    """Keep ``mapping`` for this header, in place of what was kept before; every field is
    written (an unmapped one as ``[]``) so the next read decides nothing anew."""
    path = state_dir / MAPPINGS_FILE
    kept = _load(path)
    kept[header_signature(columns)] = {
        "mapping": {name: mapping.columns_for(name) for name in CANONICAL_FIELDS}
    }
    content = json.dumps(kept, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    try:
        _write_private(path, content.encode())
    except OSError as error:
        raise StorageError(
            f"{path}: cannot keep the column mapping ({error.strerror or error})", path=str(path)
        ) from None
    return path


def _load(path: Path) -> dict[str, object]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _write_private(path: Path, content: bytes) -> None:
    """Replace the file whole, owner-only, so a crash leaves the old one or the new one."""
    from boolky_sync.report.folder import write_private

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    write_private(partial, content)
    partial.replace(path)
