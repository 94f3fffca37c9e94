"""A key is checked before it is used: stripped of what surrounds it, refused for what it holds."""

from __future__ import annotations

import logging

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.api.api_key import checked_key
from boolky_sync.errors import InputError
from boolky_sync.redaction import redact

KEY = "sk-live-7f3a9c2b"


@pytest.mark.parametrize(
    ("given", "note"),
    [
        (KEY + "\r\n", r"BOOLKY_API_KEY ended in a line end (\r\n)"),
        (KEY + " ", "BOOLKY_API_KEY ended in a space"),
        ("\t" + KEY, r"BOOLKY_API_KEY began with whitespace (\t)"),
        ("  " + KEY, "BOOLKY_API_KEY began with 2 spaces"),
    ],
)
def test_what_surrounds_a_key_is_removed_with_a_note(
    given: str, note: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="boolky_sync.api.api_key"):
        logger = logging.getLogger("boolky_sync")
        propagate, logger.propagate = logger.propagate, True
        try:
            assert checked_key(given) == KEY
        finally:
            logger.propagate = propagate
    assert [r.getMessage() for r in caplog.records] == [
        f"{note}; it was removed — check how the key is stored"
    ]
    assert redact(given) == "***" and redact(KEY) == "***"


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("sk-\nlive", "a control character (LF, a line end) at position 4"),
        ("sk-live\r\n-more", "a control character (CR, a line end) at position 8"),
        ("sk\0", "a control character (NUL) at position 3"),
        ("sk-\tlive", "a control character (a tab) at position 4"),
        ("sk-\x7flive", "a control character (U+007F) at position 4"),
        ("  sk-\x1blive", "a control character (U+001B) at position 6"),
        ("sk-live\u00a0", "a non-ASCII character at position 8"),
        ("ключ", "a non-ASCII character at position 1"),
    ],
)
def test_a_key_holding_what_no_key_holds_is_refused_without_showing_it(
    given: str, says: str
) -> None:
    with pytest.raises(InputError) as caught:
        checked_key(given, "MY_KEY")
    message = str(caught.value)
    assert message.startswith(f"MY_KEY holds {says}")
    assert caught.value.exit_code == 2
    visible = given.strip()
    assert all(part not in message for part in (visible[:2], visible[-2:]) if part.isalnum())


@pytest.mark.parametrize("blank", ["", "  ", "\r\n"])
def test_a_blank_key_is_no_key(blank: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert checked_key(blank) is None
    monkeypatch.setenv("BOOLKY_API_KEY", blank)
    with pytest.raises(InputError, match="no Boolky API key: set BOOLKY_API_KEY"):
        BoolkyClient("http://127.0.0.1:9")
    assert redact("a b") == "a b"  # blank is registered as nothing: spaces stay spaces
