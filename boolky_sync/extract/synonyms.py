"""What a column header says in words, in six languages.

People name their columns in their own language and their own spelling:
"Handy-Nr.", "Téléphone portable", "MobilePhone", "E-Mail-Adresse". Headers are
compared as words, so case, accents, punctuation, camelCase and spacing do not
matter, and filler words ("Nr.", "de", "of") and counters ("Phone 2") are
dropped before the comparison.

Phones are recognised by composition rather than by a list of phrases: a header
made only of phone words ("Telefon", "Handy", "fax") and qualifiers ("privat",
"work", "bureau"), with at least one phone word, is a phone column, and its
words give the phone's label. Everything else is a lookup of the header's
words, joined, in ``FIELD_SYNONYMS``.
"""

from __future__ import annotations

import re
import unicodedata

from boolky_sync.extract.consent_headers import CONSENT_PHRASES
from boolky_sync.extract.mapping import PhoneColumn

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")

FILLER_WORDS = frozenset(
    {
        "nr", "no", "n", "num", "nro", "number", "nummer", "numero",
        "of", "the", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des",
        "la", "le", "el", "il", "lo", "les", "los",
        "e", "y", "and", "und", "et",
    }
)  # fmt: skip
"""Words that never change what a header means ("Numéro de téléphone" is "téléphone")."""

PHONE_WORDS: dict[str, str | None] = {
    # a phone, kind unknown
    "phone": None, "telephone": None, "tel": None, "telefon": None, "telefono": None,
    "telefone": None, "fon": None, "tlf": None, "rufnummer": None, "telefonnummer": None,
    "phonenumber": None,
    # mobile: en, de, fr, es, it, pt, and what Belgians (GSM) and the Swiss (Natel) say
    "mobile": "mobile", "mobil": "mobile", "mob": "mobile", "cell": "mobile",
    "cellular": "mobile", "cellphone": "mobile", "handy": "mobile", "portable": "mobile",
    "movil": "mobile", "celular": "mobile", "cellulare": "mobile", "telemovel": "mobile",
    "gsm": "mobile", "natel": "mobile", "whatsapp": "mobile", "smartphone": "mobile",
    "mobiltelefon": "mobile", "mobilnummer": "mobile", "handynummer": "mobile",
    "mobilfunk": "mobile", "mobilfunknummer": "mobile",
    # other kinds that make a phone column on their own
    "fax": "fax", "telefax": "fax", "telecopie": "fax", "faxnummer": "fax",
    "pager": "pager",
    "festnetz": "landline", "festnetznummer": "landline", "landline": "landline",
    "privattelefon": "home", "haupttelefon": "main", "autotelefon": "car",
    "geschaftstelefon": "work", "diensttelefon": "work", "burotelefon": "work",
    "firmentelefon": "work",
}  # fmt: skip
"""Words that make a header a phone column, with the kind of phone they name (None: any)."""

PHONE_QUALIFIERS: dict[str, str] = {
    "home": "home", "private": "home", "privat": "home", "personal": "home",
    "domicile": "home", "maison": "home", "personnel": "home", "casa": "home",
    "particular": "home", "abitazione": "home", "residencial": "home",
    "work": "work", "business": "work", "office": "work", "company": "work",
    "geschaftlich": "work", "geschaeftlich": "work", "dienstlich": "work", "buro": "work",
    "firma": "work", "bureau": "work", "travail": "work", "professionnel": "work",
    "pro": "work", "trabajo": "work", "oficina": "work", "empresa": "work",
    "lavoro": "work", "ufficio": "work", "trabalho": "work", "comercial": "work",
    "fixe": "landline", "fijo": "landline", "fisso": "landline", "fixo": "landline",
    "main": "main", "primary": "main", "haupt": "main", "principal": "main",
    "principale": "main",
    "other": "other", "weitere": "other", "weiteres": "other", "weiterer": "other",
    "andere": "other", "autre": "other", "otro": "other", "altro": "other", "outro": "other",
    "car": "car", "auto": "car",
}  # fmt: skip
"""Words that say which phone a header holds, but only beside a phone word ("Home" alone is not)."""

