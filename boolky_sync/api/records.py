"""Boolky's wire records, read tolerantly and written exactly.

Boolky's own examples disagree with themselves (``notValid`` as 0/1 or bool,
``birthday`` or ``birthDay``, ``data`` as object or list); every reader here
accepts all the documented forms so the rest of the code sees one shape.
Writers emit only what the documentation shows in its request examples.

What the documentation does not allow is refused as a ``ProtocolError``
naming the answer, the record and the field, and so is every shape it does
not show: a getContacts ``data`` that is no object holding a ``contacts`` and
a ``groups`` list, a contact without ``groupIds`` (read as "in no group", it
would make a plan re-add every membership), ``groupIds`` that is no list of
whole numbers (``"12"`` is not groups 1 and 2), an id that is no whole number
or outside 1 to 2^63−1 (what SQLite and every 64-bit id column hold), a phone,
name, mail or birthday that is no text, a gender other than 1 or 2. A plan
built on such an answer would be built on a misreading. Each field is read by
a small function given the record's name (``contact #3``), so a rule for
another field is one more line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from boolky_sync.api.pieces import ContactPieces, Misjudged
from boolky_sync.errors import ProtocolError

ALL_GROUP_ID = 0
"""Boolky's default "All" group: every contact is in it; never created or removed."""
NAME_MAX = 50
"""A contact's name: 1 to 50 characters (the addContacts field table)."""
GROUP_NAME_MAX = 25
"""A group's name: 1 to 25 characters (addGroup)."""
ID_MAX = 2**63 - 1
"""The largest id: a signed 64-bit integer, as Boolky's ids are stored."""
GENDERS = (1, 2)
"""1 = male, 2 = female (the addContacts field table)."""
FLAGS = {0: False, 1: True, "0": False, "1": True, "false": False, "true": True}
"""``notValid`` as Boolky writes it: 0/1 in getContacts, a boolean elsewhere (and as text)."""
UNDOCUMENTED = "Boolky answered something it does not document"

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact as Boolky returns it."""

    id: int
    name: str
    phone: str
    group_ids: tuple[int, ...] = ()
    not_valid: bool = False
    gender: int | None = None
    mail: str | None = None
    birthday: str | None = None

    @classmethod
    def from_wire(cls, raw: Any, where: str = "a contact") -> Contact:
        """Read one contact; ``where`` names it in a refusal ("contact #3")."""
        raw = _record(raw, where)
        return cls(
            id=_whole(raw, "id", where, low=1),
            name=_text(raw, "name", where),
            phone=_text(raw, "phone", where),
            group_ids=_group_ids(raw, where),
            not_valid=_flag(raw, where),
            gender=_gender(raw, where),
            mail=_optional_text(raw, "mail", where),
            birthday=(
                _optional_text(raw, "birthday", where) or _optional_text(raw, "birthDay", where)
            ),
        )

    def to_wire(self) -> dict[str, Any]:
        """The getContacts form, for backups that the JSON reader restores."""
        return {
            "id": self.id,
            **NewContact(self.name, self.phone, self.birthday, self.gender, self.mail).to_wire(),
            "groupIds": list(self.group_ids),
            "notValid": int(self.not_valid),
        }


@dataclass(frozen=True, slots=True)
class NewContact:
    """A contact as a pipeline wants it on Boolky: what ``addContacts`` sends and what a plan
    holds (one type, so nothing is copied field by field between the two); empty fields are
    left out of the wire body."""

    name: str
    phone: str
    birthday: str | None = None
    gender: int | None = None
    mail: str | None = None

    def to_wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name, "phone": self.phone}
        if self.birthday:
            body["birthday"] = self.birthday
        if self.gender in (1, 2):
            body["gender"] = self.gender
        if self.mail:
            body["mail"] = self.mail
        return body


@dataclass(frozen=True, slots=True)
class Group:
    """A group as Boolky returns it."""

    id: int
    name: str
    customer_id: int | None = None
    position: int | None = None
    not_valid: bool = False

    @classmethod
    def from_wire(cls, raw: Any, where: str = "a group") -> Group:
        """Read one group (id 0 is the "All" group); ``where`` names it in a refusal."""
        raw = _record(raw, where)
        return cls(
            id=_whole(raw, "id", where, low=ALL_GROUP_ID),
            name=_text(raw, "name", where),
            customer_id=_whole(raw, "customerId", where, low=0, optional=True),
            position=_whole(raw, "position", where, low=0, optional=True),
            not_valid=_flag(raw, where),
        )


@dataclass(frozen=True, slots=True)
class Account:
    """Everything ``getContacts`` returns: the contacts and the groups."""

    contacts: list[Contact] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


def parse_account(data: Any) -> Account:
    """Read ``result.data`` of getContacts: an object holding a ``contacts`` and a ``groups``
    list. Nothing is assumed for a part left out: "no groups" read from an answer without
    them would make the plan create every group again."""
    answer = "getContacts"
    if not isinstance(data, Mapping):
        raise _refused(answer, f"answered {_kind(data)}, not an object of contacts and groups")
    return Account(
        contacts=_listed(data, "contacts", answer, Contact.from_wire, "contact", _plain_contact),
        groups=_listed(data, "groups", answer, Group.from_wire, "group"),
    )


def parse_contacts(data: Any, answer: str = "addContacts") -> list[Contact]:
    """Read ``result.data`` of addContacts: a list of the contacts it created (each batch of a
    first run's creates comes back whole, so it takes the plain shape's fast read too)."""
    return _listed({"data": data}, "data", answer, Contact.from_wire, "contact", _plain_contact)


def parse_group(data: Any, answer: str = "addGroup") -> Group:
    """Read ``result.data`` of addGroup: the one group it created, an object."""
    if not isinstance(data, Mapping):
        raise _refused(answer, f"answered {_kind(data)}, not a group object")
    return Group.from_wire(data, f"{answer}'s group")


def parse_groups(data: Any) -> list[Group]:
    """Read a list of groups (getGroups, whose shape is undocumented: a single object is
    taken as one group). addGroup's answer is read strictly, by ``parse_group``."""
    if isinstance(data, Mapping):
        return [Group.from_wire(data, "group #1")]
    return _listed({"data": data or []}, "data", "getGroups", Group.from_wire, "group")


