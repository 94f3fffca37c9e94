"""The vCard reader: every real export in peer-data, and each mess a vCard file can have."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boolky_sync.errors import InputError
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN, SourceTable
from boolky_sync.extract.vcard_reader import read_vcard

VCARDS = Path(__file__).parent / "data" / "ez-vcard"
DATA = Path(__file__).parent / "data" / "vcard"

Phones = list[tuple[str, str]]
Card = tuple[str, str, str, Phones]
"""What the acceptance table checks per card: FN, N:family, N:given, every TEL with its type."""


def spaced(letter: str, count: int) -> str:
    return " ".join([letter] * count)


# Read by eye from each file. Android's names are quoted-printable "Ñ" (=C3=91) runs.
EXPECTED: dict[str, list[Card]] = {
    "John_Doe_ANDROID.vcf": [
        ("", "", "", []),
        ("", "", "", []),
        (spaced("Ñ", 5), spaced("Ñ", 4), "", [("123456789", "cell,pref")]),
        (
            spaced("Ñ", 11),
            spaced("Ñ", 11),
            "",
            [
                ("123456", "cell,pref"),
                ("234567", "home"),
                ("3456789", "cell"),
                ("45678901", "home"),
            ],
        ),
        (
            spaced("Ñ", 4),
            spaced("Ñ", 2),
            spaced("Ñ", 3),
            [("123456", "cell,pref"), ("123456", "work"), ("123456", "work,fax")],
        ),
        ("ÑÑÑÑ", "ÑÑÑÑ", "", [("55556666", "cell,pref")]),
    ],
    "John_Doe_BLACK_BERRY.vcf": [("John Doe", "Doe", "john", [("+96123456789", "cell")])],
    "John_Doe_EVOLUTION.vcf": [
        (
            "Mr. John Richter, James Doe Sr.",
            "Doe",
            "John",
            [("905-666-1234", "cell"), ("905-555-1234", "work,voice")],
        )
    ],
    "John_Doe_GMAIL.vcf": [
        (
            "Mr. John Richter, James Doe Sr.",
            "Doe",
            "John",
            [("905-555-1234", "cell"), ("905-666-1234", "home")],
        )
    ],
    "John_Doe_IPHONE.vcf": [
        (
            "Mr. John Richter James Doe Sr.",
            "Doe",
            "John",
            [
                ("905-555-1234", "cell,voice,pref"),
                ("905-666-1234", "home,voice"),
                ("905-777-1234", "work,voice"),
                ("905-888-1234", "home,fax"),
                ("905-999-1234", "work,fax"),
                ("905-111-1234", "pager"),
                ("905-222-1234", "assistantphone"),
            ],
        )
    ],
    "John_Doe_LOTUS_NOTES.vcf": [
        (
            "Mr. Doe John I Johny",
            "Doe",
            "John",
            [("+1 (212) 204-34456", "cell,voice,pref"), ("00-1-212-555-7777", "work,fax")],
        )
    ],
    "John_Doe_MAC_ADDRESS_BOOK.vcf": [
        (
            "Mr. John Richter,James Doe Sr.",
            "Doe",
            "John",
            [
                ("905-777-1234", "work,pref"),
                ("905-666-1234", "home"),
                ("905-555-1234", "cell"),
                ("905-888-1234", "home,fax"),
                ("905-999-1234", "work,fax"),
                ("905-111-1234", "pager"),
                ("905-222-1234", "assistantphone"),
            ],
        )
    ],
    "John_Doe_MS_OUTLOOK.vcf": [
        (
            "Mr. John Richter James Doe Sr.",
            "Doe",
            "John",
            [("(905) 555-1234", "work,voice"), ("(905) 666-1234", "home,voice")],
        )
    ],
    "fullcontact.vcf": [
        (
            "Prefix FirstName MiddleName LastName Suffix",
            "LastName",
            "FirstName",
            [
                ("555-555-1111", "home,voice"),
                ("555-555-1112", "work,voice"),
                ("555-555-1113", "cell,voice"),
                ("555-555-1114", "cell,voice"),
                ("555-555-1115", "voice"),
                ("555-555-1116", "home,fax"),
                ("555-555-1117", "work,fax"),
                ("555-555-1118", "voice"),
                ("555-555-1119", "voice"),
            ],
        )
    ],
    "gmail-list.vcf": [
        ("Arnold Smith", "Smith", "Arnold", []),
        ("Chris Beatle", "Beatle", "Chris", []),
        ("Doug White", "White", "Doug", []),
    ],
    "gmail-single.vcf": [
        (
            "Greg Dartmouth",
            "Dartmouth",
            "Greg",
            [("555 555 1111", "cell"), ("555 555 2222", "grand_central")],
        )
    ],
    "gmail-single2.vcf": [
        (
            "VCard Test",
            "Test",
            "VCard",
            [
                ("5555551111", ""),
                ("5555551112", "home"),
                ("5555551113", "work"),
                ("5555551114", ""),
                ("5555551115", "cell"),
                ("5555551116", "main"),
                ("5555551117", "home,fax"),
                ("5555551118", "work,fax"),
                ("5555551119", "grand_central"),
                ("5555551120", "pager"),
                ("5555551121", "customephonecategory"),
            ],
        )
    ],
    "outlook-2003.vcf": [
        (
            "John Doe III",
            "Doe",
            "John",
            [
                ("BusinessPhone", "work,voice"),
                ("HomePhone", "home,voice"),
                ("MobilePhone", "cell,voice"),
                ("BusinessFaxPhone", "work,fax"),
            ],
        )
    ],
    "outlook-2007.vcf": [
        (
            "Mr. Michael Angstadt Jr.",
            "Angstadt",
            "Michael",
            [
                ("(111) 555-1111", "work,voice"),
                ("(111) 555-2222", "home,voice"),
                ("(111) 555-4444", "cell,voice"),
                ("(111) 555-3333", "work,fax"),
            ],
        )
    ],
    "rfc2426-example.vcf": [
        (
            "Frank Dawson",
            "",
            "",
            [("+1-919-676-9515", "voice,msg,work"), ("+1-919-676-9564", "fax,work")],
        ),
        (
            "Tim Howes",
            "",
            "",
            [("+1-415-937-3419", "voice,msg,work"), ("+1-415-528-4164", "fax,work")],
        ),
    ],
    "rfc6350-example.vcf": [
        (
            "Simon Perreault",
            "Perreault",
            "Simon",
            [
                ("+1-418-656-9254 ext. 102", "work,voice,pref"),
                ("+1-418-262-6501", "work,cell,voice,video,text"),
            ],
        )
    ],
    "thunderbird-MoreFunctionsForAddressBook-extension.vcf": [
        (
            "John Doe",
            "Doe",
            "John",
            [
                ("555-555-1111", "work,voice"),
                ("555-555-2222", "home,voice"),
                ("555-555-5555", "cell,voice"),
                ("555-555-3333", "fax"),
                ("555-555-4444", "pager"),
            ],
        )
    ],
}


def cards(table: SourceTable) -> list[Card]:
    """Each row as (FN, N:family, N:given, [(TEL i, TEL i type), ...]) without empty phones."""
    found: list[Card] = []
    for row in table.frame.to_dict("records"):
        phones = []
        index = 1
        while f"TEL {index}" in row:
            if row[f"TEL {index}"]:
                phones.append((row[f"TEL {index}"], row[f"TEL {index} type"]))
            index += 1
        found.append((row["FN"], row.get("N:family", ""), row.get("N:given", ""), phones))
    return found


def read(tmp_path: Path, content: str | bytes, name: str = "cards.vcf") -> SourceTable:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return read_vcard(path)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def only_row(table: SourceTable) -> dict[str, object]:
    assert table.rows == 1
    return {str(name): value for name, value in table.frame.iloc[0].items()}


def test_every_peer_vcard_is_in_the_acceptance_table() -> None:
    assert {path.name for path in VCARDS.glob("*.vcf")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_peer_vcard_names_and_every_phone(name: str) -> None:
    table = read_vcard(VCARDS / name)

    assert table.format == "vcard"
    assert cards(table) == EXPECTED[name]
    assert (table.frame[FILE_COLUMN] == name).all()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_peer_vcard_cells_are_strings_and_rows_are_ints(name: str) -> None:
    frame = read_vcard(VCARDS / name).frame

    values = frame.drop(columns=[ROW_COLUMN]).to_numpy().ravel()
    assert all(type(value) is str for value in values)
    assert frame[ROW_COLUMN].dtype == "int64"
    assert list(frame.columns[:1]) == ["FN"]
    assert list(frame.columns[-2:]) == [ROW_COLUMN, FILE_COLUMN]


def test_rows_are_the_lines_of_begin_vcard() -> None:
    assert read_vcard(VCARDS / "John_Doe_ANDROID.vcf").frame[ROW_COLUMN].tolist() == [
        1,
        6,
        11,
        18,
        36,
        71,
    ]
    assert read_vcard(VCARDS / "rfc2426-example.vcf").frame[ROW_COLUMN].tolist() == [1, 13]


def test_iphone_cr_cr_lf_line_ends_count_as_one_line_each() -> None:
    table = read_vcard(VCARDS / "John_Doe_IPHONE.vcf")

    assert table.frame[ROW_COLUMN].tolist() == [1]
    assert only_row(table)["BDAY"] == "2012-06-06"
    assert only_row(table)["ADR:country"] == "United States of America"


def test_a_value_with_bytes_its_charset_cannot_explain_is_kept_with_a_note() -> None:
    table = read_vcard(VCARDS / "John_Doe_ANDROID.vcf")

    assert table.notes == ["line 82: ORG has bytes its charset cannot explain; shown as �"]
    assert table.frame["ORG"].iloc[-1] == "Ñ" * 44


def test_peer_card_other_fields() -> None:
    row = only_row(read_vcard(VCARDS / "fullcontact.vcf"))

    assert {key: row[key] for key in row if key.startswith(("N:", "EMAIL", "ORG"))} == {
        "N:family": "LastName",
        "N:given": "FirstName",
        "N:additional": "MiddleName",
        "N:prefix": "Prefix",
        "N:suffix": "Suffix",
        "ORG": "Organization1",
        "EMAIL 1": "home@example.com",
        "EMAIL 2": "work@example.com",
        "EMAIL 3": "school@example.com",
        "EMAIL 4": "other@example.com",
        "EMAIL 5": "custom@example.com",
    }
    assert (row["BDAY"], row["GENDER"], row["CATEGORIES"]) == ("2016-08-01", "M", "Tag")
    assert (row["ADR:country"], row["NOTE"]) == ("HomeCountry", "Notes line 1\nNotes line 2")


def test_outlook_german_export_in_cp1252_reads_to_the_exact_table() -> None:
    table = read_vcard(DATA / "outlook_de_cp1252.vcf")

    assert table.encoding == "cp1252"
    assert table.notes == ["X-WAB-GENDER is Outlook's code: read 1 as F and 2 as M"]
    assert table.frame.to_dict("records") == [
        {
            "FN": "Jürgen Müller",
            "N:family": "Müller",
            "N:given": "Jürgen",
            "N:prefix": "Herr",
            "ORG": "Müller & Söhne GmbH",
            "TEL 1": "+49 151 23456789",
            "TEL 1 type": "cell,voice",
            "TEL 2": "030 1234567-89",
            "TEL 2 type": "work,voice",
            "TEL 3": "030 7654321",
            "TEL 3 type": "home,fax",
            "EMAIL 1": "juergen.mueller@example.de",
            "BDAY": "1975-03-14",
            "GENDER": "M",
            "CATEGORIES": "",
            "ADR:country": "Deutschland",
            "NOTE": "Kunde seit 2019\nAnruf vormittags. Grüße",
            ROW_COLUMN: 1,
            FILE_COLUMN: "outlook_de_cp1252.vcf",
        },
        {
            "FN": "Renée Weiß",
            "N:family": "Weiß",
            "N:given": "Renée",
            "N:prefix": "Frau",
            "ORG": "",
            "TEL 1": "0171 9876543",
            "TEL 1 type": "cell",
            "TEL 2": "",
            "TEL 2 type": "",
            "TEL 3": "",
            "TEL 3 type": "",
            "EMAIL 1": "",
            "BDAY": "",
            "GENDER": "F",
            "CATEGORIES": "Kunden, Newsletter",
            "ADR:country": "",
            "NOTE": "",
            ROW_COLUMN: 21,
            FILE_COLUMN: "outlook_de_cp1252.vcf",
        },
    ]


def test_a_card_with_only_a_name_still_has_the_phone_columns(tmp_path: Path) -> None:
    table = read(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEND:VCARD\n")

    assert list(table.frame.columns) == ["FN", "TEL 1", "TEL 1 type", ROW_COLUMN, FILE_COLUMN]
    assert only_row(table) == {
        "FN": "Ann Lee",
        "TEL 1": "",
        "TEL 1 type": "",
        ROW_COLUMN: 1,
        FILE_COLUMN: "cards.vcf",
    }


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r"])
@pytest.mark.parametrize("fold", [" ", "\t"])
def test_folded_lines_are_unfolded(tmp_path: Path, line_end: str, fold: str) -> None:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Maximilian Alexan",
        f"{fold}der Schmidt",
        "TEL;TYPE=CE",
        f"{fold}LL:+49 151 ",
        f"{fold}2345 6789",
        "NOTE:first\\nsecond",
        "END:VCARD",
    ]
    row = only_row(read(tmp_path, line_end.join(lines) + line_end))

    assert row["FN"] == "Maximilian Alexander Schmidt"
    assert (row["TEL 1"], row["TEL 1 type"]) == ("+49 151 2345 6789", "cell")
    assert row["NOTE"] == "first\nsecond"


@pytest.mark.parametrize(
    ("name_line", "expected"),
    [
        ("N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen;;;", "Jürgen Müller"),
        ("N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;", "Jürgen Müller"),
        ("N;CHARSET=windows-1252;QUOTED-PRINTABLE:M=FCller;J=FCrgen;;;", "Jürgen Müller"),
        # No CHARSET (Outlook): UTF-8 if the bytes are UTF-8, else cp1252.
        ("N;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen;;;", "Jürgen Müller"),
        ("N;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;", "Jürgen Müller"),
        # A soft line break: "=" at the end, the next line not indented.
        (
            "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=\r\n=BCller;J=C3=BC=\r\nrgen;;;",
            "Jürgen Müller",
        ),
    ],
)
def test_quoted_printable_names(tmp_path: Path, name_line: str, expected: str) -> None:
    text = f"BEGIN:VCARD\r\nVERSION:2.1\r\n{name_line}\r\nTEL;CELL:0151 1\r\nEND:VCARD\r\n"
    row = only_row(read(tmp_path, text))

    assert f"{row['N:given']} {row['N:family']}" == expected
    assert (row["TEL 1"], row["TEL 1 type"]) == ("0151 1", "cell")


def test_quoted_printable_fn_with_a_soft_break_before_the_next_property(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:2.1\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen=20=\nM=C3=BCller=\n\n"
        "TEL;CELL:0151 1\nEND:VCARD\n"
    )
    row = only_row(read(tmp_path, text))

    assert row["FN"] == "Jürgen Müller"
    assert row["TEL 1"] == "0151 1"


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("cp1252", "cp1252"),
    ],
)
def test_file_encodings(tmp_path: Path, encoding: str, reported: str) -> None:
    text = crlf("BEGIN:VCARD\nVERSION:3.0\nFN:Renée Weiß\nTEL;TYPE=cell:0171 9876543\nEND:VCARD\n")
    table = read(tmp_path, text.encode(encoding))

    assert table.encoding == reported
    assert only_row(table)["FN"] == "Renée Weiß"
    assert only_row(table)["TEL 1"] == "0171 9876543"


def test_charset_line_in_an_8bit_file_is_decoded_by_its_own_charset(tmp_path: Path) -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8:Wei\xc3\x9f;Ren\xc3\xa9e;;;\r\n"
        b"FN:Ren\xe9e Wei\xdf\r\nTEL:1\r\nEND:VCARD\r\n"
    )
    table = read(tmp_path, data)

    assert table.encoding == "cp1252"
    assert (only_row(table)["N:family"], only_row(table)["FN"]) == ("Weiß", "Renée Weiß")


def test_apple_group_label_is_added_to_the_phone_types(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\n"
        "item1.TEL;type=CELL:+1 555 0101\nitem1.X-ABLabel:_$!<Mobile>!$_\n"
        "item2.TEL:+1 555 0102\nITEM2.X-ABLABEL:Holiday home\n"
        "item3.EMAIL:ann@example.com\nitem3.X-ABLabel:_$!<Other>!$_\n"
        "TEL;type=WORK:+1 555 0103\nEND:VCARD\n"
    )
    row = only_row(read(tmp_path, text))

    assert [(row[f"TEL {i}"], row[f"TEL {i} type"]) for i in (1, 2, 3)] == [
        ("+1 555 0101", "cell,mobile"),
        ("+1 555 0102", "holiday home"),
        ("+1 555 0103", "work"),
    ]


@pytest.mark.parametrize(
    ("tel_line", "number", "kinds"),
    [
        (
            'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-555-555-5555;ext=102',
            "+1-555-555-5555 ext. 102",
            "voice,cell",
        ),
        ("TEL;VALUE=uri;TYPE=home:tel:+44-20-7946-0958", "+44-20-7946-0958", "home"),
        ("TEL;VALUE=uri:tel:863-1234;phone-context=+1-914-555", "+1-914-555-863-1234", ""),
        ("TEL;TYPE=cell;TYPE=pref:+49 151 1", "+49 151 1", "cell,pref"),
        ("TEL;TYPE=CELL,VOICE:+49 151 1", "+49 151 1", "cell,voice"),
        ("TEL;CELL;PREF:+49 151 1", "+49 151 1", "cell,pref"),
        ("TEL;PREF=1;TYPE=home:+49 151 1", "+49 151 1", "pref,home"),
        ("TEL;PREF=2;TYPE=home:+49 151 1", "+49 151 1", "home"),
        ('TEL;X-UUID="a:b;c";TYPE=work:+49 151 1', "+49 151 1", "work"),
        ("tel;type=Cell:+49 151 1", "+49 151 1", "cell"),
    ],
)
def test_phone_parameters_and_tel_uris(
    tmp_path: Path, tel_line: str, number: str, kinds: str
) -> None:
    text = f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\n{tel_line}\r\nEND:VCARD\r\n"
    row = only_row(read(tmp_path, text))

    assert (row["TEL 1"], row["TEL 1 type"]) == (number, kinds)


def test_empty_phones_take_no_column(tmp_path: Path) -> None:
    text = crlf("BEGIN:VCARD\nVERSION:2.1\nFN:Ann\nTEL;HOME:\nTEL;CELL:0151 2\nEND:VCARD\n")
    row = only_row(read(tmp_path, text))

    assert (row["TEL 1"], row["TEL 1 type"]) == ("0151 2", "cell")
    assert "TEL 2" not in row


def test_backslash_escapes(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Mary-Ann O\\,Brien\nN:O\\,Brien;Mary\\;Ann;;;\n"
        "NOTE:line 1\\nline 2\\Nline 3 C:\\\\tmp\nEND:VCARD\n"
    )
    row = only_row(read(tmp_path, text))

    assert (row["FN"], row["N:family"], row["N:given"]) == (
        "Mary-Ann O,Brien",
        "O,Brien",
        "Mary;Ann",
    )
    assert row["NOTE"] == "line 1\nline 2\nline 3 C:\\tmp"


def test_several_cards_with_garbage_between_them(tmp_path: Path) -> None:
    text = crlf(
        "exported by PhoneTool 2.3\n\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTEL:1\nEND:VCARD\n"
        "this line is no property\nX-STRAY:outside any card\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Ray\nTEL:2\nTEL:3\nEND:VCARD\n"
    )
    table = read(tmp_path, text)

    assert cards(table) == [
        ("Ann Lee", "", "", [("1", "")]),
        ("Bob Ray", "", "", [("2", ""), ("3", "")]),
    ]
    assert table.frame[ROW_COLUMN].tolist() == [3, 10]
    assert table.notes == []


def test_nested_agent_card_is_skipped(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:2.1\nFN:Ann Lee\nTEL;WORK:1\nAGENT:\n"
        "BEGIN:VCARD\nVERSION:2.1\nFN:Her Assistant\nTEL;WORK:2\nEND:VCARD\n"
        "TEL;CELL:3\nEND:VCARD\n"
    )
    table = read(tmp_path, text)

    assert cards(table) == [("Ann Lee", "", "", [("1", "work"), ("3", "cell")])]


def test_agent_given_as_text_opens_no_nested_card(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nAGENT:BEGIN:VCARD\\nFN:Her Assistant\\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Ray\nEND:VCARD\n"
    )
    table = read(tmp_path, text)

    assert table.frame["FN"].tolist() == ["Ann Lee", "Bob Ray"]
    assert table.notes == ["line 1: card without END:VCARD, read up to line 5"]


def test_binary_values_are_skipped_even_unindented(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:2.1\nFN:Ann Lee\n"
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQEAYABgAAD\n"
        "CgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo=\n\n"
        "LOGO;BASE64:\n  /9j/4AAQSkZJRgABAQEAYABgAAD\n"
        "KEY;ENCODING=b:MIIB/jCCAWugAwIBAgIQ\n"
        "TEL;CELL:0151 1\nEND:VCARD\n"
    )
    table = read(tmp_path, text)

    assert cards(table) == [("Ann Lee", "", "", [("0151 1", "cell")])]
    assert not any("/9j/" in str(value) for value in table.frame.to_numpy().ravel())


def test_categories_from_several_lines_are_merged(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nCATEGORIES:friends,work\n"
        "CATEGORIES:work, Golf club ,\nCATEGORIES:Smith\\, Jones & Co\nEND:VCARD\n"
    )
    row = only_row(read(tmp_path, text))

    assert row["CATEGORIES"] == "friends, work, Golf club, Smith, Jones & Co"


@pytest.mark.parametrize(
    ("bday_line", "expected"),
    [
        ("BDAY:1985-04-12", "1985-04-12"),
        ("BDAY:19850412", "1985-04-12"),
        ("BDAY;VALUE=date:1985-04-12T00:00:00Z", "1985-04-12"),
        ("BDAY:--0412", "--04-12"),
        ("BDAY:--04-12", "--04-12"),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12", "--04-12"),
        ("BDAY;VALUE=text:circa 1800", "circa 1800"),
        ("BDAY:19851312", "19851312"),
    ],
)
def test_birthday_forms(tmp_path: Path, bday_line: str, expected: str) -> None:
    text = f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\n{bday_line}\r\nEND:VCARD\r\n"

    assert only_row(read(tmp_path, text))["BDAY"] == expected


@pytest.mark.parametrize(
    ("gender_lines", "expected"),
    [
        (["GENDER:F;grrrl"], "F"),
        (["GENDER:M", "X-GENDER:female"], "M"),
        (["GENDER:;it's complicated", "X-GENDER:Female"], "Female"),
        (["X-GENDER:Male"], "Male"),
        (["X-SEX:w"], "w"),
        (["X-WAB-GENDER:1"], "F"),
        (["X-WAB-GENDER:2"], "M"),
        (["X-WAB-GENDER:0"], ""),
    ],
)
def test_gender(tmp_path: Path, gender_lines: list[str], expected: str) -> None:
    body = "\r\n".join(gender_lines)
    text = f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\n{body}\r\nEND:VCARD\r\n"
    table = read(tmp_path, text)

    assert only_row(table).get("GENDER", "") == expected
    wab = any(line.startswith("X-WAB") for line in gender_lines)
    assert (table.notes == ["X-WAB-GENDER is Outlook's code: read 1 as F and 2 as M"]) == wab


def test_country_comes_from_the_preferred_address(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nADR;TYPE=home:;;1 Main St;Springfield;;;USA\n"
        "ADR;TYPE=work,pref:;;2 Rue X;Paris;;75001;France\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nADR;TYPE=pref:;;3 Main St;;;;\n"
        "ADR:;;4 Calle Y;Madrid;;;España\nEND:VCARD\n"
    )

    assert read(tmp_path, text).frame["ADR:country"].tolist() == ["France", "España"]


def test_truncated_last_card_is_read_with_a_note(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTEL:1\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Ray\nTEL;TYPE=cell:2\n"
    )
    table = read(tmp_path, text)

    assert cards(table) == [("Ann Lee", "", "", [("1", "")]), ("Bob Ray", "", "", [("2", "cell")])]
    assert table.notes == ["line 6: the file ends inside this card (no END:VCARD); read as it is"]


def test_card_without_end_before_the_next_card_is_closed_there(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTEL:1\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Ray\nTEL:2\nEND:VCARD\n"
    )
    table = read(tmp_path, text)

    assert [card[0] for card in cards(table)] == ["Ann Lee", "Bob Ray"]
    assert table.notes == ["line 1: card without END:VCARD, read up to line 5"]


def test_cards_with_nothing_readable_are_left_out_with_a_note(tmp_path: Path) -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nPRODID:x\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD\n"
    )
    table = read(tmp_path, text)

    assert table.frame["FN"].tolist() == ["Ann"]
    assert table.frame[ROW_COLUMN].tolist() == [5]
    assert table.notes == ["1 card(s) with nothing readable were left out"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\r\n  \r\n", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (b"Name,Phone\r\nAnn Lee,+49 151 1\r\n", "not a vCard"),
        (bytes(range(256)) * 4, "not a vCard"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n", "no name, phone or e-mail"),
    ],
)
def test_bad_files_raise_input_error_naming_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read(tmp_path, content, name="contacts.vcf")

    assert "contacts.vcf" in str(caught.value)


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_vcard(tmp_path / "missing.vcf")


@settings(deadline=None, max_examples=150)
@given(junk=st.binary(max_size=400), card_first=st.booleans())
def test_any_bytes_give_a_table_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, junk: bytes, card_first: bool
) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nFN:A\r\n" + junk if card_first else junk)
    try:
        table = read_vcard(path)
    except InputError:
        return
    assert table.rows >= 1
    assert list(table.frame.columns[-2:]) == [ROW_COLUMN, FILE_COLUMN]


@settings(deadline=None, max_examples=150)
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "BEGIN:VCARD",
                "END:VCARD",
                "AGENT:",
                "FN:Ann",
                "N:a;b;c;d;e;f;g",
                'TEL;TYPE="a,b";PREF=1:tel:+1;ext=2',
                "item1.TEL:5",
                "item1.X-ABLabel:_$!<Mobile>!$_",
                "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=idna:=FF=",
                "ORG;CHARSET=base64:x",
                "ADR;TYPE=pref:;;;;;;",
                "BDAY:--1399",
                "GENDER:",
                "X-WAB-GENDER:7",
                " folded",
                "CATEGORIES:\\",
                'X;A="::',
                "",
            ]
        ),
        max_size=30,
    )
)
def test_any_mix_of_vcard_lines_gives_a_table_or_an_input_error(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    path = tmp_path_factory.getbasetemp() / "mix.vcf"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    try:
        table = read_vcard(path)
    except InputError:
        return
    assert table.rows >= 1
