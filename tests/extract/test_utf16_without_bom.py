"""UTF-16 without a byte-order mark, as some "Unicode" exports write it, is text, not binary.

Its NULs sit in every other byte: on the odd side little-endian, on the even side
big-endian. A stated ``--encoding utf-16-le``, ``-be`` or ``utf-16`` is honoured
whether the file has a BOM or not; a PNG, a zip or binary junk is still refused.
"""

from __future__ import annotations

import codecs
import struct
import zipfile
from pathlib import Path

import pytest

from boolky_sync.errors import InputError
from boolky_sync.extract.read import read_source
from boolky_sync.extract.sniff import detect_format
from boolky_sync.extract.text_decoding import utf16_by_nuls
from tests.extract.test_csv_reader import cells

CSV = (
    "Name,Mobile,City\r\n"
    "Zoë Ångström,+49 151 23456789,Köln\r\nJosé Núñez,+34 612 345 678,Málaga\r\n"
)
CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nN:Ångström;Zoë;;;\r\n"
    "TEL;TYPE=CELL:+49 151 23456789\r\nEND:VCARD\r\n"
)
ENDIANS = ["utf-16-le", "utf-16-be"]


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("endian", ENDIANS)
def test_a_csv_without_bom_is_read_in_its_byte_order(tmp_path: Path, endian: str) -> None:
    path = write(tmp_path, "contacts.csv", CSV.encode(endian))
    assert (utf16_by_nuls(path.read_bytes()), detect_format(path)) == (endian, "csv")
    table = read_source(path)
    assert table.encoding == endian
    assert [r["Name"] for r in cells(table)] == ["Zoë Ångström", "José Núñez"]
    assert [r["City"] for r in cells(table)] == ["Köln", "Málaga"]
    assert not any("NUL" in note for note in table.notes)


@pytest.mark.parametrize("endian", ENDIANS)
def test_a_vcard_without_bom_is_read_in_its_byte_order(tmp_path: Path, endian: str) -> None:
    path = write(tmp_path, "card.vcf", CARD.encode(endian))
    assert detect_format(path) == "vcard"
    table = read_source(path)
    assert table.rows == 1
    assert "Zoë Ångström" in table.frame.iloc[0].tolist()


def test_a_json_without_bom_is_read(tmp_path: Path) -> None:
    data = '[{"name": "Zoë", "phone": "+49 151 23456789"}]'.encode("utf-16-be")
    table = read_source(write(tmp_path, "contacts.json", data))
    assert table.rows == 1 and "Zoë" in table.frame.iloc[0].tolist()


@pytest.mark.parametrize(
    ("stated", "data"),
    [
        ("utf-16-le", CSV.encode("utf-16-le")),
        ("utf-16-be", CSV.encode("utf-16-be")),
        ("utf-16", CSV.encode("utf-16-be")),  # plain "utf-16" reads the NULs, not the machine
        ("utf-16", CSV.encode("utf-16-le")),
        ("UTF-16LE", codecs.BOM_UTF16_LE + CSV.encode("utf-16-le")),
        ("utf-16-le", codecs.BOM_UTF16_BE + CSV.encode("utf-16-be")),  # the BOM proves it
        ("utf-16-be", codecs.BOM_UTF16_BE + CSV.encode("utf-16-be")),
    ],
)
def test_a_stated_utf16_encoding_works_whatever_the_bom(
    tmp_path: Path, stated: str, data: bytes
) -> None:
    table = read_source(write(tmp_path, "contacts.csv", data), encoding=stated)
    assert table.columns == ["Name", "Mobile", "City"]
    assert [r["Name"] for r in cells(table)] == ["Zoë Ångström", "José Núñez"]


def test_a_stated_utf16_encoding_is_believed_for_text_of_other_scripts(tmp_path: Path) -> None:
    text = "Имя,Телефон\r\n" + "Анна Петрова,+7 912 345 67 89\r\n" * 3
    path = write(tmp_path, "contacts.csv", text.encode("utf-16-le"))
    table = read_source(path, encoding="utf-16-le")
    assert cells(table)[0] == {"Имя": "Анна Петрова", "Телефон": "+7 912 345 67 89"}


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(13) * 40


def binary_with_nuls_on_one_side() -> bytes:
    """Little-endian 16-bit numbers below 256: NULs on the odd side, like UTF-16, but
    the low bytes are control codes, so the text reading fails."""
    return b"".join(struct.pack("<H", n % 32) for n in range(4096))


@pytest.mark.parametrize(
    ("name", "data", "seems"),
    [
        ("contacts.csv", png(), "a PNG image"),
        ("contacts.csv", binary_with_nuls_on_one_side(), "binary data"),
        ("contacts.csv", bytes(4096), "binary data"),
    ],
)
def test_binary_files_are_still_refused(tmp_path: Path, name: str, data: bytes, seems: str) -> None:
    path = write(tmp_path, name, data)
    assert utf16_by_nuls(data) is None
    with pytest.raises(InputError, match=f"seems to be {seems}"):
        read_source(path)


def test_a_zip_is_still_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(InputError, match="seems to be a zip archive"):
        read_source(path)