LABEL_PRIORITY = ("mobile", "fax", "pager")
"""When a header names several kinds ("Handy privat"), these win, in this order."""

FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "full name",
        "complete name",
        "contact name",
        "display name",
        "nom complet",
        "nom et prénom",
        "prénom et nom",
        "nom prénom",
        "prénom nom",
        "vollständiger Name",
        "voller Name",
        "Anzeigename",
        "Vor- und Nachname",
        "Vorname Nachname",
        "Name, Vorname",
        "nombre completo",
        "nombre y apellidos",
        "nombre y apellido",
        "nominativo",
        "nome e cognome",
        "nome completo",
        "nome e sobrenome",
    ),
    "first_name": (
        "first name",
        "firstname",
        "given name",
        "forename",
        "first",
        "given",
        "fname",
        "Vorname",
        "Rufname",
        "prénom",
        "nombre de pila",
        "primer nombre",
        "nome proprio",
        "primeiro nome",
    ),
    "middle_name": (
        "middle name",
        "middle",
        "second name",
        "additional name",
        "middle initial",
        "weitere Vornamen",
        "zweiter Vorname",
        "deuxième prénom",
        "autres prénoms",
        "segundo nombre",
        "secondo nome",
        "nome do meio",
    ),
    "last_name": (
        "last name",
        "lastname",
        "surname",
        "family name",
        "last",
        "lname",
        "Nachname",
        "Familienname",
        "Zuname",
        "nom de famille",
        "apellido",
        "apellidos",
        "cognome",
        "sobrenome",
        "apelido",
        "apelidos",
    ),
    "email": (
        "email",
        "e-mail",
        "mail",
        "emails",
        "e-mail address",
        "email address",
        "E-Mail-Adresse",
        "Mailadresse",
        "courriel",
        "adresse e-mail",
        "adresse mail",
        "adresse de messagerie",
        "adresse courriel",
        "correo",
        "correo electrónico",
        "dirección de correo",
        "dirección de email",
        "posta elettronica",
        "indirizzo email",
        "indirizzo e-mail",
        "correio eletrônico",
        "correio electrónico",
        "endereço de e-mail",
        "endereço de email",
    ),
    "gender": (
        "gender",
        "sex",
        "Geschlecht",
        "sexe",
        "genre",
        "sexo",
        "género",
        "gênero",
        "sesso",
        "genere",
        "salutation",
        "Anrede",
        "civilité",
        "tratamiento",
        "appellativo",
        "tratamento",
    ),
    "birthday": (
        "birthday",
        "birth date",
        "birthdate",
        "date of birth",
        "dob",
        "bday",
        "born",
        "Geburtstag",
        "Geburtsdatum",
        "geb.",
        "geb. Datum",
        "date de naissance",
        "anniversaire",
        "naissance",
        "fecha de nacimiento",
        "nacimiento",
        "cumpleaños",
        "data di nascita",
        "compleanno",
        "data de nascimento",
        "aniversário",
        "nascimento",
    ),
    "groups": (
        "group",
        "groups",
        "group membership",
        "tag",
        "tags",
        "label",
        "labels",
        "list",
        "lists",
        "mailing list",
        "segment",
        "segments",
        "category",
        "categories",
        "Gruppe",
        "Gruppen",
        "Kategorie",
        "Kategorien",
        "Liste",
        "Listen",
        "Verteiler",
        "Schlagwörter",
        "groupe",
        "groupes",
        "catégorie",
        "catégories",
        "étiquette",
        "étiquettes",
        "grupo",
        "grupos",
        "categoría",
        "categorías",
        "etiqueta",
        "etiquetas",
        "lista",
        "listas",
        "gruppo",
        "gruppi",
        "categoria",
        "categorie",
        "etichetta",
        "etichette",
        "liste",
        "categorias",
    ),
    "country": (
        "country",
        "country/region",
        "country code",
        "nation",
        "Land",
        "Land/Region",
        "Ländercode",
        "pays",
        "pays/région",
        "code pays",
        "país",
        "paese",
        "nazione",
        "código de país",
    ),
    "id": (
        "id",
        "record id",
        "contact id",
        "customer id",
        "client id",
        "external id",
        "uid",
        "uuid",
        "Kunden-ID",
        "Kundennummer",
        "Kunden-Nr.",
        "identifiant",
        "identificador",
        "identificativo",
        "codice cliente",
        "id cliente",
        "código cliente",
        "código de cliente",
    ),
    "consent": CONSENT_PHRASES,
}
"""Header phrases per canonical field, written as people write them."""

