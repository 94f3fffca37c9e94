"""CRM and address-book exports, recognised by their header row alone.

``detect_preset`` finds the layout a file's header names, ``preset_named`` the
one a person asked for. What a preset is and how it matches a header is in
``preset_layout``; the presets themselves, as data, in ``preset_table``.
"""

from __future__ import annotations

from pathlib import Path

from boolky_sync.errors import InputError
from boolky_sync.extract.preset_layout import Preset
from boolky_sync.extract.preset_table import (
    BOOLKY,
    GOOGLE,
    GOOGLE_LEGACY,
    HUBSPOT,
    MAILCHIMP,
    OUTLOOK,
    OUTLOOK_DE,
    OUTLOOK_FR,
    PIPEDRIVE,
    SALESFORCE,
    VCARD,
    ZOHO,
)
from boolky_sync.extract.preset_table_shops import (
    BREVO,
    KLAVIYO,
    LIGHTSPEED,
    ODOO,
    OUTLOOK_WEB,
    SHOPIFY,
    SQUARE,
    WOOCOMMERCE,
    ZENDESK_SELL,
)

__all__ = ["PRESETS", "Preset", "detect_preset", "preset_named"]

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        GOOGLE, GOOGLE_LEGACY, OUTLOOK, OUTLOOK_DE, OUTLOOK_FR, HUBSPOT, SALESFORCE,
        MAILCHIMP, ZOHO, PIPEDRIVE, VCARD, BOOLKY, SHOPIFY, SQUARE, WOOCOMMERCE,
        OUTLOOK_WEB, BREVO, KLAVIYO, LIGHTSPEED, ODOO, ZENDESK_SELL,
    )
}  # fmt: skip
"""Every preset by name; on a tie in ``detect_preset``, the earlier one wins."""


def detect_preset(columns: list[str]) -> Preset | None:
    """The preset whose signature matches the columns most specifically, if any."""
    scored = [(p.score(columns), -i, p) for i, p in enumerate(PRESETS.values())]
    best, _, preset = max(scored, key=lambda s: s[:2])
    return preset if best > 0 else None


def preset_named(name: str, path: str, columns: list[str] | None = None) -> Preset:
    """The preset a person asked for, or an error that lists the ones there are; given
    the file's ``columns``, also an error when the file is not of that layout.

    A named preset is a promise about the file: "a changed export fails loudly
    instead of being read with a different guess". So the file must carry one of
    the preset's signatures, the headers ``detect_preset`` recognises it by;
    the error names the headers missing from the nearest one, and the layout the
    file looks like instead.
    """
    preset = PRESETS.get(name.strip().lower())
    if preset is None:
        raise InputError(
            f"{Path(path).name}: there is no preset {name!r}; presets are: {', '.join(PRESETS)}",
            path=path,
            key="preset",
        )
    if columns is not None and preset.score(columns) == 0:
        other = detect_preset(columns)
        looks = f"this file looks like {other.name}" if other else "no preset matches this file"
        raise InputError(
            f'preset "{preset.name}" does not match {Path(path).name}: its columns '
            f"{', '.join(preset.missing(columns))} are missing ({looks}); name the right "
            "preset, or leave preset out to recognise the layout",
            path=path,
            key="preset",
        )
    return preset
