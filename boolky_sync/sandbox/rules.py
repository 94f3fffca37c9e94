"""Boolky's rules for a request body, checked before the sandbox's account is touched.

Every check raises ``Refusal`` with the ``messageKey`` Boolky would answer, so
a request that breaks a rule is refused whole and nothing is written. The
rules come from Boolky's documentation; where it is silent, the choices are
the store's (see ``boolky_sync.sandbox.store``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal, TypeGuard

from boolky_sync.api.records import ALL_GROUP_ID, GROUP_NAME_MAX, NAME_MAX

DuplicatePolicy = Literal["upsert", "duplicate", "reject"]
DUPLICATE_POLICIES: tuple[DuplicatePolicy, ...] = ("upsert", "duplicate", "reject")


_VALID_PHONE = re.compile(r"\+[0-9]{8,15}")
_DIGIT = re.compile(r"[0-9]")
_NON_DIGITS = re.compile(r"[^0-9]")
_MAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_BIRTHDAY = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")


class Refusal(Exception):
    """A request Boolky would answer with its error envelope; nothing was written."""

    def __init__(self, message_key: str, message: str) -> None:
        super().__init__(message)
        self.message_key = message_key
        self.message = message


@dataclass(frozen=True, slots=True)
class NewContact:
    """One contact of an addContacts request, checked, with what the store keeps beside it."""

    name: str
    phone: str
    gender: int | None
    mail: str | None
    birthday: str | None
    phone_key: str
    not_valid: int
    """0 or 1, as stored and as getContacts answers."""


@dataclass(frozen=True, slots=True)
class Deletion:
    """A checked deleteContacts request."""

    ids: list[int]
    permanent: bool
    group_id: int | None


def phone_key(phone: str) -> str:
    """What two phones must share to be the same contact: digits and a leading ``+``."""
    stripped = phone.strip()
    return ("+" if stripped.startswith("+") else "") + _NON_DIGITS.sub("", stripped)


def phone_is_valid(phone: str) -> bool:
    """Boolky's ``notValid`` is the negation: a phone it cannot send an SMS to."""
    return _VALID_PHONE.fullmatch(phone) is not None


# -- whole requests ------------------------------------------------------------------


def contacts_to_add(body: Any) -> tuple[list[NewContact], list[int]]:
    """addContacts: its contacts and its ``groupIds`` (absent or null means "All" only)."""
    body = _object(body)
    content = body.get("content")
    if not isinstance(content, list) or not content:
        raise Refusal("invalidRequest", "'content' must be a non-empty list of contacts.")
    contacts = [_new_contact(item, f"content[{index}]") for index, item in enumerate(content)]
    group_ids = body.get("groupIds")
    return contacts, [] if group_ids is None else _int_list(group_ids, "groupIds", allow_empty=True)


def deletion(body: Any) -> Deletion:
    """deleteContacts; whether ``groupId`` is needed is the store's to say (it may be ignored)."""
    body = _object(body)
    ids = _int_list(body.get("ids"), "ids", allow_empty=False)
    permanent = body.get("permanent")
    if not isinstance(permanent, bool):
        raise Refusal("invalidRequest", "'permanent' is required and must be true or false.")
    group_id = body.get("groupId")
    if group_id is not None and not _is_int(group_id):
        raise Refusal("invalidRequest", f"'groupId' must be a group id; got {_show(group_id)}.")
    return Deletion(ids, permanent, group_id)


def group_name(body: Any) -> str:
    """addGroup's ``name``."""
    name = _object(body).get("name")
    if not _fits(name, GROUP_NAME_MAX):
        raise Refusal(
            "invalidGroupName",
            f"The group name {_show(name)} is invalid:"
            f" it must have 1 to {GROUP_NAME_MAX} characters.",
        )
    return name


def group_to_delete(body: Any) -> int:
    """deleteGroup's ``id``; the default group "All" is never deleted."""
    group_id = _object(body).get("id")
    if not _is_int(group_id):
        raise Refusal("invalidRequest", f"'id' must be a group id; got {_show(group_id)}.")
    if group_id == ALL_GROUP_ID:
        raise Refusal("cannotDeleteDefaultGroup", 'The default group "All" cannot be deleted.')
    return group_id