QUALIFIABLE_FIELDS = frozenset({"email", "country"})
"""Fields whose headers may carry a phone qualifier ("E-Mail privat", "Work Country")."""

AMBIGUOUS_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "name": (("first_name", "last_name"), ("last_name", "first_name")),
    "nom": (("first_name", "last_name"),),
    "nombre": (("last_name", "first_name"),),
    "nome": (("last_name", "first_name"),),
}
"""Words whose meaning depends on their neighbours: word → (partner, field) pairs.

A German "Name" beside "Vorname" is the surname, and beside "Nachname" or an
English "Surname" the given name; a French "Nom" beside "Prénom" is the family
name (as "Nom" is in French); a Spanish "Nombre" beside "Apellidos", an Italian
"Nome" beside "Cognome" and a Portuguese one beside "Sobrenome" are the given
name. The word takes the first pair's ``field`` whose ``partner`` is mapped and
``field`` is not; with none, or alone, it is the full name.
"""


def header_words(header: str) -> list[str]:
    """The words of a header: camelCase split, accents dropped, lower case."""
    spaced = _CAMEL_BOUNDARY.sub(" ", header)
    plain = unicodedata.normalize("NFKD", spaced)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return [word for word in _NOT_ALNUM.split(plain) if word]


def header_key(header: str) -> str:
    """A header without case, accents, spacing or punctuation ("E-Mail 1" → "email1")."""
    return "".join(header_words(header))


def meaning_words(header: str) -> list[str]:
    """The words that carry meaning: no filler words, no counters."""
    return [w for w in header_words(header) if w not in FILLER_WORDS and not w.isdigit()]


def phone_column_for(header: str) -> PhoneColumn | None:
    """The header as a phone column with its label, or None if it does not name a phone."""
    words = meaning_words(header)
    joined = "".join(words)
    if joined in PHONE_WORDS:
        words = [joined]
    if not any(w in PHONE_WORDS for w in words):
        return None
    if not all(w in PHONE_WORDS or w in PHONE_QUALIFIERS for w in words):
        return None
    labels = [PHONE_WORDS.get(w) or PHONE_QUALIFIERS.get(w) for w in words]
    named = [label for label in labels if label]
    preferred = [label for label in LABEL_PRIORITY if label in named]
    return PhoneColumn(header, label=next(iter(preferred + named), None))


def ambiguous_name(header: str) -> tuple[tuple[str, str], ...] | None:
    """The ``AMBIGUOUS_NAMES`` entry the header is, if it is one."""
    return AMBIGUOUS_NAMES.get("".join(meaning_words(header)))


def field_for_header(header: str) -> str | None:
    """The canonical field a header names, other than a phone or an ambiguous name."""
    words = meaning_words(header)
    field = _FIELD_BY_KEY.get("".join(words))
    if field is None:
        unqualified = "".join(w for w in words if w not in PHONE_QUALIFIERS)
        field = _FIELD_BY_KEY.get(unqualified)
        if field not in QUALIFIABLE_FIELDS:
            return None
    return field


def _phrase_key(phrase: str) -> str:
    return "".join(meaning_words(phrase))


def _build_field_index() -> dict[str, str]:
    """Phrase key → field, refusing a phrase that two fields claim."""
    index: dict[str, str] = {}
    for field, phrases in FIELD_SYNONYMS.items():
        for phrase in phrases:
            key = _phrase_key(phrase)
            claimed = index.setdefault(key, field)
            if claimed != field:
                raise ValueError(f"synonym {phrase!r} names both {claimed} and {field}")
    return index


_FIELD_BY_KEY = _build_field_index()
