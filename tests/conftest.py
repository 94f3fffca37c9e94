"""Paths every test package uses, found from this file rather than the working directory."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
API_EXAMPLES = SHARED / "boolky-api" / "examples"
PEER_DATA = SHARED / "peer-data"
SAMPLE_DATA = REPO / "sample_data"
