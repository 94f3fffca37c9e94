"""Read vCard files (2.1, 3.0, 4.0) as a table with one row per card.

A card keeps lists (several phones, several e-mails) where a spreadsheet keeps
columns, so the reader spreads them over numbered columns — ``TEL 1``,
``TEL 1 type``, ``TEL 2`` ... as many as the fullest card needs — and the
"vcard" preset maps those like any export with numbered phone columns. Only
what a contact list needs becomes a column; pictures, keys and sounds are
skipped without being decoded. Line-level work (folding, quoted-printable,
charsets, escapes) lives in ``vcard_lines``, group cards (iCloud, 4.0
``KIND:group``) in ``vcard_groups``, and the file's encoding is found by
``text_decoding``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pandas as pd

from boolky_sync.errors import InputError
from boolky_sync.extract.limits import ReadLimits, check_cells, check_width
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN, SourceTable
from boolky_sync.extract.text_decoding import decode_leniently, file_bytes
from boolky_sync.extract.vcard_groups import GROUP_PROPERTIES, apply_groups, is_group_card
from boolky_sync.extract.vcard_lines import (
    ContentLine,
    content_lines,
    split_escaped,
    unescape,
    value_text,
)

NAME_PARTS = ("family", "given", "additional", "prefix", "suffix")
"""The components of ``N``, in the order the RFCs give them; columns are ``N:family`` etc."""
ALWAYS_PRESENT = ("FN", "TEL 1", "TEL 1 type")
"""Columns every vCard table has, even when no card fills them, so the preset always finds them."""
OUTLOOK_GENDER = {"1": "F", "2": "M", "0": ""}
"""Outlook's ``X-WAB-GENDER`` codes (0 = not given)."""

PROPERTIES_READ = frozenset(
    {"BEGIN", "END", "AGENT", "FN", "N", "ORG", "TEL", "EMAIL", "BDAY", "CATEGORIES", "ADR", "NOTE"}
    | {"GENDER", "X-GENDER", "X-WAB-GENDER", "X-SEX", "X-ABLABEL"}
    | GROUP_PROPERTIES
)
"""The properties the table is made of, and the card markers; the others are dropped as read."""

_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_DATE = re.compile(r"(\d{4}|-)-?(\d\d)-?(\d\d)(?:T.*)?")

Row = dict[str, str]
Properties = dict[str, list[ContentLine]]


@dataclass
class Card:
    """The properties of one ``BEGIN:VCARD`` … ``END:VCARD``, nested AGENT cards left out."""

    line: int
    properties: list[ContentLine] = field(default_factory=list)


def read_vcard(path: Path, *, limits: ReadLimits | None = None) -> SourceTable:
    """Read every card of a ``.vcf`` file; one bad card never stops the others."""
    text, encoding = decode_leniently(file_bytes(path))
    if not text.strip():
        raise InputError(
            f"{path}: the file is empty; export the contacts again", path=str(path), key="path"
        )
    notes: list[str] = []
    cards = split_cards(content_lines(text, PROPERTIES_READ), notes)
    if not cards:
        raise InputError(
            f"{path}: no BEGIN:VCARD line, so this is not a vCard file; "
            "check the file, or give its real format with --format",
            path=str(path),
            key="format",
        )
    decoded = [(card.line, _decoded(card, encoding, notes)) for card in cards]
    groups = [(line, props) for line, props in decoded if is_group_card(props)]
    contacts = [
        (line, props, card_row(props, notes)) for line, props in decoded if not is_group_card(props)
    ]
    apply_groups(groups, [(props, row) for _, props, row in contacts], notes)
    kept = [(line, row) for line, _, row in contacts if any(row.values())]
    if not kept:
        empty = "hold no name, phone or e-mail"
        if groups and not contacts:
            empty = f"are {len(groups)} group card(s) only; export the contacts with them"
        raise InputError(
            f"{path}: its vCards {empty}; nothing to read",
            path=str(path),
            key="path",
        )
    if len(kept) < len(contacts):
        notes.append(f"{len(contacts) - len(kept)} card(s) with nothing readable were left out")
    return SourceTable(
        frame=_frame(kept, path, limits or ReadLimits()),
        format="vcard",
        path=str(path),
        encoding=encoding,
        notes=notes,
    )


