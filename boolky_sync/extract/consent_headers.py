"""Headers that carry a row's SMS consent, in six languages, and which of them say "no".

A consent column either says yes when the person agreed ("Accepts SMS
Marketing", "SMS opt-in", "Einwilligung SMS") or says yes when the person
refused ("SMS opt-out", "SMS_BLACKLISTED", "abgemeldet"): in the second kind a
``true`` means *no* consent. Which kind a header is, is data: a header whose
key (``synonyms.header_key``) contains one of ``NEGATIVE_STEMS`` is negative,
whether a preset, a synonym or a person's ``--map consent=`` named it.
"""

from __future__ import annotations

CONSENT_PHRASES: tuple[str, ...] = (
    # en
    "SMS consent",
    "SMS marketing consent",
    "consent",
    "SMS opt-in",
    "SMS opt in",
    "opt-in",
    "SMS opt-out",
    "opt-out",
    "opt out",
    "SMS marketing",
    "accepts SMS",
    "accepts SMS marketing",
    "SMS subscription",
    "SMS subscription status",
    "SMS subscribed",
    "SMS unsubscribed",
    "unsubscribed",
    "SMS permission",
    "SMS status",
    "SMS blacklisted",
    "blacklisted",
    "do not text",
    "do not SMS",
    # de
    "Einwilligung SMS",
    "SMS-Einwilligung",
    "Einwilligung",
    "SMS-Werbung",
    "SMS erlaubt",
    "SMS abgemeldet",
    "SMS-Abmeldung",
    "keine SMS",
    # fr
    "consentement SMS",
    "consentement",
    "accepte SMS",
    "accepte les SMS",
    "SMS marketing accepté",
    "opt-in SMS",
    "désinscrit SMS",
    "désabonnement SMS",
    "pas de SMS",
    # es
    "acepta SMS",
    "consentimiento SMS",
    "consentimiento",
    "baja SMS",
    "SMS baja",
    # it
    "consenso SMS",
    "consenso",
    "accetta SMS",
    "disiscrizione SMS",
    # pt
    "consentimento SMS",
    "consentimento",
    "aceita SMS",
    "descadastro SMS",
)
"""Header phrases of a consent column (compared as ``synonyms`` compares any phrase)."""

NEGATIVE_STEMS: tuple[str, ...] = (
    "optout",
    "unsub",
    "blacklist",
    "blocklist",
    "donottext",
    "donotsms",
    "abgemeldet",
    "abmeldung",
    "keinesms",
    "desinscri",
    "desabonn",
    "pasdesms",
    "baja",
    "disiscri",
    "descadastr",
)
"""Parts of a header key that make the column say yes where the person said no."""
