"""The choices normalize leaves to the pipeline file, with the defaults a new user gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from boolky_sync.api.records import NAME_MAX
from boolky_sync.normalize.workers import Workers, check_workers
from boolky_sync.option_rules import OptionError, one_of, shown

NonMobilePolicy = Literal["accept", "warn", "reject"]
OtherPhones = Literal["drop", "split"]
MergeRule = Literal["most_complete", "first", "last"]
DateOrder = Literal["auto", "DMY", "MDY", "YMD"]
ConsentPolicy = Literal["respect", "require", "ignore"]


@dataclass(frozen=True)
class NormalizeOptions:
    default_region: str | None = None
    """ISO 3166 code used for national numbers when the row names no country (any case,
    or a country name: stored as the code)."""
    non_mobile: NonMobilePolicy = "warn"
    """What to do with a number the library knows is not a mobile (SMS to it fails)."""
    other_phones: OtherPhones = "drop"
    """A row's further numbers: ``drop`` (noted) or ``split`` (each becomes a contact)."""
    gender_spellings: dict[str, int] = field(default_factory=dict)
    """Extra words → 1 (male) or 2 (female), on top of the built-in six languages."""
    group_separators: tuple[str, ...] = (" ::: ", ";", ",", "|")
    group_map: dict[str, str | None] = field(default_factory=dict)
    """Source group value → Boolky group name, or None to drop it."""
    static_groups: tuple[str, ...] = ()
    """Groups every contact of the pipeline is put in."""
    merge_rule: MergeRule = "most_complete"
    name_fallback: str | None = None
    """None rejects a row without a name (``name_missing``); a string is used instead."""
    date_order: DateOrder = "auto"
    consent: ConsentPolicy = "respect"
    """A row's SMS consent: ``respect`` holds back a "no" (no value is allowed), ``require``
    sends only a "yes", ``ignore`` sends every row."""
    cache: bool = True
    """Keep readings in the state folder between runs (a pipeline's; changes no result)."""
    workers: Workers | None = None
    """Processes the phone readings are spread over: a number, or ``"auto"`` (one per core).
    None (not given) is the caller's default: one for a library caller, so it gets no pool
    it did not ask for; ``"auto"`` for the commands, which a person runs on a whole machine."""

    def __post_init__(self) -> None:
        """Refuse a value outside its rule with ``OptionError`` (a ``ValueError``)."""
        if self.default_region is not None:
            # Stored as the ISO code phonenumbers reads: "fr" or "France" alike become "FR".
            object.__setattr__(self, "default_region", _region_code(self.default_region))
        one_of("non_mobile", self.non_mobile, get_args(NonMobilePolicy))
        one_of("other_phones", self.other_phones, get_args(OtherPhones))
        one_of("merge_rule", self.merge_rule, get_args(MergeRule))
        one_of("date_order", self.date_order, get_args(DateOrder))
        one_of("consent", self.consent, get_args(ConsentPolicy))
        if self.workers is not None:
            check_workers("workers", self.workers)
        for value in self.gender_spellings.values():
            if not isinstance(value, int) or isinstance(value, bool) or value not in (1, 2):
                raise OptionError(
                    "gender_spellings",
                    f"must be 1 (male) or 2 (female), not {shown(value)}",
                    "Boolky knows only these two; leave the word out to leave gender unset",
                )
        fallback = self.name_fallback
        if fallback is not None and len(fallback.strip()) > NAME_MAX:
            raise OptionError(
                "name_fallback",
                f"is longer than Boolky's {NAME_MAX} characters",
                'shorten it, or write "reject" to refuse rows without a name',
            )


def _region_code(value: str) -> str:
    """``countries.region_code``, imported here so ``--help`` stays light."""
    from boolky_sync.normalize.countries import region_code

    return region_code(value)
