"""What a pipeline file may say: its tables and keys, and the defaults of what it leaves out.

The key table is the loader's, and README's "Pipeline file reference" shows
every key in it (a test holds them to each other). The default folders are
used by the loader and by ``import``, which runs without a file, so a pipeline
and an import keep their state in the same place.
"""

from __future__ import annotations

from boolky_sync.pipeline.toml_positions import KeyPath

KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    "": (
        "name",
        "dry_run",
        "source",
        "normalize",
        "sync",
        "target",
        "report",
        "state",
        "alerts",
    ),
    "source": (
        "path",
        "format",
        "preset",
        "sheet",
        "encoding",
        "mapping",
        "max_columns",
        "max_cell_kib",
        "max_cells",
        "max_inflated_mib",
        "max_compression_ratio",
    ),
    "normalize": (
        "default_region",
        "non_mobile",
        "other_phones",
        "gender_spellings",
        "group_separators",
        "group_map",
        "static_groups",
        "merge_rule",
        "name_fallback",
        "date_order",
        "consent",
        "cache",
        "workers",
    ),
    "sync": (
        "mode",
        "scope",
        "managed_groups",
        "shared_group",
        "delete_contacts",
        "max_delete_fraction",
        "empty_clears",
        "remote_deletions",
        "update_strategy",
        "batch_size",
        "concurrency",
    ),
    "target": (
        "kind",
        "state",
        "duplicate_policy",
        "base_url",
        "api_key_env",
        "timeout",
        "max_attempts",
        "max_answer_mib",
    ),
    "report": ("folder", "formats"),
    "state": ("folder",),
    "alerts": ("webhook", "max_rejected_fraction", "smtp"),
}
"""The keys each table of a pipeline file may hold ("" is the top level)."""

SMTP_KEYS = ("host", "port", "from", "to", "username", "password_env", "starttls")
"""The keys of ``[alerts.smtp]``, the mail server alerts go through."""

HOME_TABLE = {key: table for table, keys in KNOWN_KEYS.items() for key in keys}
"""Which table each key belongs in ("" the top), to say "move it to [sync]" when misplaced."""

FREE_TABLES: frozenset[KeyPath] = frozenset(
    {("normalize", "group_map"), ("normalize", "gender_spellings")}
)
"""Tables whose keys are the user's own words (group names, spellings), never settings."""

SECRET_KEYS = frozenset(
    {"api_key", "apikey", "api-key", "api_token", "key", "token", "secret", "password"}
)
"""Keys that would put a credential in the file; refused at any level (group names aside)."""

KEY_ADVICE = {
    "allow_mass_delete": "it is never a setting: pass --allow-mass-delete to the one run "
    "that needs it",
}
"""Keys people expect in the file that it must not have, and what to do instead."""

NAME_FALLBACK_REJECT = "reject"
"""``normalize.name_fallback``'s word for "refuse rows without a name" (the default)."""
STATE_FOLDER = ".boolky-sync"
"""Default state folder, in the pipeline file's folder."""
REPORTS_FOLDER = "reports"
"""Default report folder, in the pipeline file's folder; the pipeline's name is added."""
SANDBOX_STATE = "sandbox.sqlite"
"""The sandbox's account file, in the state folder unless ``target.state`` says otherwise."""
