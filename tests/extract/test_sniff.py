"""Format detection: the content decides, the extension only breaks ties."""

from __future__ import annotations

import codecs
import random
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from boolky_sync.errors import InputError
from boolky_sync.extract.sniff import OLE2_MAGIC, SUPPORTED, detect_format

DATA = Path(__file__).parent / "data" / "csv"


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def zipped(folder: Path, name: str, members: dict[str, bytes]) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("contacts.csv", "name,phone\nAnn,0151\n", "csv"),
        ("contacts.txt", "name\tphone\nAnn\t0151\n", "csv"),
        ("headers.csv", "[Name],[Phone]\nAnn,0151\n", "csv"),
        ("braces.csv", "{Name};{Phone}\nAnn;0151\n", "csv"),
        ("list.json", '  \n[{"name": "Ann"}]', "json"),
        ("empty_list.dat", "[]", "json"),
        ("numbers.dat", "[1, 2]", "json"),
        ("lines.ndjson", '{"name": "Ann"}\n{"name": "Bob"}\n', "json"),
        ("backup.txt", '{\n  "status": "success", "data": {}}', "json"),
        ("odd.json", "[Name],[Phone]\nAnn,0151\n", "json"),  # the extension breaks the tie
        ("card.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n", "vcard"),
        ("card.txt", "\ufeff \r\n\tbegin:vcard\r\nFN:Ann\r\nEND:VCARD\r\n", "vcard"),
        ("card.vcf", "Exported by PhoneTool\r\nBEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n", "vcard"),
        ("card.txt", "Exported by PhoneTool\r\nBEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n", "csv"),
    ],
)
def test_text_formats_by_content(tmp_path: Path, name: str, content: str, expected: str) -> None:
    assert detect_format(write(tmp_path, name, content)) == expected


def test_an_xlsx_that_is_really_csv_is_csv() -> None:
    assert detect_format(DATA / "really_csv.xlsx") == "csv"


def test_utf16_text_is_text_despite_its_nul_bytes() -> None:
    assert detect_format(DATA / "excel_unicode_text.txt") == "csv"


def test_utf16_vcard(tmp_path: Path) -> None:
    card = "BEGIN:VCARD\r\nFN:Zoë\r\nEND:VCARD\r\n"
    path = write(tmp_path, "card.vcf", codecs.BOM_UTF16_LE + card.encode("utf-16-le"))

    assert detect_format(path) == "vcard"


def test_a_few_nul_bytes_do_not_make_text_binary() -> None:
    assert detect_format(DATA / "nul_bytes.csv") == "csv"


def test_an_xlsx_workbook_under_any_name(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["name", "phone"])
    book.save(tmp_path / "contacts.csv")

    assert detect_format(tmp_path / "contacts.csv") == "excel"


def test_an_ods_workbook_by_its_mimetype(tmp_path: Path) -> None:
    path = zipped(
        tmp_path,
        "contacts.bin",
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": b"<office:document-content/>",
        },
    )

    assert detect_format(path) == "excel"


def test_an_ole2_file_is_a_legacy_workbook(tmp_path: Path) -> None:
    # A legacy .xls, or an .xlsx saved with a password: the workbook reader tells which.
    assert detect_format(write(tmp_path, "contacts.dat", OLE2_MAGIC + bytes(504))) == "excel"


def test_a_damaged_zip_named_as_a_workbook_goes_to_the_workbook_reader(tmp_path: Path) -> None:
    assert detect_format(write(tmp_path, "contacts.xlsx", b"PK\x03\x04" + bytes(100))) == "excel"


@pytest.mark.parametrize(
    ("members", "what"),
    [
        ({"word/document.xml": b"<w/>"}, "a Word document"),
        ({"ppt/presentation.xml": b"<p/>"}, "a PowerPoint presentation"),
        ({"Index/Document.iwa": b""}, "an Apple Numbers file"),
        ({"mimetype": b"application/vnd.oasis.opendocument.text"}, "an OpenDocument file that is"),
        ({"photos/1.jpg": b"\xff\xd8\xff"}, "a zip archive"),
    ],
)
def test_other_zip_files_are_named(tmp_path: Path, members: dict[str, bytes], what: str) -> None:
    path = zipped(tmp_path, "contacts.zip", members)

    with pytest.raises(InputError, match=rf"contacts\.zip: seems to be {what}"):
        detect_format(path)


def test_a_damaged_zip_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="seems to be a damaged zip archive"):
        detect_format(write(tmp_path, "contacts.zip", b"PK\x03\x04" + bytes(100)))


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"\x1f\x8b\x08\x00", "a gzip archive"),
        (b"SQLite format 3\x00\x10\x00", "an SQLite database"),
        (b"<!DOCTYPE html>\n<html><body><table>", "an HTML or XML document"),
        (b'<?xml version="1.0"?>\n<Workbook>', "an HTML or XML document"),
    ],
)
def test_known_files_that_are_not_contacts(tmp_path: Path, content: bytes, what: str) -> None:
    with pytest.raises(InputError, match=f"contacts.csv: seems to be {what}"):
        detect_format(write(tmp_path, "contacts.csv", content))


def test_binary_junk_says_what_is_supported(tmp_path: Path) -> None:
    junk = random.Random(3).randbytes(4096)

    with pytest.raises(InputError) as raised:
        detect_format(write(tmp_path, "contacts.xlsx", junk))

    assert str(raised.value) == (
        "contacts.xlsx: seems to be binary data, not a file "
        f"boolky-sync reads; it reads {SUPPORTED}"
    )
    assert ".xlsx" in SUPPORTED and ".vcf" in SUPPORTED and "JSON" in SUPPORTED
