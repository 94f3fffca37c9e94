"""Normalize throughput on 1,000,000 contacts, against the floor phonenumbers sets.

Run: ``python benchmarks/normalize.py [--rows N] [--one-core | --workers N|auto]``.

The rows are generated first (not timed): DE, GB, US, FR, ES, IT and BR numbers
in national and international forms with spaces, dashes, slashes, "00"
prefixes, ``tel:`` URIs and Excel floats, some garbage and empty cells, a third
of the phone strings repeats of others, a country column on some rows (codes
and names in several languages), a labelled second phone column on a fifth of
the rows, and names, e-mails, genders and birthdays. Each stage then runs in a
fresh interpreter that loads the rows, so its peak memory is its own:

- ``bare``: a plain loop of ``phonenumbers.parse`` + ``is_valid_number`` +
  ``number_type`` + ``format_number(E164)`` over the distinct (phone string,
  region) pairs of the rows, the region being the row's country or "DE": the
  floor any phone normalizer on phonenumbers stands on;
- ``phones``: ``region_for`` on the country column and ``normalize_phones`` on
  the whole frame (the time of its parse loop over distinct pairs is shown too);
- ``normalize``: the whole stage, ``boolky_sync.normalize.normalize``, cold
  (nothing read before, no cache), printed as a multiple of the bare loop's time;
- ``emails``: the cost of an address through ``normalize_emails`` (its fast
  path) and through the validator alone, on the rows' addresses and on a mix
  written as exports write them (domain case, spaces, ``mailto:``, invalid ones);
- ``cold``, ``warm``, ``changed``: the whole stage with a cache file (issue #16): first
  into an empty cache, then the same rows again, then with 1% of the rows changed
  (their phone, e-mail and name), as a nightly run of a slightly changed export.

The stages read with ``workers = "auto"`` as the command line does (one process
per core); ``--workers N`` sets another number, ``--one-core`` is
``--workers 1``: what the pool brings. The aims: the million in <= 30 s at
<= 2 GiB peak, per distinct number within 1.3x of the bare loop, and (issue
16) the cold normalize within 1.5x of the bare loop on 300,000 rows, a warm
re-run of the same file <= 0.25x.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

SEED = 20240504
CHANGED_SHARE = 0.01
DEFAULT_REGION = "DE"
FIRST = ["Anna", "Jürgen", "Émilie", "José", "Chloé", "Mehmet", "Zoë", "Li", "Olga", "John"]
LAST = ["Müller", "Schmidt", "O'Brien", "García", "Rossi", "Nowak", "Dubois", "Smith", "Silva"]
GENDER = ["m", "f", "Herr", "Frau", "Mme", "Sr.", "", ""]
LABELS = ["Home", "Work", "Mobile", "* Mobile", "Other", "Work Fax"]

# country: calling code, trunk prefix, share of the rows, how its country column may read
COUNTRIES = {
    "DE": ("49", "0", 0.36, ["DE", "Deutschland", "Germany", "", ""]),
    "GB": ("44", "0", 0.15, ["GB", "UK", "United Kingdom", "Großbritannien"]),
    "US": ("1", "", 0.15, ["US", "USA", "United States", "Vereinigte Staaten"]),
    "FR": ("33", "0", 0.10, ["FR", "France", "Frankreich"]),
    "ES": ("34", "", 0.08, ["ES", "España", "Spain", "Spanien"]),
    "IT": ("39", "", 0.08, ["IT", "Italia", "Italy", "Italien"]),
    "BR": ("55", "0", 0.04, ["BR", "Brasil", "Brazil"]),
}
GARBAGE = ["n/a", "unknown", "4.47911E+11", "12345", "-", "siehe Notiz", "0"]
GARBAGE_SHARE, EMPTY_SHARE = 0.02, 0.02


def digits(rng: np.random.Generator, count: int, width: int) -> pd.Series:
    """``count`` random digit strings of ``width`` digits (leading zeros kept)."""
    return pd.Series(rng.integers(0, 10**width, count)).astype(str).str.zfill(width)


def pick(rng: np.random.Generator, choices: list[str], count: int) -> pd.Series:
    return pd.Series(np.array(choices, dtype=object)[rng.integers(0, len(choices), count)])


def national_numbers(rng: np.random.Generator, country: str, count: int) -> pd.Series:
    """Valid-looking national significant numbers of the country, mobiles mostly."""
    match country:
        case "DE":
            mobile = "15" + pick(rng, ["1", "2", "7"], count) + digits(rng, count, 8)
            landline = "30" + digits(rng, count, 8)
            return mobile.where(rng.random(count) < 0.8, landline)
        case "GB":
            return "7" + pick(rng, ["4", "5", "7", "8", "9"], count) + digits(rng, count, 8)
        case "US":
            area = pick(rng, ["201", "212", "305", "312", "415", "617", "702", "718"], count)
            exchange = pd.Series(rng.integers(200, 1000, count)).astype(str)
            return area + exchange + digits(rng, count, 4)
        case "FR":
            return pick(rng, ["6", "7"], count) + digits(rng, count, 8)
        case "ES":
            return "6" + digits(rng, count, 8)
        case "IT":
            return "3" + pick(rng, ["2", "3", "4", "5", "8", "9"], count) + digits(rng, count, 8)
        case _:
            return pick(rng, ["11", "21", "31", "41"], count) + "9" + digits(rng, count, 8)


def written(rng: np.random.Generator, country: str, nsn: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The numbers in the forms people and programs write, and whether each is national."""
    code, trunk, _, _ = COUNTRIES[country]
    head, tail = nsn.str[:3], nsn.str[3:]
    e164 = code + nsn
    excel = e164.str[0] + "." + e164.str[1:] + "E+" + (e164.str.len() - 1).astype(str)
    forms = [
        ("+" + code + " " + head + " " + tail, False),
        ("+" + code + nsn, False),
        ("00" + code + " " + nsn, False),
        ("tel:+" + code + "-" + head + "-" + tail, False),
        (excel, False),
        (trunk + head + " " + tail, True),
        (trunk + head + "/" + tail, True),
        ("(" + trunk + head + ") " + tail.str[:3] + "-" + tail.str[3:], True),
    ]  # fmt: skip
    choice = rng.choice(len(forms), len(nsn), p=[0.2, 0.1, 0.08, 0.02, 0.05, 0.3, 0.15, 0.1])
    text = forms[0][0].copy()
    national = pd.Series(np.zeros(len(nsn), dtype=bool))
    for index, (form, is_national) in enumerate(forms):
        text[choice == index] = form[choice == index]
        national[choice == index] = is_national
    return text, national


