"""Any value made safe to put in report.html: as text, escaped, without control characters.

Every part of the page that shows a value from the source or from Boolky uses
this one function, so a contact named ``<script>`` is shown as text everywhere.
"""

from __future__ import annotations

import html
import re
from typing import Any

from boolky_sync.report.tables import text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escaped(value: Any) -> str:
    """``value`` as text, escaped for an element or a quoted attribute.

    Control characters (a messy export's NUL or BEL) are not allowed in an
    HTML document; they are shown as U+FFFD rather than make the page invalid.
    """
    return html.escape(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", text(value)), quote=True)
