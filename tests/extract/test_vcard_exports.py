"""Real-layout vCard exports through extract and normalize: every contact's phone, name, groups.

The files in data/vcard/ follow what iCloud, Nextcloud (vCard 4.0), Mac
Contacts and Android 2.1 phones write: group cards, ``itemN.`` labels, and
quoted-printable lines soft-broken inside a UTF-8 sequence.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from boolky_sync.errors import InputError
from boolky_sync.extract import Extracted, extract
from boolky_sync.normalize.stage import Normalized, normalize

DATA = Path(__file__).parent / "data" / "vcard"

Contact = tuple[str, str, tuple[str, ...]]
"""E.164 phone, name, groups."""

EXPECTED: dict[str, list[Contact]] = {
    "icloud_groups.vcf": [
        ("+33612345678", "Camille Lefèvre", ("Family",)),
        ("+33781234567", "Julien Lefèvre", ("Family",)),
        ("+447911123456", "Oliver Brown", ("Work",)),
        ("+4915123456789", "Anna Schmidt", ("Work",)),
        ("+393471234567", "Marco Rossi", ("Family", "Work")),
    ],
    "vcard4_kind_group.vcf": [
        ("+34612345678", "Sofia García", ("Book club",)),
        ("+351912345678", "João Silva", ("Book club", "Clientes")),
        ("+41791234567", "Lukas Meier", ()),
    ],
    "apple_item_labels.vcf": [
        ("+491712345678", "Jonas Weber", ()),
        ("+447400123456", "Emma Taylor", ()),
        ("+33698765432", "Léa Dubois", ()),
    ],
    "android21_qp_breaks.vcf": [
        ("+33612345678", "René Martin", ()),
        ("+905321234567", "Zoë Öztürk", ()),
        ("+79161234567", "Пётр Иванов", ()),
    ],
}


@cache
def read(name: str) -> tuple[Extracted, Normalized]:
    extracted = extract(DATA / name)
    return extracted, normalize(extracted.table, extracted.mapping)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_contact_phone_name_and_groups(name: str) -> None:
    extracted, normalized = read(name)
    assert extracted.table.format == "vcard"
    contacts = normalized.contacts
    found = [
        (phone, person, tuple(sorted(groups)))
        for phone, person, groups in zip(
            contacts["phone"], contacts["name"], contacts["groups"], strict=True
        )
    ]
    assert found == EXPECTED[name]
    assert normalized.rejects.empty
    assert normalized.stats.rows == len(EXPECTED[name])


@pytest.mark.parametrize("name", ["icloud_groups.vcf", "vcard4_kind_group.vcf"])
def test_group_cards_are_neither_contacts_nor_refused_rows(name: str) -> None:
    extracted, normalized = read(name)
    names = set(extracted.table.frame["FN"])
    assert not names & {"Family", "Work", "Book club"}
    assert normalized.stats.rejected == {}


def test_icloud_groups_are_noted_with_their_members_and_the_missing_one() -> None:
    extracted, _ = read("icloud_groups.vcf")
    assert extracted.table.notes == [
        "2 group cards: Family (3 members), Work (3 members)",
        "line 47: group 'Family' names member "
        "urn:uuid:0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0, which no card has",
    ]


def test_vcard4_members_match_uids_with_or_without_the_urn_prefix_in_any_case() -> None:
    extracted, _ = read("vcard4_kind_group.vcf")
    assert extracted.table.notes == ["1 group card: Book club (2 members)"]
    assert extracted.table.frame["CATEGORIES"].tolist() == ["Book club", "Clientes, Book club", ""]


def test_apple_labels_of_grouped_phones_are_their_kinds_per_card() -> None:
    """item1 is a home fax on one card and a custom "Office reception" on the next."""
    extracted, normalized = read("apple_item_labels.vcf")
    frame = extracted.table.frame
    assert frame["TEL 1 type"].tolist() == ["pref,homefax", "pref,office reception", "pref,other"]
    assert frame["TEL 2 type"].tolist() == ["mobile", "handy privat", "cell,voice"]
    skipped = normalized.warnings[normalized.warnings["code"] == "phone_skipped"]
    assert skipped["detail"].tolist() == ["+49 30 12345678 (pref,homefax)"]


def test_quoted_printable_broken_inside_a_utf8_sequence_is_joined_before_decoding() -> None:
    extracted, _ = read("android21_qp_breaks.vcf")
    frame = extracted.table.frame
    assert frame["N:given"].tolist() == ["René", "Zoë", "Пётр"]
    assert frame["N:family"].tolist() == ["Martin", "Öztürk", "Иванов"]
    assert extracted.table.notes == []
    assert frame["__row"].tolist() == [1, 9, 18]


def write(tmp_path: Path, *cards: list[str]) -> Path:
    path = tmp_path / "cards.vcf"
    lines = [line for card in cards for line in ["BEGIN:VCARD", "VERSION:3.0", *card, "END:VCARD"]]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_a_group_card_with_a_phone_is_still_no_contact_and_members_count_once(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        ["FN:Ann Lee", "TEL;type=CELL:+447911123456", "UID:ann"],
        [
            "FN:Team",
            "TEL:+447400123456",
            "X-ADDRESSBOOKSERVER-KIND:GROUP",
            "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:ANN",
            "X-ADDRESSBOOKSERVER-MEMBER:ann",
        ],
    )
    extracted = extract(path)
    assert extracted.table.frame["FN"].tolist() == ["Ann Lee"]
    assert extracted.table.frame["CATEGORIES"].tolist() == ["Team"]
    assert extracted.table.notes == ["1 group card: Team (1 member)"]


def test_a_group_card_without_a_name_is_noted_and_gives_no_group(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        ["FN:Ann Lee", "TEL;type=CELL:+447911123456", "UID:ann"],
        ["KIND:group", "MEMBER:urn:uuid:ann"],
    )
    extracted = extract(path)
    assert extracted.table.frame["FN"].tolist() == ["Ann Lee"]
    assert "CATEGORIES" not in extracted.table.frame
    assert extracted.table.notes == [
        "line 7: a group card without a name; its members get no group"
    ]


def test_a_file_of_group_cards_only_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, ["FN:Team", "KIND:group", "MEMBER:urn:uuid:ann"])
    with pytest.raises(InputError, match=r"are 1 group card\(s\) only; export the contacts with"):
        extract(path)
