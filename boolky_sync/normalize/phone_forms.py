"""How a phone cell is written, read before any country is known.

Contact files hold phone numbers in every form people and programs produce:
several numbers in one cell ("0151 2345678 / 030 123456"), ``tel:`` URIs,
Excel's text marker (``'0151...``) and formula quoting (``="0151..."``),
extensions, "(0)" after a country code, and numbers Excel stored as floats
(``4.47911123456E+11``), sometimes with digits lost (``4.47911E+11``). This
module turns one cell into the parts phonenumbers can read: a leading "+" and
digits, with what was done to get there, so a person can check it. None of it
depends on the row's country, so each distinct cell is read once for all rows.
What phonenumbers itself reads well (trunk prefixes, "(0)" after a country
code, international prefixes by region) is left to it.

Most cells are plain ("+49 151 2345 6789", "(0151) 234-56789"): ``read_cells``
reads those with Arrow's string kernels over the whole column, and only the
rest, cell by cell, with ``split_cell`` and ``read_form``, which give the same
forms for plain cells (a test holds them to that).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

EXCEL_REPAIRED = "Excel float repaired"
MASKED = "is masked (***): the full number is not in the file"
"""Why a masked number (a ``Form``'s ``mangled``) is refused as ``phone_masked``."""

MIN_DIGITS_ALONE = 7
"""Digits (after any country code or trunk 0) a part needs to be a number on its own.

"030/1234567" is one number and "0151 2345678 / 030 1234567" is two: a part
this short ("030", "+49 221") is an area code, and is joined to what follows.
"""

_SEPARATOR = re.compile(r"(\s*(?:[\n;,/|&]| or | oder | ou | o | y | und | and | et )\s*)", re.I)
_EXCEL_SCIENTIFIC = re.compile(r"(\d)(?:[.,](\d+))?[eE]\+?(\d{1,2})")
_EXCEL_WHOLE = re.compile(r"(\d+)[.,]0+")
_EXCEL_FORMULA = re.compile(r'="(.*)"')
_EXTENSION = re.compile(
    r"\s*[,;]?\s*(?:ext(?:ension)?|extn|x|#|durchwahl|dw|nebenstelle|apparat|app|poste|anexo|interno|ramal)"
    r"\.?\s*[:.=]?\s*(\d{1,6})\s*$",
    re.I,
)
_DIGIT = re.compile(r"\d")
_MASK = re.compile(r"[*•●∙◦]|[xX]{2,}")
"""What hotel and POS systems print for digits they hide ("***-***-5309", "XXX-XXX-1234",
"•••• 4471"). A single x stays an extension marker ("555-1234 x12"); the digits left are
never completed into a number, which would be another person's."""
_LETTER_OR_HASH = re.compile(r"[^\W\d_]|#")
_PLAIN = (
    r"^'?\+?[0-9 ()\-.]+$"
    rf"|^'?\+?[ ()\-.]*(?:[0-9][ ()\-.]*){{0,{MIN_DIGITS_ALONE - 1}}}/[0-9 ()\-.]+$"
)
"""A cell of one number with nothing to clean: digits and the usual punctuation, and at
most one "/" after an area code too short to be a number ("030/1234567")."""
_PLAIN_PUNCTUATION = ("'", "+", " ", "(", ")", "-", ".", "/")
_EXCEL_WHOLE_PLAIN = r"^'?[0-9]+\.0+$"
_INTERNATIONAL = re.compile(r"\D*?(?:\+|00\D*[1-9])")


class Form(NamedTuple):
    """One number as phonenumbers should see it.

    ``text`` is "+" and digits, or digits alone ("" when the part has no
    digits); ``cleanup`` says what was changed to get it; ``extension`` is the
    dropped extension as written; ``mangled`` says why the part cannot be
    trusted (an Excel float that lost digits, or ``MASKED``), and then ``text`` is "".
    ``bare`` says the digits were written alone, the way Excel leaves a number
    whose "+" it took: only such a number may be read as a country code that
    lost its "+" ("(201) 555-0123" was typed by a person, national).
    """

    raw: str
    text: str
    cleanup: str
    extension: str
    excel: bool
    mangled: str
    bare: bool


def read_cells(cells: npt.NDArray[Any]) -> dict[str, npt.NDArray[Any]]:
    """The forms of the numbers in distinct cells, one entry per number, in cell order.

    ``cell`` says which of ``cells`` each number came from (a cell without
    digits has none); the other columns are the ``Form`` fields.
    """
    trimmed = pc.utf8_trim_whitespace(pa.array(cells, type=pa.string()))
    plain = pc.and_(
        pc.match_substring_regex(trimmed, _PLAIN),
        pc.invert(pc.match_substring_regex(trimmed, _EXCEL_WHOLE_PLAIN)),
    ).to_numpy(zero_copy_only=False)
    simple = _plain_forms(trimmed.filter(plain), np.flatnonzero(plain))
    rest = np.flatnonzero(~plain)
    parts = [split_cell(cell) for cell in cells[rest]]
    other = [read_form(part) for part in chain.from_iterable(parts)]
    forms = {
        name: np.asarray(column, dtype=object)
        for name, column in zip(
            Form._fields,
            zip(*other, strict=True) if other else [() for _ in Form._fields],
            strict=True,
        )
    }
    forms["cell"] = np.repeat(rest, [len(p) for p in parts])
    both = {name: np.concatenate([simple[name], forms[name]]) for name in simple}
    order = np.argsort(both["cell"], kind="stable")
    return {name: values[order] for name, values in both.items()}


def _plain_forms(trimmed: pa.Array, cells: npt.NDArray[Any]) -> dict[str, npt.NDArray[Any]]:
    """``read_form`` for plain cells, on the whole column at once."""
    digits = trimmed
    for mark in _PLAIN_PUNCTUATION:
        digits = pc.replace_substring(digits, mark, "")
    has_digits = pc.greater(pc.utf8_length(digits), 0).to_numpy(zero_copy_only=False)
    plus = pc.match_substring_regex(trimmed, r"^'?\+")
    text = pc.if_else(plus, pc.binary_join_element_wise("+", digits, ""), digits)
    bare = pc.match_substring_regex(trimmed, r"^'? *[0-9]+$")
    count = int(has_digits.sum())
    blank = np.full(count, "", dtype=object)
    return {
        "raw": trimmed.filter(has_digits).to_numpy(zero_copy_only=False).astype(object),
        "text": text.filter(has_digits).to_numpy(zero_copy_only=False).astype(object),
        "cleanup": blank,
        "extension": blank,
        "excel": np.zeros(count, dtype=bool),
        "mangled": blank,
        "bare": bare.filter(has_digits).to_numpy(zero_copy_only=False),
        "cell": cells[has_digits],
    }


def split_cell(cell: str) -> tuple[str, ...]:
    """The numbers in one cell, each as written; a part too short to stand alone is joined on."""
    pieces = _SEPARATOR.split(cell)
    parts: list[str] = []
    current = pieces[0]
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if _stands_alone(current) and _stands_alone(piece):
            parts.append(current)
            current = piece
        else:
            current += separator + piece
    parts.append(current)
    return tuple(part.strip() for part in parts if _DIGIT.search(part) or _MASK.search(part))


def _stands_alone(part: str) -> bool:
    digits = "".join(_DIGIT.findall(part))
    if _INTERNATIONAL.match(part):
        digits = digits.removeprefix("00")
        code = next((n for n in (1, 2, 3) if int(digits[:n] or 0) in _COUNTRY_CODES), 0)
        return len(digits) - code >= MIN_DIGITS_ALONE
    return len(digits.lstrip("0")) >= MIN_DIGITS_ALONE


_COUNTRY_CODES = frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


def read_form(raw: str) -> Form:
    """One part of a cell, cleaned the way its form asks for."""
    text = _ascii_digits(raw.strip())
    rules: list[str] = []
    formula = _EXCEL_FORMULA.fullmatch(text)
    text = (formula.group(1) if formula else text).lstrip("'").strip()
    extension = ""
    if text[:4].lower() == "tel:":
        text, extension = _tel_uri(text[4:])
        rules.append("tel: URI")
    if _MASK.search(text):
        return Form(raw, "", " + ".join(rules), extension, False, MASKED, False)
    excel = _excel_float(text)
    if excel is not None:
        digits, mangled = excel
        cleanup = " + ".join([*rules, EXCEL_REPAIRED])
        return Form(raw, digits, cleanup, extension, True, mangled, True)
    found = _EXTENSION.search(text) if _LETTER_OR_HASH.search(text) else None
    if found:
        extension = found.group(0).strip(" ,;")
        text = text[: found.start()]
    digits = "".join(_DIGIT.findall(text))
    plus = "+" if digits and "+" in text[: text.index(digits[0])] else ""
    bare = text.strip() == digits
    return Form(raw, plus + digits, " + ".join(rules), extension, False, "", bare)


def _ascii_digits(text: str) -> str:
    """Fullwidth, Arabic-Indic and other digits as ASCII, so digits can be counted and cut."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return _DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), text)


def _tel_uri(body: str) -> tuple[str, str]:
    """An RFC 3966 URI's number and its ``ext`` parameter; other parameters are dropped."""
    number, *parameters = body.split(";")
    extension = next((p[4:] for p in parameters if p[:4].lower() == "ext="), "")
    return number, f"ext. {extension}" if extension else ""


def _excel_float(text: str) -> tuple[str, str] | None:
    """The digits of a number Excel showed as a float, and why not when it lost some.

    Returns None when the text is no Excel float. Excel's "General" format
    keeps at most 11 significant digits in ``4.47911E+11``: when the mantissa
    has fewer digits than the exponent needs, the rest are gone and no digits
    are returned.
    """
    whole = _EXCEL_WHOLE.fullmatch(text)
    if whole:
        return whole.group(1), ""
    scientific = _EXCEL_SCIENTIFIC.fullmatch(text)
    if not scientific:
        return None
    lead, fraction, exponent = scientific.groups()
    mantissa = lead + (fraction or "")
    needed = int(exponent) + 1
    if len(mantissa) < needed:
        return "", f"lost digits in Excel ({len(mantissa)} of {needed} kept)"
    if mantissa[needed:].strip("0"):
        return "", "is a fraction in Excel, not a phone number"
    return mantissa[:needed], ""
