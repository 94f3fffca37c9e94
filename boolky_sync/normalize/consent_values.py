"""The words a consent cell is written in, six languages, and what each says.

Two kinds of word: a *flag* (yes/no, true/false, 1/0, x, ja/nein, ...) answers
the column's question, so a negative column ("SMS opt-out", "BLACKLISTED")
turns it round; a *status* (subscribed, opted out, cleaned, NEVER_SUBSCRIBED,
abgemeldet, ...) says the person's state whatever the column is called. Words
are compared by ``value_key``: no case, accents, spaces or punctuation, so
"Opted out", "opted-out" and "OPTED_OUT" are one word.

Statuses that are not an agreement (pending confirmation, never subscribed,
no consent) read as "no": a number that never agreed is not one to text.
"""

from __future__ import annotations

import re
import unicodedata

YES, NO = "yes", "no"

FLAGS: dict[str, str] = {
    # en
    "yes": YES, "y": YES, "true": YES, "t": YES, "1": YES, "x": YES, "on": YES,
    "no": NO, "n": NO, "false": NO, "f": NO, "0": NO, "off": NO,
    # de
    "ja": YES, "j": YES, "wahr": YES, "nein": NO, "falsch": NO,
    # fr
    "oui": YES, "vrai": YES, "non": NO, "faux": NO,
    # es, it (sí, sì), pt
    "si": YES, "verdadero": YES, "falso": NO, "vero": YES,
    "sim": YES, "verdadeiro": YES, "nao": NO,
}  # fmt: skip
"""Answers to the column's question: turned round in a negative column."""

STATUSES: dict[str, str] = {
    # en, and the Shopify / Klaviyo / Mailchimp / Pipedrive spellings
    "subscribed": YES, "optedin": YES, "optin": YES, "consented": YES, "granted": YES,
    "unsubscribed": NO, "optedout": NO, "optout": NO, "cleaned": NO, "blacklisted": NO,
    "blocklisted": NO, "blocked": NO, "pending": NO, "nonsubscribed": NO,
    "neversubscribed": NO, "notsubscribed": NO, "noconsent": NO, "revoked": NO,
    "withdrawn": NO, "bounced": NO,
    # de
    "angemeldet": YES, "abonniert": YES, "eingewilligt": YES,
    "abgemeldet": NO, "nichtabonniert": NO, "widerrufen": NO, "gesperrt": NO,
    # fr
    "abonne": YES, "inscrit": YES, "desabonne": NO, "desinscrit": NO, "listenoire": NO,
    # es
    "suscrito": YES, "nosuscrito": NO, "dadodebaja": NO, "baja": NO,
    # it
    "iscritto": YES, "disiscritto": NO, "noniscritto": NO,
    # pt
    "inscrito": YES, "descadastrado": NO, "naoinscrito": NO,
}  # fmt: skip
"""States a cell names: the same in any column."""

FLIPPED = {YES: NO, NO: YES}

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def value_key(text: str) -> str:
    """A cell as the tables above are keyed: no case, accents, spaces or punctuation."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return _NOT_ALNUM.sub("", plain)


def reading(text: str, negative: bool) -> str | None:
    """``"yes"``, ``"no"``, or None for a word neither table knows."""
    key = value_key(text)
    if key in STATUSES:
        return STATUSES[key]
    flag = FLAGS.get(key)
    if flag is None:
        return None
    return FLIPPED[flag] if negative else flag