def split_cards(lines: Iterable[ContentLine], notes: list[str]) -> list[Card]:
    """Group properties into cards; lines outside any card are ignored.

    A ``BEGIN:VCARD`` right after an empty ``AGENT:`` opens a nested card
    (vCard 2.1), which is skipped; any other ``BEGIN:VCARD`` inside a card
    means the card lost its ``END:VCARD``, and it is closed there.
    """
    cards: list[Card] = []
    current: Card | None = None
    agent_depth = 0
    after_agent = False
    for prop in lines:
        marker = prop.value.strip().upper() == "VCARD" and prop.name in ("BEGIN", "END")
        if marker and prop.name == "BEGIN":
            if current is not None and (agent_depth or after_agent):
                agent_depth += 1
            else:
                if current is not None:
                    notes.append(
                        f"line {current.line}: card without END:VCARD, read up to line {prop.line}"
                    )
                    cards.append(current)
                current = Card(prop.line)
        elif marker and agent_depth:
            agent_depth -= 1
        elif marker:
            if current is not None:
                cards.append(current)
            current = None
        elif current is not None and not agent_depth:
            current.properties.append(prop)
        after_agent = prop.name == "AGENT" and not prop.value.strip()
    if current is not None:
        notes.append(
            f"line {current.line}: the file ends inside this card (no END:VCARD); read as it is"
        )
        cards.append(current)
    return cards


def _decoded(card: Card, encoding: str, notes: list[str]) -> Properties:
    """The card's text properties by name, values decoded to text; binary values are dropped."""
    by_name: Properties = {}
    for prop in card.properties:
        if prop.is_binary:
            continue
        text, replaced = value_text(prop, encoding)
        if replaced:
            notes.append(
                f"line {prop.line}: {prop.name} has bytes its charset cannot explain; shown as �"
            )
        by_name.setdefault(prop.name, []).append(
            prop if text is prop.value else prop._replace(value=text)
        )
    return by_name


def card_row(props: Properties, notes: list[str]) -> Row:
    """The columns of one card, in layout order; lists become numbered columns."""
    row: Row = {"FN": _first(props, "FN")}
    row.update(_name_parts(props.get("N", [])))
    row["ORG"] = _first(props, "ORG", component=0)
    labels = {p.group: _apple_label(p.value) for p in props.get("X-ABLABEL", []) if p.group}
    for index, (number, kinds) in enumerate(_phones(props.get("TEL", []), labels), start=1):
        row[f"TEL {index}"] = number
        row[f"TEL {index} type"] = kinds
    emails = (unescape(p.value).strip() for p in props.get("EMAIL", []))
    for index, email in enumerate(filter(None, emails), start=1):
        row[f"EMAIL {index}"] = email
    row["BDAY"] = _birthday(props.get("BDAY", []))
    row["GENDER"] = _gender(props, notes)
    row["CATEGORIES"] = ", ".join(_categories(props.get("CATEGORIES", [])))
    row["ADR:country"] = _country(props.get("ADR", []))
    row["NOTE"] = "\n".join(unescape(p.value).strip() for p in props.get("NOTE", [])).strip()
    return row


def _first(props: Properties, name: str, component: int | None = None) -> str:
    """The first value of a property (4.0 ALTID alternatives and repeats after it are ignored)."""
    found = props.get(name)
    if not found:
        return ""
    value = found[0].value
    if component is not None:
        value = split_escaped(value, ";")[component]
    return unescape(value).strip()


def _name_parts(found: list[ContentLine]) -> Row:
    """``N`` in its five parts; a part that lists names (``Richter,James``) joins them by spaces."""
    if not found:
        return {}
    parts = split_escaped(found[0].value, ";")
    return {
        f"N:{part}": " ".join(filter(None, (unescape(v).strip() for v in split_escaped(text, ","))))
        for part, text in zip(NAME_PARTS, parts, strict=False)
    }


def _apple_label(value: str) -> str:
    """Apple's ``_$!<Mobile>!$_`` wrapping for its own labels, removed: "mobile"."""
    text = unescape(value).strip()
    wrapped = _APPLE_LABEL.fullmatch(text)
    return (wrapped.group(1) if wrapped else text).strip().lower()