def group_to_remove_from(group_id: int | None) -> int:
    """The group a non-permanent delete removes contacts from."""
    if group_id is None:
        raise Refusal("invalidRequest", "'groupId' is required when 'permanent' is false.")
    if group_id == ALL_GROUP_ID:
        raise Refusal(
            "cannotRemoveFromDefaultGroup",
            'Contacts cannot be removed from the default group "All";'
            " send 'permanent': true to delete them.",
        )
    return group_id


def refuse_missing_groups(wanted: set[int], known: set[int]) -> None:
    missing = sorted(wanted - known)
    if missing:
        raise Refusal("groupNotFound", f"Group {missing[0]} does not exist.")


def refuse_duplicates(contacts: Sequence[NewContact], existing: dict[str, int]) -> None:
    """The ``reject`` policy: any phone already saved, or repeated in the batch, refuses it all."""
    first_seen: dict[str, int] = {}
    for index, contact in enumerate(contacts):
        key = contact.phone_key
        if key in existing:
            raise Refusal(
                "contactAlreadyExists",
                f"content[{index}]: a contact with the phone {_show(contact.phone)}"
                f" already exists (id {existing[key]}).",
            )
        if key in first_seen:
            raise Refusal(
                "contactAlreadyExists",
                f"content[{index}]: the phone {_show(contact.phone)}"
                f" repeats content[{first_seen[key]}] of this request.",
            )
        first_seen[key] = index


# -- one contact -----------------------------------------------------------------------


def _new_contact(item: Any, where: str) -> NewContact:
    if not isinstance(item, dict):
        raise Refusal("invalidRequest", f"{where} must be a contact object; got {_show(item)}.")
    name, phone = item.get("name"), item.get("phone")
    if not _fits(name, NAME_MAX):
        raise Refusal(
            "invalidName",
            f"{where} has the invalid name {_show(name)}: it must have 1 to {NAME_MAX} characters.",
        )
    if not isinstance(phone, str) or not _DIGIT.search(phone):
        raise Refusal(
            "invalidPhone", f"{where} has the invalid phone {_show(phone)}: it has no digit."
        )
    birthday = item.get("birthday", item.get("birthDay"))
    return NewContact(
        name=name,
        phone=phone,
        phone_key=phone_key(phone),
        not_valid=int(not phone_is_valid(phone)),
        gender=_gender(item.get("gender"), where),
        mail=_mail(item.get("mail"), where),
        birthday=_birthday(birthday, where),
    )


def _gender(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if _is_int(value) and value in (1, 2):
        return int(value)
    raise Refusal(
        "invalidGender",
        f"{where} has the invalid gender {_show(value)}: use 1 (male) or 2 (female).",
    )


def _mail(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and _MAIL.fullmatch(value):
        return value
    raise Refusal(
        "invalidMail", f"{where} has the invalid mail {_show(value)}: it is not an e-mail address."
    )


def _birthday(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and _is_real_date(value):
        return value
    raise Refusal(
        "invalidBirthday",
        f"{where} has the invalid birthday {_show(value)}: use a real date as DD-MM-YYYY.",
    )


@lru_cache(maxsize=1 << 16)
def _is_real_date(text: str) -> bool:
    """Cached: birthdays repeat across a large import, and a batch checks hundreds."""
    match = _BIRTHDAY.fullmatch(text)
    if not match:
        return False
    day, month, year = (int(part) for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# -- shapes ----------------------------------------------------------------------------


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise Refusal(
            "invalidRequest", f"The request body must be a JSON object; got {_show(body)}."
        )
    return body


def _int_list(value: Any, key: str, *, allow_empty: bool) -> list[int]:
    if isinstance(value, list) and (value or allow_empty) and all(map(_is_int, value)):
        return list(value)
    need = "a list of ids" if allow_empty else "a non-empty list of ids"
    raise Refusal("invalidRequest", f"'{key}' must be {need}; got {_show(value)}.")


def _fits(name: Any, longest: int) -> TypeGuard[str]:
    return isinstance(name, str) and bool(name.strip()) and len(name) <= longest


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _show(value: Any) -> str:
    """A value for a message: quoted, and cut short so a huge body cannot flood a log."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."