def people(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    """Distinct contacts: a phone string and the country column that goes with it."""
    shares = np.array([share for _, _, share, _ in COUNTRIES.values()])
    country = rng.choice(list(COUNTRIES), rows, p=shares / shares.sum())
    phone = pd.Series(np.full(rows, "", dtype=object))
    where = pd.Series(np.full(rows, "", dtype=object))
    for name, (_, _, _, spellings) in COUNTRIES.items():
        mask = country == name
        text, national = written(rng, name, national_numbers(rng, name, int(mask.sum())))
        phone[mask] = text.to_numpy()
        named = pick(rng, spellings, len(text)).where(national | (rng.random(len(text)) < 0.4), "")
        if name != DEFAULT_REGION:  # a national number abroad needs its country
            named = named.where(~national | (named != ""), spellings[0])
        where[mask] = named.to_numpy()
    odd = rng.random(rows)
    phone[odd < GARBAGE_SHARE] = pick(rng, GARBAGE, int((odd < GARBAGE_SHARE).sum())).to_numpy()
    phone[(odd >= GARBAGE_SHARE) & (odd < GARBAGE_SHARE + EMPTY_SHARE)] = ""
    return pd.DataFrame({"phone": phone, "country": where})


def contacts(rows: int) -> pd.DataFrame:
    """The benchmark's rows: a third of them repeat another's phone and country."""
    rng = np.random.default_rng(SEED)
    distinct = rows * 2 // 3
    pool = people(distinct, rng)
    take = np.concatenate([np.arange(distinct), rng.integers(0, distinct, rows - distinct)])
    rng.shuffle(take)
    chosen = pool.iloc[take].reset_index(drop=True)
    second = rng.random(rows) < 0.2
    other = pool["phone"].to_numpy()[rng.integers(0, distinct, rows)]
    birthday = pd.Series(
        pd.to_datetime("1950-01-01") + pd.to_timedelta(rng.integers(0, 20_000, rows), unit="D")
    ).dt.strftime("%d.%m.%Y")
    number = pd.Series(np.arange(rows)).astype(str)
    frame = pd.DataFrame({
        "First Name": pick(rng, FIRST, rows),
        "Last Name": pick(rng, LAST, rows),
        "Mobile Phone": chosen["phone"],
        "Phone 2 - Label": np.where(second, pick(rng, LABELS, rows), ""),
        "Phone 2 - Value": np.where(second, other, ""),
        "Country": chosen["country"],
        "E-mail Address": "p" + number + "@example.com",
        "Gender": pick(rng, GENDER, rows),
        "Birthday": birthday,
    })  # fmt: skip
    frame = frame.astype(object)
    frame["__row"] = np.arange(2, rows + 2)
    frame["__file"] = "contacts.csv"
    return frame


def changed(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with ``CHANGED_SHARE`` of them edited: a new phone, e-mail and first name."""
    rng = np.random.default_rng(SEED + 1)
    edited = frame.copy()
    rows = np.flatnonzero(rng.random(len(frame)) < CHANGED_SHARE)
    fresh = "+49 15" + pick(rng, ["1", "2", "7"], len(rows)) + " " + digits(rng, len(rows), 8)
    edited.loc[rows, "Mobile Phone"] = fresh.to_numpy()
    edited.loc[rows, "E-mail Address"] = "new" + pd.Series(rows).astype(str).to_numpy() + "@x.org"
    edited.loc[rows, "First Name"] = pick(rng, FIRST, len(rows)).to_numpy() + "-Marie"
    return edited


def mapping() -> Any:
    from boolky_sync.extract.mapping import ColumnMapping, FieldMapping, PhoneColumn

    fields = {
        "first_name": ["First Name"],
        "last_name": ["Last Name"],
        "email": ["E-mail Address"],
        "gender": ["Gender"],
        "birthday": ["Birthday"],
        "country": ["Country"],
    }
    return ColumnMapping(
        fields={name: FieldMapping(name, cols, "explicit") for name, cols in fields.items()},
        phones=[
            PhoneColumn("Mobile Phone", label="mobile"),
            PhoneColumn("Phone 2 - Value", label_column="Phone 2 - Label"),
        ],
    )


def cpu_seconds() -> float:
    """CPU time of this process, of its finished children, and of the pool's finished
    workers: those are the fork server's children, so its ``cutime`` and ``cstime``."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + pool_cpu()


def pool_cpu() -> float:
    from multiprocessing import forkserver

    server = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if server is None:
        return 0.0
    fields = Path(f"/proc/{server}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime, cstime


def memory_mib(field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak) of this process, from /proc.

    Not ``ru_maxrss``: after exec Linux keeps the larger of the new program's
    peak and the parent's, so a stage would report the generator's size.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak() -> None:
    """Start ``VmHWM`` again from the resident size, so the load is not the stage's peak."""
    Path("/proc/self/clear_refs").write_text("5")


def regions(frame: pd.DataFrame) -> pd.Series:
    from boolky_sync.normalize.countries import region_for

    return region_for(frame["Country"]).fillna(DEFAULT_REGION)


def bare_pairs(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """The distinct (phone string, region) pairs of both phone columns."""
    region = regions(frame)
    both = pd.concat([
        pd.DataFrame({"text": frame["Mobile Phone"], "region": region}),
        pd.DataFrame({"text": frame["Phone 2 - Value"], "region": region}),
    ])  # fmt: skip
    both = both[both["text"] != ""].drop_duplicates()
    return list(zip(both["text"], both["region"], strict=True))


def bare_loop(pairs: list[tuple[str, str]]) -> int:
    """What the issue calls the floor: parse, validate, type and format each pair once."""
    import phonenumbers

    valid = 0
    for text, region in pairs:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            valid += 1
        phonenumbers.number_type(number)
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return valid


def stage(name: str, data: Path, workers: str, cache: Path | None) -> dict[str, Any]:
    """One stage in this (fresh) interpreter; what is timed starts after the load."""
    from boolky_sync.normalize import phones
    from boolky_sync.normalize.options import NormalizeOptions

    with data.open("rb") as stream:
        frame = pickle.load(stream)
    count = "auto" if workers == "auto" else int(workers)
    options = NormalizeOptions(default_region=DEFAULT_REGION, workers=count)
    if name == "emails":
        return email_costs(frame["E-mail Address"])
    reset_peak()
    figures: dict[str, Any] = {"rows": len(frame), "loaded_mib": memory_mib("VmRSS")}
    if name == "bare":
        pairs = bare_pairs(frame)
        cpu, started = cpu_seconds(), time.perf_counter()
        figures["valid"] = bare_loop(pairs)
        figures["pairs"] = len(pairs)
    elif name == "phones":
        parse_loop = phones.read_all

        def timed(*args: Any, **kwargs: Any) -> Any:
            begun = time.perf_counter()
            done = parse_loop(*args, **kwargs)
            figures["read_seconds"] = time.perf_counter() - begun
            figures["keys"] = len(args[0])
            return done

        phones.read_all = timed  # type: ignore[assignment]
        cpu, started = cpu_seconds(), time.perf_counter()
        found = regions(frame)
        result = phones.normalize_phones(frame, mapping().phones, found, options)
        figures["kept"] = int(result.phone.notna().sum())
    else:
        from boolky_sync.extract.table import SourceTable
        from boolky_sync.normalize import normalize

        table = SourceTable(frame, "csv", "contacts.csv")
        cpu, started = cpu_seconds(), time.perf_counter()
        normalized = normalize(table, mapping(), options, cache)
        figures["contacts"] = normalized.stats.contacts
    figures["seconds"] = time.perf_counter() - started
    figures["cpu_seconds"] = cpu_seconds() - cpu
    figures["peak_mib"] = memory_mib("VmHWM")
    figures["children_peak_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return figures


def in_child(name: str, data: Path, workers: str, cache: Path | None = None) -> dict[str, Any]:
    args = [sys.executable, __file__, "--stage", name, "--data", str(data), "--workers", workers]
    args += ["--cache", str(cache)] if cache else []
    done = subprocess.run(args, check=True, stdout=subprocess.PIPE, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def written_addresses(addresses: pd.Series) -> pd.Series:
    """The rows' addresses as exports write them: a fifth each with the domain in capitals,
    spaces around, ``mailto:``, a display name, and as they are, one in fifty invalid."""
    rng = np.random.default_rng(SEED)
    parts = addresses.str.split("@", n=1, regex=False)
    user, domain = parts.str[0], parts.str[1]
    forms = [addresses, user + "@" + domain.str.upper(), " " + addresses + " ",
             "mailto:" + addresses, "Ann <" + addresses + ">"]  # fmt: skip
    choice = rng.integers(0, len(forms), len(addresses))
    mixed = forms[0].copy()
    for index, form in enumerate(forms):
        mixed[choice == index] = form[choice == index]
    mixed[rng.random(len(mixed)) < 0.02] = user + "@"
    return mixed


def email_costs(addresses: pd.Series) -> dict[str, Any]:
    """Microseconds an address: ``normalize_emails`` and the validator alone, per column."""
    from boolky_sync.normalize import emails

    figures: dict[str, Any] = {"rows": len(addresses)}
    for label, column in (("plain", addresses), ("written", written_addresses(addresses))):
        started = time.perf_counter()
        emails.normalize_emails(column)
        figures[f"{label}_fast_us"] = (time.perf_counter() - started) / len(column) * 1e6
        sample = column.iloc[: min(len(column), 20_000)].tolist()
        started = time.perf_counter()
        for cell in sample:
            emails._read_email(cell)
        figures[f"{label}_alone_us"] = (time.perf_counter() - started) / len(sample) * 1e6
    return figures


def report_emails(figures: dict[str, Any]) -> None:
    for label in ("plain", "written"):
        print(f"  e-mail, {label:<8} {figures[f'{label}_fast_us']:6.2f} µs an address "
              f"(the validator alone: {figures[f'{label}_alone_us']:.1f} µs)")  # fmt: skip


def report_floor(whole: dict[str, Any], bare: dict[str, Any]) -> None:
    """The cold stage beside the floor it stands on, in the same run."""
    wall, cpu = whole["seconds"] / bare["seconds"], whole["cpu_seconds"] / bare["cpu_seconds"]
    print(f"  cold normalize: {wall:.2f}x the bare loop's wall time "
          f"({cpu:.2f}x its CPU time; aim <= 1.5x)")  # fmt: skip


def report(label: str, figures: dict[str, Any]) -> None:
    seconds, rows = figures["seconds"], figures["rows"]
    children = figures["children_peak_mib"]
    workers = f"; a worker {children:.0f} MiB, mostly shared with it" if children else ""
    print(f"{label:<30} {seconds:6.2f} s {rows / seconds:>9,.0f} rows/s  "
          f"cpu {figures['cpu_seconds']:6.2f} s  peak {figures['peak_mib']:5.0f} MiB "
          f"({figures['loaded_mib']:.0f} with the rows loaded){workers}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--one-core", action="store_true", help="no pool: --workers 1")
    parser.add_argument("--workers", default="auto", help='processes (default "auto")')
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    workers = "1" if args.one_core else args.workers
    if args.stage:
        print(json.dumps(stage(args.stage, args.data, workers, args.cache)))
        return

    load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"workers = {workers}; load average before: {load} on {os.cpu_count()} cores "
          f"(other work on the machine slows the wall times)")  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "contacts.pickle"
        data.write_bytes(pickle.dumps(contacts(args.rows)))
        bare = in_child("bare", data, workers)
        report("bare phonenumbers loop", bare)
        print(f"  {bare['pairs']:,} distinct (string, region) pairs, {bare['valid']:,} valid: "
              f"{bare['seconds'] / bare['pairs'] * 1e6:.1f} µs a pair")  # fmt: skip
        phones = in_child("phones", data, workers)
        report("region_for + normalize_phones", phones)
        ratio = phones["seconds"] / bare["seconds"]
        cpu_ratio = phones["cpu_seconds"] / bare["cpu_seconds"]
        print(f"  {phones['keys']:,} distinct pairs read in {phones['read_seconds']:.2f} s, "
              f"{phones['kept']:,} rows kept: {ratio:.2f}x the bare loop's wall time, "
              f"{cpu_ratio:.2f}x its CPU time")  # fmt: skip
        if not hasattr(importlib.import_module("boolky_sync.normalize"), "normalize"):
            print("normalize: skipped, boolky_sync.normalize.normalize does not exist yet")
            return
        whole = in_child("normalize", data, workers)
        report("normalize (whole stage, cold)", whole)
        print(f"  {whole['contacts']:,} contacts")
        report_floor(whole, bare)
        report_emails(in_child("emails", data, workers))
        cached(data, Path(scratch), bare, workers)


def cached(data: Path, scratch: Path, bare: dict[str, Any], workers: str) -> None:
    """The whole stage with a cache: cold, warm, and warm with 1% of the rows changed."""
    from boolky_sync.normalize.cache import CACHE_FILE

    cache = scratch / CACHE_FILE
    edited = scratch / "changed.pickle"
    with data.open("rb") as stream:
        edited.write_bytes(pickle.dumps(changed(pickle.load(stream))))
    runs = [(data, "cold (empty cache)"), (data, "warm (same file again)"),
            (edited, f"warm, {CHANGED_SHARE:.0%} of rows changed")]  # fmt: skip
    for rows, label in runs:
        figures = in_child("normalize", rows, workers, cache)
        report(label, figures)
        print(f"  {figures['seconds'] / bare['seconds']:.2f}x the bare loop's wall time, "
              f"{figures['cpu_seconds'] / bare['cpu_seconds']:.2f}x its CPU time "
              f"(cache file {cache.stat().st_size / 2**20:.0f} MiB)")  # fmt: skip


if __name__ == "__main__":
    main()
