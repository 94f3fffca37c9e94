"""A large getContacts answer decoded a slice of contacts at a time.

``orjson.loads`` of a whole answer holds, at its peak, the answer's bytes, the
parser's own document of them (about three times their size) and every decoded
contact, side by side: for a million contacts that is about a gigabyte above
the contacts themselves. Here the answer is cut at ``},{`` between contacts
into slices of ``SLICE_BYTES``; the envelope and the contacts after the last
cut are decoded first (so the answer's status, error and shape are judged on
them as on the whole), and each slice is decoded only when its contacts are
read, so the contacts in hand are never all dicts at once.

A cut is only a guess (a text may hold ``},{``), but a wrong one cannot be read
wrongly: each slice is decoded from a true boundary, at the depth the contacts
have in the answer, so a cut inside a text or a nested value leaves a text or a
bracket open and that slice fails to decode. Then the whole answer is decoded
after all (``whole``), which gives exactly what reading it whole gives: its
contacts, or the refusal of an answer that is no JSON. An answer of another
layout (a marker checks that the decoded envelope holds its contacts where the
cuts were made) is decoded whole from the start.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from typing import Any

import orjson

MIB = 1024 * 1024
SLICE_BYTES = 4 * MIB
"""About this much of the answer is decoded at once; an answer shorter than two
slices is decoded whole."""
_OPENING = b'"contacts":['
_CUT = b"},{"
_GROUPS = b'"groups":['
_DEPTH = (b"[[[[", b"]]]]")
"""A slice's contacts sit four deep, as in ``{"result":{"data":{"contacts":[...``, so the
nesting limit of the decoder is met where it is in the whole answer."""


class Misjudged(Exception):
    """A slice did not decode: a cut was not between two contacts, or the answer is no JSON."""


class ContactPieces:
    """The contacts of ``result.data.contacts``, decoded slice by slice (``slices``).

    ``whole`` decodes the answer as one after a slice failed; ``refusal`` is the
    error of an answer that does not decode at all, as the envelope's reader gives it.
    """

    def __init__(
        self,
        answer: bytearray,
        cuts: list[tuple[int, int]],
        tail: list[Any],
        refusal: Callable[[], Exception],
    ) -> None:
        self._answer: bytearray | None = answer
        self._cuts = cuts
        self._tail = tail
        self._refusal = refusal

    def slices(self) -> Iterator[list[Any]]:
        """Each slice's decoded items, in order; the answer's bytes are let go after the last.

        Raises ``Misjudged`` as soon as a slice fails to decode."""
        answer = self._answer
        if answer is None:
            raise Misjudged("the slices were read already")
        opening, closing = _DEPTH
        for start, end in self._cuts:
            try:
                items = orjson.loads(opening + answer[start:end] + closing)[0][0][0]
            except orjson.JSONDecodeError:
                raise Misjudged(f"the slice at byte {start:,} does not decode") from None
            yield items
            del items  # before the next slice decodes: one slice's dicts at a time
        self._answer = None
        tail, self._tail = self._tail, []
        yield tail

    def whole(self) -> list[Any]:
        """The contacts of the answer decoded whole (after a slice failed to decode)."""
        answer, self._answer = self._answer, None
        if answer is None:
            raise Misjudged("the answer was let go already")
        try:
            payload = orjson.loads(answer)
        except orjson.JSONDecodeError:
            raise self._refusal() from None
        contacts: list[Any] = payload["result"]["data"]["contacts"]
        return contacts


def decode_in_slices(answer: bytearray, refusal: Callable[[], Exception]) -> Any:
    """The answer decoded, its ``result.data.contacts`` a ``ContactPieces``; or the answer
    decoded whole where it is short, or not laid out as Boolky lays it out."""
    cuts = _cuts(answer)
    if not cuts:
        return orjson.loads(answer)
    marker = "\x00" + secrets.token_hex(16)
    rest = answer[: cuts[0][0]] + orjson.dumps(marker) + b"," + answer[cuts[-1][1] + 1 :]
    try:
        payload = orjson.loads(rest)
    except orjson.JSONDecodeError:
        return orjson.loads(answer)
    del rest
    result = payload.get("result") if type(payload) is dict else None
    data = result.get("data") if type(result) is dict else None
    contacts = data.get("contacts") if type(data) is dict else None
    # An error beside them is judged on the whole answer: it may be no JSON at all.
    if (
        type(data) is not dict
        or type(contacts) is not list
        or not contacts
        or contacts[0] != marker
        or payload.get("error") is not None
    ):
        return orjson.loads(answer)
    del contacts[0]
    data["contacts"] = ContactPieces(answer, cuts, contacts, refusal)
    return payload


def _cuts(answer: bytearray) -> list[tuple[int, int]]:
    """Byte ranges of the slices before the last cut (each ends at a ``},{``'s comma);
    none for a short answer, or one without a contacts list."""
    if len(answer) < 2 * SLICE_BYTES:
        return []
    opening = answer.find(_OPENING)
    if opening < 0:
        return []
    start = opening + len(_OPENING)
    groups = answer.find(_GROUPS, start)
    end = len(answer) if groups < 0 else groups
    cuts: list[tuple[int, int]] = []
    while True:
        cut = answer.find(_CUT, start + SLICE_BYTES, end)
        if cut < 0:
            return cuts
        cuts.append((start, cut + 1))
        start = cut + 2
