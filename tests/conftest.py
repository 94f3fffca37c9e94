"""Paths every test package uses, found from this file rather than the working directory,
and the Hypothesis profile every property test runs under.

The tests read only what is inside the repository: a clone with nothing beside it passes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from boolky_sync.redaction import forget_secrets

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
API_EXAMPLES = TESTS / "data" / "boolky-api-examples"
SAMPLE_DATA = REPO / "sample_data"

# CI machines (and a laptop running the suite on two workers) are noisy: a slow
# example is not a failure. HYPOTHESIS_PROFILE=default brings Hypothesis's deadlines back.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _no_secret_from_another_test() -> Iterator[None]:
    """Each test starts with no API key registered for redaction: one test's key is not a
    secret to the next, and a test that needs its key hidden must have it registered."""
    forget_secrets()
    yield
    forget_secrets()


@pytest.fixture
def project_log() -> Iterator[None]:
    """The project's logger as it was: a test that configures it hands it back unchanged."""
    logger = logging.getLogger("boolky_sync")
    kept = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:], logger.level, logger.propagate = kept
