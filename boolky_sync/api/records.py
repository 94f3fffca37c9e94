"""Boolky's wire records, read tolerantly and written exactly.

Boolky's own examples disagree with themselves (``notValid`` as 0/1 or bool,
``birthday`` or ``birthDay``, ``data`` as object or list); every reader here
accepts all the documented forms so the rest of the code sees one shape.
Writers emit only what the documentation shows in its request examples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from boolky_sync.errors import ApiError

ALL_GROUP_ID = 0
"""Boolky's default "All" group: every contact is in it; never created or removed."""
NAME_MAX = 50
"""A contact's name: 1 to 50 characters (the addContacts field table)."""
GROUP_NAME_MAX = 25
"""A group's name: 1 to 25 characters (addGroup)."""


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
    def from_wire(cls, raw: Mapping[str, Any]) -> Contact:
        try:
            return cls(
                id=int(raw["id"]),
                name=str(raw.get("name") or ""),
                phone=str(raw.get("phone") or ""),
                group_ids=tuple(int(g) for g in raw.get("groupIds") or ()),
                not_valid=_flag(raw.get("notValid")),
                gender=_optional_int(raw.get("gender")),
                mail=_optional_str(raw.get("mail")),
                birthday=_optional_str(raw.get("birthday", raw.get("birthDay"))),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ApiError(f"Boolky returned a contact this tool cannot read: {exc!r}") from None

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
    def from_wire(cls, raw: Mapping[str, Any]) -> Group:
        try:
            return cls(
                id=int(raw["id"]),
                name=str(raw.get("name") or ""),
                customer_id=_optional_int(raw.get("customerId")),
                position=_optional_int(raw.get("position")),
                not_valid=_flag(raw.get("notValid")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ApiError(f"Boolky returned a group this tool cannot read: {exc!r}") from None


@dataclass(frozen=True, slots=True)
class Account:
    """Everything ``getContacts`` returns: the contacts and the groups."""

    contacts: list[Contact] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


def parse_account(data: Any) -> Account:
    """Read ``result.data`` of getContacts (an object; a bare list is taken as contacts)."""
    if isinstance(data, list):
        return Account(contacts=parse_contacts(data))
    if not isinstance(data, Mapping):
        raise ApiError("getContacts returned no contact list")
    return Account(
        contacts=parse_contacts(data.get("contacts") or []),
        groups=parse_groups(data.get("groups") or []),
    )


def parse_contacts(data: Any) -> list[Contact]:
    """Read a list of contacts, or a single one where Boolky answered with an object."""
    return [Contact.from_wire(item) for item in _as_list(data)]


def parse_groups(data: Any) -> list[Group]:
    return [Group.from_wire(item) for item in _as_list(data)]


def _as_list(data: Any) -> Iterable[Mapping[str, Any]]:
    if data is None:
        return []
    if isinstance(data, Mapping):
        return [data]
    if isinstance(data, list):
        return data
    raise ApiError(f"expected a list from Boolky, got {type(data).__name__}")


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def _optional_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def _optional_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)
