"""A bare "name" column beside a family-name column is the given name, in the six languages.

``Name`` + ``Nachname`` (or ``Surname``) is a German or English form with the given
name in ``Name``; a French ``Nom`` is the family name, so beside ``Prénom`` it is
that; ``Nombre`` + ``Apellidos``, ``Nome`` + ``Cognome`` / ``Sobrenome`` likewise.
Each file is read and normalized whole: the contact's name is "Given Family".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from boolky_sync.extract import extract
from boolky_sync.normalize import NormalizeOptions, normalize

LAYOUTS = [
    ("Name,Nachname,Handy", "Anna,Schmidt,0151 23456789", "DE"),
    ("Name;Familienname;Mobil", "Anna;Schmidt;0151 23456789", "DE"),
    ("Name,Surname,Mobile", "Anna,Schmidt,07911 123456", "GB"),
    ("Nom;Prénom;Portable", "Schmidt;Anna;06 12 34 56 78", "FR"),
    ("Prénom;Nom;Portable", "Anna;Schmidt;06 12 34 56 78", "FR"),
    ("Nombre;Apellidos;Móvil", "Anna;Schmidt;612 345 678", "ES"),
    ("Nombre;Apellido;Móvil", "Anna;Schmidt;612 345 678", "ES"),
    ("Nome;Cognome;Cellulare", "Anna;Schmidt;312 345 6789", "IT"),
    ("Nome;Sobrenome;Celular", "Anna;Schmidt;912 345 678", "PT"),
]


def contact_names(folder: Path, header: str, row: str, region: str) -> list[str]:
    path = folder / "contacts.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    extracted = extract(path)
    result = normalize(extracted.table, extracted.mapping, NormalizeOptions(default_region=region))
    assert result.rejects.empty, result.rejects
    return list(result.contacts["name"])


@pytest.mark.parametrize(("header", "row", "region"), LAYOUTS)
def test_the_name_is_given_then_family(tmp_path: Path, header: str, row: str, region: str) -> None:
    assert contact_names(tmp_path, header, row, region) == ["Anna Schmidt"]


def test_name_beside_a_family_name_maps_to_the_given_name(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("Name,Nachname,Handy\nAnna,Schmidt,0151 23456789\n", encoding="utf-8")
    mapping = extract(path).mapping
    assert (mapping.columns_for("first_name"), mapping.columns_for("last_name")) == (
        ["Name"],
        ["Nachname"],
    )
    assert mapping.columns_for("name") == []


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("Name,Handy", "Anna Schmidt,0151 23456789"),  # alone: the full name
        ("Name,Vorname,Nachname,Handy", "Anna Schmidt,Anna,Schmidt,0151 23456789"),
    ],
)
def test_a_name_that_is_neither_stays_the_full_name(tmp_path: Path, header: str, row: str) -> None:
    assert contact_names(tmp_path, header, row, "DE") == ["Anna Schmidt"]
    path = tmp_path / "contacts.csv"
    assert extract(path).mapping.columns_for("name") == ["Name"]
