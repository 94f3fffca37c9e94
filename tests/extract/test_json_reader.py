"""The JSON reader on each shape it accepts, Boolky's own backups, and the files it refuses."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from boolky_sync.errors import InputError
from boolky_sync.extract.json_reader import BOOLKY_COLUMNS, json_text, read_json
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN
from tests.conftest import API_EXAMPLES, SAMPLE_DATA


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def rows(path: Path) -> list[dict[str, object]]:
    return read_json(path).frame.to_dict("records")  # type: ignore[return-value]


def test_list_of_objects_takes_every_key_in_first_seen_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "people.json",
        orjson.dumps(
            [
                {"name": "Chloé Dubois", "phone": "+33612345678"},
                {"phone": 447911123456, "name": "Aisha Khan", "vip": True, "mail": None},
                {
                    "name": "Lukas Müller",
                    "tags": ["Kunden", "Newsletter"],
                    "address": {"city": "Köln"},
                },
            ]
        ),
    )

    table = read_json(path)

    assert table.format == "json"
    assert table.columns == ["name", "phone", "vip", "mail", "tags", "address"]
    chloe, aisha, lukas = table.frame.to_dict("records")
    assert chloe == {
        **dict.fromkeys(table.columns, ""),
        "name": "Chloé Dubois",
        "phone": "+33612345678",
        ROW_COLUMN: 1,
        FILE_COLUMN: "people.json",
    }
    assert (aisha["phone"], aisha["vip"], aisha["mail"], aisha[ROW_COLUMN]) == (
        "447911123456",
        "true",
        "",
        2,
    )
    assert (lukas["tags"], lukas["address"]) == ('["Kunden","Newsletter"]', '{"city":"Köln"}')


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (False, "false"),
        (12508682818, "12508682818"),
        (12508682818.0, "12508682818"),
        (3.5, "3.5"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        ([1, "a"], '[1,"a"]'),
        ("  kept as is ", "  kept as is "),
    ],
)
def test_json_text(value: object, text: str) -> None:
    assert json_text(value) == text


def test_ndjson_rows_are_line_numbers_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "people.ndjson",
        '{"name": "Emma", "phone": "+12508682818"}\n\n{"name": "Olivia"}\r\n',
    )

    table = read_json(path)

    assert table.frame["name"].tolist() == ["Emma", "Olivia"]
    assert table.frame[ROW_COLUMN].tolist() == [1, 3]


def test_ndjson_bad_lines_are_skipped_and_named(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "people.jsonl",
        '{"name": "Emma"}\n{"name": "Oli\n42\n{"name": "Aisha"}\n',
    )

    table = read_json(path)

    assert table.frame["name"].tolist() == ["Emma", "Aisha"]
    assert table.frame[ROW_COLUMN].tolist() == [1, 4]
    assert "skipped line 2: not valid JSON" in table.notes
    assert "skipped line 3: not an object" in table.notes


def test_ndjson_is_recognised_in_a_file_named_json(tmp_path: Path) -> None:
    path = write(tmp_path, "export.json", '{"name": "Emma"}\n{"name": "Olivia"}\n')

    table = read_json(path)

    assert table.frame["name"].tolist() == ["Emma", "Olivia"]
    assert "NDJSON: one record per line" in table.notes


def test_ndjson_line_separator_inside_a_string_stays_in_its_record(tmp_path: Path) -> None:
    path = write(
        tmp_path, "notes.ndjson", '{"name": "Emma", "note": "a\u2028b"}\n{"name": "Olivia"}\n'
    )

    assert [r["note"] for r in rows(path)] == ["a\u2028b", ""]


def test_ndjson_with_no_valid_line(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.ndjson", "{nope\n[1,\n")

    with pytest.raises(InputError, match=r"broken\.ndjson: no line is valid JSON \(line 1: "):
        read_json(path)


@pytest.mark.parametrize("key", ["contacts", "data", "items", "records", "results"])
def test_list_under_a_common_key(tmp_path: Path, key: str) -> None:
    path = write(tmp_path, "answer.json", orjson.dumps({"total": 1, key: [{"name": "Emma"}]}))

    table = read_json(path)

    assert table.frame["name"].tolist() == ["Emma"]
    assert f"records under {key!r}" in table.notes


def test_list_nested_two_keys_deep(tmp_path: Path) -> None:
    path = write(tmp_path, "answer.json", orjson.dumps({"data": {"items": [{"name": "Emma"}]}}))

    assert rows(path)[0]["name"] == "Emma"


def test_shared_getcontacts_example_restores_as_boolky_columns() -> None:
    table = read_json(API_EXAMPLES / "getContacts.response.json")

    assert table.columns == list(BOOLKY_COLUMNS)
    assert "Boolky getContacts backup" in table.notes
    emma, olivia = table.frame.to_dict("records")
    assert emma == {
        "id": "5817763",
        "name": "Emma Smith",
        "phone": "+12508682818",
        "groups": "586",
        "gender": "1",
        "mail": "emma.smith@example.com",
        "birthday": "",
        ROW_COLUMN: 1,
        FILE_COLUMN: "getContacts.response.json",
    }
    assert olivia["groups"] == "1; 2; 3"


def test_repo_backup_sample_maps_group_ids_to_names_and_reads_birthday() -> None:
    table = read_json(SAMPLE_DATA / "boolky_backup.json")

    frame = table.frame.set_index("id")
    assert table.rows == 8
    assert frame.loc["102", "groups"] == "Customers; Newsletter"
    assert frame.loc["105", "groups"] == ""
    assert frame.loc["101", "birthday"] == "13-04-1993"
    assert frame.loc["103", "name"] == "Lukas Müller"
    assert frame.loc["108", "gender"] == ""


def test_boolky_backup_reads_either_birthday_spelling_and_skips_a_bad_contact(
    tmp_path: Path,
) -> None:
    backup = {
        "result": {
            "data": {
                "contacts": [
                    {
                        "id": 1,
                        "name": "A",
                        "phone": "+1",
                        "groupIds": [0, 7],
                        "birthday": "01-02-1990",
                    },
                    "not a contact",
                    {"id": 3, "name": "C", "phone": "+3", "groupIds": [], "birthDay": "03-04-1991"},
                ],
                "groups": [{"id": 7, "name": "Team"}],
            }
        }
    }
    path = write(tmp_path, "backup.json", orjson.dumps(backup))

    table = read_json(path)

    assert table.frame[["groups", "birthday", ROW_COLUMN]].values.tolist() == [
        ["Team", "01-02-1990", 1],
        ["", "03-04-1991", 3],
    ]
    assert "skipped contact 2: not an object" in table.notes


def test_items_that_are_not_objects_are_skipped_with_their_positions(tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.json", '[{"name": "A"}, 7, null, {"name": "B"}, {}]')

    table = read_json(path)

    assert table.frame["name"].tolist() == ["A", "B"]
    assert table.frame[ROW_COLUMN].tolist() == [1, 4]
    assert "skipped items 2, 3: not an object" in table.notes


def test_utf8_bom_and_utf16_from_powershell(tmp_path: Path) -> None:
    document = '[{"name": "João Silva", "phone": "+5511987654321"}]'
    with_bom = write(tmp_path, "bom.json", "\ufeff" + document)
    utf16 = write(tmp_path, "ps.json", document.encode("utf-16"))

    assert rows(with_bom)[0]["name"] == "João Silva"
    assert rows(utf16)[0]["name"] == "João Silva"


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.json", '[\n  {"name": "Emma"},\n  {"name": "Oli\n')

    with pytest.raises(InputError, match=r"cut\.json: is not valid JSON: .* at line 3, column \d+"):
        read_json(path)


@pytest.mark.parametrize(
    ("content", "shape"),
    [
        ("42", "a single number"),
        ("[1, 2, 3]", "a list of numbers"),
        ('["a", 1]', "a list of numbers and strings"),
        ('{"name": "Emma", "phone": "+1"}', r"one object \(keys: name, phone\)"),
        ('{"data": {"total": 0}}', r"one object \(keys: total\)"),
    ],
)
def test_wrong_shape_says_what_is_expected(tmp_path: Path, content: str, shape: str) -> None:
    path = write(tmp_path, "shape.json", content)

    with pytest.raises(
        InputError, match=rf"shape\.json: holds {shape}; expected a list of objects"
    ):
        read_json(path)


def test_empty_list_holds_no_records(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"none\.json: holds no records"):
        read_json(write(tmp_path, "none.json", '{"contacts": []}'))


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"empty\.json: the file is empty"):
        read_json(write(tmp_path, "empty.json", " \n"))


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"latin\.json: is not UTF-8 text \(bad byte at offset 12\)"
    ):
        read_json(write(tmp_path, "latin.json", '[{"name": "M\xfcller"}]'.encode("latin-1")))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"gone\.json: no such file"):
        read_json(tmp_path / "gone.json")