def _listed(
    data: Mapping[str, Any],
    key: str,
    answer: str,
    read: Callable[[Any, str], R],
    noun: str,
    plain: Callable[[Any], R | None] | None = None,
) -> list[R]:
    """``data[key]``: a list, each item read by ``read`` and named "contact #3" in a refusal;
    ``plain`` reads the items in the one shape Boolky sends, and leaves the others to ``read``."""
    items = data.get(key)
    if isinstance(items, ContactPieces) and plain is not None:
        try:
            return _plain_first(items.slices(), read, noun, plain)
        except Misjudged:
            items = items.whole()
    if items is None:
        raise _refused(answer, f"has no {key}")
    if not isinstance(items, list):
        raise _refused(answer, f"has {key} as {_kind(items)}, not a list")
    if plain is not None:
        return _plain_first([items], read, noun, plain)
    return [read(item, f"{noun} #{number}") for number, item in enumerate(items, start=1)]


def _plain_first(
    slices: Iterable[list[Any]],
    read: Callable[[Any, str], R],
    noun: str,
    plain: Callable[[Any], R | None],
) -> list[R]:
    """The items of ``slices`` (a list whole, or ``ContactPieces.slices`` as each decodes),
    read by ``plain``; those not in the plain shape are kept as they came and read by ``read``
    only once every slice has decoded, in order, so an answer that is no JSON is refused as
    such before any contact, and the first contact refused is the one named."""
    found: list[Any] = []
    others: list[int] = []
    for items in slices:
        for item in items:
            contact = plain(item)
            if contact is None:
                others.append(len(found))
                contact = item
            found.append(contact)
        del items  # let go of a slice's dicts before the next one decodes
    for at in others:
        found[at] = read(found[at], f"{noun} #{at + 1}")
    return found


