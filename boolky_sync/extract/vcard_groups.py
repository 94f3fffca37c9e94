"""vCard group cards: a card that lists other cards is a group, not a contact.

iCloud exports each group as a card of its own (``X-ADDRESSBOOKSERVER-KIND:group``
with one ``X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:…`` per member); vCard 4.0 says
the same with ``KIND:group`` and ``MEMBER``. Members are named by the ``UID`` of
their cards. Read as a contact such a card would be refused (it has no phone)
and its members would lose the group, so the reader sets group cards aside and
adds each group's name to its members' groups column instead.
"""

from __future__ import annotations

from boolky_sync.extract.vcard_lines import ContentLine, split_escaped, unescape

Properties = dict[str, list[ContentLine]]
Row = dict[str, str]

GROUP_PROPERTIES = frozenset(
    {"UID", "KIND", "X-ADDRESSBOOKSERVER-KIND", "MEMBER", "X-ADDRESSBOOKSERVER-MEMBER"}
)
"""The properties that make and fill a group card (and name its members)."""
GROUPS_COLUMN = "CATEGORIES"
"""Group names join the categories a card gives itself: one groups column."""

_KINDS = ("KIND", "X-ADDRESSBOOKSERVER-KIND")
_MEMBERS = ("MEMBER", "X-ADDRESSBOOKSERVER-MEMBER")
_URN = "urn:uuid:"


def is_group_card(props: Properties) -> bool:
    """Whether the card says it is a group (``KIND`` or Apple's own spelling of it)."""
    return any(
        unescape(prop.value).strip().lower() == "group"
        for name in _KINDS
        for prop in props.get(name, [])
    )


def uid_key(value: str) -> str:
    """A UID as members name it: case ignored, with or without the ``urn:uuid:`` prefix."""
    text = unescape(value).strip().lower()
    return text[len(_URN) :].strip() if text.startswith(_URN) else text


def apply_groups(
    groups: list[tuple[int, Properties]], members: list[tuple[Properties, Row]], notes: list[str]
) -> None:
    """Add each group's name to the groups column of its member rows, and say what was done.

    ``groups`` are the group cards with the line each starts on; ``members``
    the contact cards with their rows, changed in place. A member UID no card
    has, and a group card without a name, are noted; neither stops the read.
    """
    if not groups:
        return
    by_uid: dict[str, Row] = {}
    for props, row in members:
        for prop in props.get("UID", [])[:1]:
            by_uid.setdefault(uid_key(prop.value), row)
    summary: list[str] = []
    for line, props in groups:
        name = _group_name(props)
        found, missing = _members(props, by_uid)
        if not name:
            notes.append(f"line {line}: a group card without a name; its members get no group")
            continue
        for row in found:
            row[GROUPS_COLUMN] = _with_group(row.get(GROUPS_COLUMN, ""), name)
        summary.append(f"{name} ({len(found)} member{'' if len(found) == 1 else 's'})")
        for uid in missing:
            notes.append(f"line {line}: group {name!r} names member {uid}, which no card has")
    if summary:
        count = len(groups)
        notes.insert(0, f"{count} group card{'' if count == 1 else 's'}: {', '.join(summary)}")


def _group_name(props: Properties) -> str:
    """The group's ``FN``, else its ``N`` parts joined (iCloud writes both the same)."""
    for prop in props.get("FN", [])[:1]:
        name = unescape(prop.value).strip()
        if name:
            return name
    for prop in props.get("N", [])[:1]:
        parts = (unescape(part).strip() for part in split_escaped(prop.value, ";"))
        return " ".join(filter(None, parts))
    return ""


def _members(props: Properties, by_uid: dict[str, Row]) -> tuple[list[Row], list[str]]:
    """The rows of the group's members, once each, and the member UIDs no card has."""
    found: list[Row] = []
    missing: list[str] = []
    for name in _MEMBERS:
        for prop in props.get(name, []):
            written = unescape(prop.value).strip()
            row = by_uid.get(uid_key(written))
            if row is None:
                if written and written not in missing:
                    missing.append(written)
            elif all(row is not seen for seen in found):
                found.append(row)
    return found, missing


def _with_group(categories: str, name: str) -> str:
    """The groups cell with ``name`` added after the card's own categories, unless already there."""
    present = [part.strip() for part in categories.split(",") if part.strip()]
    return categories if name in present else ", ".join([*present, name])