def _phones(found: list[ContentLine], labels: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Each non-empty TEL with its kinds: its types in file order, then its group's label."""
    for prop in found:
        number = _phone_text(unescape(prop.value).strip())
        if not number:
            continue
        kinds = prop.types
        label = labels.get(prop.group, "") if prop.group else ""
        if label and label not in kinds:
            kinds.append(label)
        yield number, ",".join(kinds)


def _phone_text(value: str) -> str:
    """A ``tel:`` URI as the number people write: scheme gone, ``;ext=102`` as " ext. 102"."""
    if value[:4].lower() != "tel:":
        return value
    number, *params = value[4:].split(";")
    number = unquote(number)
    extension = ""
    for param in params:
        key, _, text = param.partition("=")
        if key.lower() == "ext":
            extension = unquote(text)
        elif key.lower() == "phone-context" and text.startswith("+"):
            number = f"{unquote(text)}-{number}"
    return f"{number} ext. {extension}" if extension else number


def _birthday(found: list[ContentLine]) -> str:
    """The first BDAY as ISO ``YYYY-MM-DD``, or ``--MM-DD`` when the year is not known.

    Apple marks a missing year by a placeholder year repeated in
    ``X-APPLE-OMIT-YEAR``; text that is no date (``circa 1800``) stays as written.
    """
    if not found:
        return ""
    text = unescape(found[0].value).strip()
    match = _DATE.fullmatch(text)
    if not match or not ("01" <= match.group(2) <= "12" and "01" <= match.group(3) <= "31"):
        return text
    year, month, day = match.groups()
    if year == "-" or year in found[0].param("X-APPLE-OMIT-YEAR"):
        return f"--{month}-{day}"
    return f"{year}-{month}-{day}"


def _gender(props: Properties, notes: list[str]) -> str:
    """4.0 ``GENDER``'s sex part, else the first of ``X-GENDER``, ``X-WAB-GENDER``, ``X-SEX``."""
    sex = _first(props, "GENDER", component=0)
    if sex:
        return sex
    for name in ("X-GENDER", "X-WAB-GENDER", "X-SEX"):
        value = _first(props, name)
        if value and name == "X-WAB-GENDER":
            note = "X-WAB-GENDER is Outlook's code: read 1 as F and 2 as M"
            if note not in notes:
                notes.append(note)
            return OUTLOOK_GENDER.get(value, value)
        if value:
            return value
    return ""


def _categories(found: list[ContentLine]) -> list[str]:
    """Every category of every CATEGORIES line, once each, in file order."""
    seen: dict[str, None] = {}
    for prop in found:
        for value in split_escaped(prop.value, ","):
            category = unescape(value).strip()
            if category:
                seen.setdefault(category)
    return list(seen)


def _country(found: list[ContentLine]) -> str:
    """The country of the preferred address, else of the first address that names one."""
    for prop in sorted(found, key=lambda p: "pref" not in p.types):
        parts = split_escaped(prop.value, ";")
        country = unescape(parts[6]).strip() if len(parts) > 6 else ""
        if country:
            return country
    return ""


def _frame(kept: list[tuple[int, Row]], path: Path, limits: ReadLimits) -> pd.DataFrame:
    """The table in layout order, without the columns no card fills.

    ``ALWAYS_PRESENT`` stay, and so does "TEL i type" beside a "TEL i" that
    stays, so the preset can pair every phone with its kind.
    """
    rows = [row for _, row in kept]
    filled = {name for row in rows for name, value in row.items() if value}
    filled |= {f"{name} type" for name in filled if name.startswith("TEL ")}
    columns = [name for name in _layout(rows) if name in filled or name in ALWAYS_PRESENT]
    check_width(path, len(columns), limits, where="the cards need", row=kept[0][0])
    data: dict[str, list[str]] = {name: [row.get(name, "") for row in rows] for name in columns}
    check_cells(path, data, [line for line, _ in kept], limits)
    frame = pd.DataFrame(data, columns=columns, dtype=object)
    frame[ROW_COLUMN] = pd.Series([line for line, _ in kept], dtype="int64")
    frame[FILE_COLUMN] = pd.Series([path.name] * len(kept), dtype=object)
    return frame


def _layout(rows: list[Row]) -> list[str]:
    phones = max((sum(name.endswith(" type") for name in row) for row in rows), default=0)
    emails = max((sum(name.startswith("EMAIL ") for name in row) for row in rows), default=0)
    return [
        "FN",
        *(f"N:{part}" for part in NAME_PARTS),
        "ORG",
        *(name for i in range(1, max(phones, 1) + 1) for name in (f"TEL {i}", f"TEL {i} type")),
        *(f"EMAIL {i}" for i in range(1, emails + 1)),
        "BDAY",
        "GENDER",
        "CATEGORIES",
        "ADR:country",
        "NOTE",
    ]