def _plain_contact(raw: Any) -> Contact | None:
    """A contact in the exact shape Boolky's answers hold (whole ids in range, text, ``notValid``
    0/1 or a boolean, gender 1/2 or none), read without the per-field refusals, which are all
    ``from_wire``'s to give: ``None`` for anything else, so the full reader sees it. Reading
    100,000 contacts takes 0.52 s instead of 0.68 s; the rest is building the contacts."""
    if type(raw) is not dict:
        return None
    contact_id, name, phone = raw.get("id"), raw.get("name"), raw.get("phone")
    groups, flag, gender = raw.get("groupIds"), raw.get("notValid"), raw.get("gender")
    mail, birthday, other = raw.get("mail"), raw.get("birthday"), raw.get("birthDay")
    if not (
        type(contact_id) is int
        and 1 <= contact_id <= ID_MAX
        and type(name) is str
        and type(phone) is str
        and type(groups) is list
        and (flag is None or (type(flag) in (int, bool) and flag in (0, 1)))
        and (gender is None or gender == "" or (type(gender) is int and gender in GENDERS))
        and (mail is None or type(mail) is str)
        and (birthday is None or type(birthday) is str)
        and (birthday or other is None or type(other) is str)  # birthDay read when birthday is not
    ):
        return None
    if groups and not (
        set(map(type, groups)) == {int} and min(groups) >= ALL_GROUP_ID and max(groups) <= ID_MAX
    ):
        return None
    return Contact(
        contact_id,
        name,
        phone,
        tuple(groups),
        bool(flag),
        gender or None,
        mail or None,
        birthday or other or None,
    )


def _refused(where: str, what: str) -> ProtocolError:
    return ProtocolError(
        f"{UNDOCUMENTED}: {where} {what}; this tool cannot read such an answer, "
        "so it plans nothing on it"
    )


def _record(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise _refused(where, f"is {_kind(raw)}, not an object")
    return raw


def _whole(
    raw: Mapping[str, Any], key: str, where: str, *, low: int, optional: bool = False
) -> Any:
    """A whole number from ``low`` to ``ID_MAX`` (a JSON true is no number); None if optional."""
    value = raw.get(key)
    if value is None and optional:
        return None
    if value is None:
        raise _refused(where, f"has no {key}")
    if not isinstance(value, int) or isinstance(value, bool):
        raise _refused(where, f"has {key} {_shown(value)}, not a whole number")
    if value > ID_MAX:
        raise _refused(where, f"has {key} {value}, beyond 2^63−1")
    if value < low:
        raise _refused(where, f"has {key} {value}, below {low}")
    return value


def _group_ids(raw: Mapping[str, Any], where: str) -> tuple[int, ...]:
    """``groupIds``: a list of group ids (0, the "All" group, among them), always present."""
    value = raw.get("groupIds")
    if value is None:
        raise _refused(where, "has no groupIds")
    if not isinstance(value, list):
        raise _refused(where, f"has groupIds {_shown(value)}, not a list")
    return tuple(_whole({"groupIds": g}, "groupIds", where, low=ALL_GROUP_ID) for g in value)


def _gender(raw: Mapping[str, Any], where: str) -> int | None:
    value = raw.get("gender")
    if value is None or value == "":
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value not in GENDERS:
        raise _refused(where, f"has gender {_shown(value)}, not 1 or 2")
    return int(value)


def _flag(raw: Mapping[str, Any], where: str) -> bool:
    """``notValid``: 0/1, a boolean, or either as text; absent: false."""
    value = raw.get("notValid")
    if value is None or isinstance(value, bool):
        return bool(value)
    key = value.strip().lower() if isinstance(value, str) else value
    if isinstance(key, str | int) and key in FLAGS:
        return FLAGS[key]
    raise _refused(where, f"has notValid {_shown(value)}, not 0, 1, true or false")


def _shown(value: Any) -> str:
    """A value from an answer as a short phrase; long text is cut."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(value: Any) -> str:
    return "null" if value is None else f"a {type(value).__name__}"


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    """A text field every record has (``name``, ``phone``): present, and text."""
    value = raw.get(key)
    if value is None:
        raise _refused(where, f"has no {key}")
    if not isinstance(value, str):
        raise _refused(where, f"has {key} {_shown(value)}, not text")
    return value


def _optional_text(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    """``mail``, ``birthday``: text, or null or absent (an empty text is taken as none)."""
    value = raw.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _refused(where, f"has {key} {_shown(value)}, not text")
    return value
