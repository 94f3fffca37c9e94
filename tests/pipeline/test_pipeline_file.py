"""``load_pipeline``: a pipeline file in, a checked ``Pipeline`` out, or the file, key and line.

Each kind of mistake a person makes in a pipeline file is written here as a
small file, and the message must name the exact dotted key and the line it is
on, and say how to fix it. Files are written to ``tmp_path`` beside a copy of a
sample export, so relative paths can be checked against the file's folder.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from pathlib import Path
from textwrap import dedent

import pytest

from boolky_sync.errors import EXIT_INPUT, ConfigError
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.pipeline.config import Pipeline, Target
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.pipeline.problems import PipelineFileError, Problem
from boolky_sync.pipeline.schema import KNOWN_KEYS
from boolky_sync.pipeline.toml_positions import dotted, key_lines, line_of
from boolky_sync.sync.options import SyncOptions
from tests.conftest import SAMPLE_DATA

SOURCE = '[source]\npath = "contacts.csv"\n'
"""The smallest valid file (with ``contacts.csv`` beside it)."""

MESSAGE = re.compile(r"^(?P<file>[^:]+): (?P<key>.+?) \(line (?P<line>\d+)\): .+ — .+$")
"""The one line every problem prints as: file, key, line, what — how to fix."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE_DATA / "google_contacts.csv", tmp_path / "contacts.csv")
    return tmp_path


def write(folder: Path, text: str, name: str = "p.toml") -> Path:
    path = folder / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def load(folder: Path, text: str) -> Pipeline:
    return load_pipeline(write(folder, text))


def problems(folder: Path, text: str) -> list[Problem]:
    with pytest.raises(PipelineFileError) as caught:
        load(folder, text)
    return caught.value.problems


def first_problem(folder: Path, text: str) -> Problem:
    return problems(folder, text)[0]


# --- every kind of mistake names the file, the dotted key and its line --------------------

MISTAKES = [
    pytest.param(
        SOURCE + '[sync]\nbatch_size = "500"\n',
        "sync.batch_size",
        4,
        'must be a whole number, not the text "500" — write batch_size = 500, without quotes',
        id="number-in-quotes",
    ),
    pytest.param(
        SOURCE + '[sync]\nmode = "mirrorr"\nmanaged_groups = ["CRM"]\n',
        "sync.mode",
        4,
        'use one of "insert", "upsert", "mirror" (did you mean "mirror"?)',
        id="not-an-allowed-value",
    ),
    pytest.param(
        SOURCE + "[sync]\nbatch_size = 500\nbtach_size = 5\n",
        "sync.btach_size",
        5,
        'unknown key — did you mean "batch_size"?',
        id="unknown-key-suggested",
    ),
    pytest.param(
        '[sorce]\npath = "contacts.csv"\n',
        "sorce",
        1,
        'unknown key — did you mean "source"?',
        id="unknown-table",
    ),
    pytest.param(
        SOURCE + '[normalize]\nmode = "upsert"\n',
        "normalize.mode",
        4,
        "unknown key — it belongs in [sync]: move it there",
        id="key-in-the-wrong-table",
    ),
    pytest.param(
        SOURCE + "dry_run = true\n",
        "source.dry_run",
        3,
        "before the first [table]",
        id="top-level-key-under-a-table",
    ),
    pytest.param(
        '[source]\nformat = "csv"\n',
        "source.path",
        1,
        "missing: the file to read is required",
        id="missing-source-path",
    ),
    pytest.param(
        '[source]\npath = "exports/*.csv"\n',
        "source.path",
        2,
        '"exports/*.csv" matches no file',
        id="glob-matching-nothing",
    ),
    pytest.param(
        '[source]\npath = "missing.csv"\n',
        "source.path",
        2,
        "no such file",
        id="missing-file",
    ),
    pytest.param(
        SOURCE + '[normalize]\ndefault_region = "XX"\n',
        "normalize.default_region",
        4,
        'the text "XX" names no country we know — use an ISO 3166 code like "DE"',
        id="bad-region",
    ),
    pytest.param(
        SOURCE + '[normalize]\ndefault_region = "Germny"\n',
        "normalize.default_region",
        4,
        'names no country we know — use an ISO 3166 code like "DE" or a country name like '
        '"Germany" (did you mean "Germany"?)',
        id="misspelt-country-name-for-region",
    ),
    pytest.param(
        SOURCE + "[sync]\nmax_delete_fraction = 1.5\n",
        "sync.max_delete_fraction",
        4,
        "1.5 is out of range — use a number from 0 to 1",
        id="fraction-over-one",
    ),
    pytest.param(
        SOURCE + "[sync]\nmax_delete_fraction = -0.1\n",
        "sync.max_delete_fraction",
        4,
        "out of range",
        id="fraction-under-zero",
    ),
    pytest.param(
        SOURCE + '[target]\napi_key = "k"\n',
        "target.api_key",
        4,
        "put the key in the environment variable named by target.api_key_env",
        id="api-key-in-target",
    ),
    pytest.param(
        SOURCE + '[sync]\nmode = "upsert"\n[auth]\ntoken = "k"\n',
        "auth.token",
        6,
        "never in the file",
        id="credential-in-a-table-of-its-own",
    ),
    pytest.param(
        SOURCE + "[sync]\nallow_mass_delete = true\n",
        "sync.allow_mass_delete",
        4,
        "pass --allow-mass-delete to the one run that needs it",
        id="allow-mass-delete-is-a-flag",
    ),
    pytest.param(
        SOURCE + '[normalize]\nstatic_groups = "CRM"\n',
        "normalize.static_groups",
        4,
        'must be a list, not the text "CRM" — write it like static_groups = ["CRM"]',
        id="text-for-a-list",
    ),
    pytest.param(
        SOURCE + '[normalize]\nstatic_groups = [\n  "CRM",\n  7,\n]\n',
        "normalize.static_groups[1]",
        6,
        "must be text, not the number 7",
        id="bad-element-of-a-multiline-array",
    ),
    pytest.param(
        SOURCE + '[normalize]\nstatic_groups = ["A group name far longer than 25"]\n',
        "normalize.static_groups[0]",
        4,
        "longer than Boolky's 25 characters",
        id="group-name-too-long",
    ),
    pytest.param(
        SOURCE + '[normalize]\ngroup_map = { "VIP Customers" = "VIP", "Staff" = true }\n',
        "normalize.group_map.Staff",
        4,
        "must be a group name or false, not true",
        id="inline-table-value",
    ),
    pytest.param(
        SOURCE + '[normalize.group_map]\n"VIP Customers" = 1\n',
        'normalize.group_map."VIP Customers"',
        4,
        "must be a group name or false",
        id="quoted-key",
    ),
    pytest.param(
        SOURCE + "[normalize.gender_spellings]\ndivers = 0\n",
        "normalize.gender_spellings.divers",
        4,
        "must be 1 (male) or 2 (female), not the number 0",
        id="gender-zero",
    ),
    pytest.param(
        SOURCE + 'normalize.non_mobile = "drop"\n',
        "source.normalize",
        3,
        "unknown key",
        id="dotted-key-under-a-table",
    ),
    pytest.param(
        '[source]\npath = "contacts.csv"\nmapping.phone = 5\n',
        "source.mapping.phone",
        3,
        "must be text in quotes, not the number 5",
        id="dotted-mapping-key",
    ),
    pytest.param(
        SOURCE + '[source.mapping]\nphnoe = "Phone 1 - Value"\n',
        "source.mapping.phnoe",
        4,
        'did you mean "phone"?',
        id="unknown-mapping-field",
    ),
    pytest.param(
        '[source]\npath = "contacts.csv"\npreset = "hubspto"\n',
        "source.preset",
        3,
        '(did you mean "hubspot"?)',
        id="unknown-preset",
    ),
    pytest.param(
        '[source]\npath = "contacts.csv"\nformat = "exel"\n',
        "source.format",
        3,
        '(did you mean "excel"?)',
        id="unknown-format",
    ),
    pytest.param(
        '[source]\npath = "contacts.csv"\nencoding = "latin-9000"\n',
        "source.encoding",
        3,
        "is not an encoding Python knows",
        id="unknown-encoding",
    ),
    pytest.param(
        SOURCE + "[sync]\ndelete_contacts = 1\n",
        "sync.delete_contacts",
        4,
        "must be true or false, not the number 1",
        id="number-for-a-boolean",
    ),
    pytest.param(
        SOURCE + "[sync]\nbatch_size = true\n",
        "sync.batch_size",
        4,
        "must be a whole number, not true",
        id="boolean-for-a-number",
    ),
    pytest.param(
        SOURCE + "[sync]\nbatch_size = 0\n",
        "sync.batch_size",
        4,
        "0 is out of range — use a number 1 or more",
        id="batch-size-zero",
    ),
    pytest.param(
        SOURCE + "[sync]\nconcurrency = 100\n",
        "sync.concurrency",
        4,
        "use a number from 1 to 16",
        id="concurrency-too-high",
    ),
    pytest.param(
        SOURCE + '[sync]\nmode = "mirror"\n',
        "sync.mode",
        4,
        "a mirror with no managed_groups and delete_contacts = false never removes anything",
        id="mirror-that-removes-nothing",
    ),
    pytest.param(
        SOURCE + '[target]\nkind = "api"\n',
        "target.kind",
        4,
        'kind = "api" needs base_url',
        id="api-without-base-url",
    ),
    pytest.param(
        SOURCE + '[target]\nkind = "api"\nbase_url = "api.boolky.net"\n',
        "target.base_url",
        5,
        "is not an http(s) address",
        id="base-url-without-scheme",
    ),
    pytest.param(
        SOURCE + '[target]\nkind = "api"\nbase_url = "https://x.test"\nstate = "s.sqlite"\n',
        "target.state",
        6,
        'is only for kind = "sandbox"',
        id="sandbox-key-on-api-target",
    ),
    pytest.param(
        SOURCE + '[target]\nbase_url = "https://x.test"\n',
        "target.base_url",
        4,
        'is only for kind = "api"',
        id="api-key-on-sandbox-target",
    ),
    pytest.param(
        SOURCE + '[target]\nduplicate_policy = "merge"\n',
        "target.duplicate_policy",
        4,
        'use one of "upsert", "duplicate", "reject"',
        id="unknown-duplicate-policy",
    ),
    pytest.param(
        SOURCE + "[target]\ntimeout = 0\n",
        "target.timeout",
        4,
        "use a number more than 0",
        id="timeout-zero",
    ),
    pytest.param(
        SOURCE + '[report]\nformats = ["json", "pdf"]\n',
        "report.formats[1]",
        4,
        'the text "pdf" is not a report format — use any of "json", "html", "csv", "xlsx"',
        id="unknown-report-format",
    ),
    pytest.param(
        'name = "my pipeline"\n' + SOURCE,
        "name",
        1,
        "cannot name the pipeline's files",
        id="name-with-a-space",
    ),
    pytest.param(
        'dry_run = "yes"\n' + SOURCE,
        "dry_run",
        1,
        "must be true or false",
        id="dry-run-not-boolean",
    ),
    pytest.param(
        SOURCE + '[normalize]\nname_fallback = "' + "x" * 51 + '"\n',
        "normalize.name_fallback",
        4,
        "longer than Boolky's 50 characters",
        id="name-fallback-too-long",
    ),
    pytest.param(
        SOURCE + "[normalize]\ngroup_separators = []\n",
        "normalize.group_separators",
        4,
        "is an empty list",
        id="no-group-separators",
    ),
    pytest.param(
        SOURCE + 'sync = "mirror"\n',
        "source.sync",
        3,
        "unknown key",
        id="table-name-as-a-key",
    ),
    pytest.param(
        SOURCE + 'normalize = "x"\n',
        "source.normalize",
        3,
        "unknown key",
        id="scalar-where-a-table-belongs-under-source",
    ),
    pytest.param(
        'sync = "mirror"\n' + SOURCE,
        "sync",
        1,
        "must be a table, not the text",
        id="scalar-for-a-table",
    ),
]


@pytest.mark.parametrize(("text", "key", "line", "says"), MISTAKES)
def test_each_mistake_names_the_file_the_key_and_the_line(
    folder: Path, text: str, key: str, line: int, says: str
) -> None:
    found = problems(folder, text)
    problem = next((p for p in found if p.key == key), found[0])
    assert (problem.key, problem.line) == (key, line), str(problem)
    assert says in str(problem)
    message = MESSAGE.match(str(problem))
    assert message is not None, str(problem)
    assert message["file"].endswith("p.toml")
    assert (message["key"], int(message["line"])) == (key, line)


def test_the_error_is_a_config_error_with_the_input_exit_code(folder: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load(folder, SOURCE + '[sync]\nbatch_size = "500"\n')
    assert caught.value.exit_code == EXIT_INPUT
    assert str(caught.value).startswith(str(folder / "p.toml") + ": sync.batch_size (line 4): ")


def test_a_missing_source_table_is_named_without_a_line(folder: Path) -> None:
    problem = first_problem(folder, 'name = "x"\n')
    assert problem.key == "source"
    assert problem.line is None
    assert str(problem).endswith(
        ": source: no [source] table: the pipeline has nothing to read — add [source] with "
        'path = "contacts.csv" (relative to this file)'
    )


def test_every_problem_is_collected_and_ordered_by_line(folder: Path) -> None:
    found = problems(
        folder,
        """\
        [sync]
        concurrency = 0
        mode = "mirrorr"
        [source]
        path = "nowhere.csv"
        """,
    )
    assert [(p.key, p.line) for p in found] == [
        ("sync.concurrency", 2),
        ("sync.mode", 3),
        ("source.path", 5),
    ]


def test_a_toml_syntax_error_gives_tomllib_line_and_column(folder: Path) -> None:
    problem = first_problem(folder, SOURCE + "[sync]\nbatch_size = 5 00\n")
    assert (problem.line, problem.column) == (4, 16)
    assert str(problem).startswith(f"{folder / 'p.toml'}: line 4, column 16: not valid TOML: ")
    assert str(problem).endswith(
        "— fix the syntax there (strings need quotes, one key = value per line)"
    )


def test_a_duplicate_key_is_a_syntax_error_at_its_line(folder: Path) -> None:
    problem = first_problem(folder, SOURCE + "[sync]\nbatch_size = 5\nbatch_size = 6\n")
    assert problem.line == 5
    assert "not valid TOML" in problem.what


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda f: f / "absent.toml", "no such pipeline file"),
        (lambda f: f, "is a folder"),
        (lambda f: _latin1(f), "is not UTF-8 text"),
    ],
    ids=["missing", "folder", "not-utf8"],
)
def test_a_pipeline_file_that_cannot_be_read_is_named(
    folder: Path, make: object, says: str
) -> None:
    path = make(folder)  # type: ignore[operator]
    with pytest.raises(PipelineFileError, match=says) as caught:
        load_pipeline(path)
    assert str(caught.value).startswith(str(path))


def _latin1(folder: Path) -> Path:
    path = folder / "latin1.toml"
    path.write_bytes('name = "Müller"\n'.encode("latin-1"))
    return path


@pytest.mark.parametrize("name", ["api_key", "API_KEY", "apikey", "token", "password", "secret"])
def test_a_credential_is_refused_and_never_repeated(folder: Path, name: str) -> None:
    secret = "sk-live-0123456789abcdef"
    found = problems(folder, SOURCE + f'[target]\n{name} = "{secret}"\n')
    assert [p.key for p in found] == [f"target.{name}"]
    assert found[0].what == "a credential does not belong in the file"
    assert all(secret not in str(p) for p in found)


def test_an_api_key_env_that_looks_like_a_key_is_refused_without_repeating_it(
    folder: Path,
) -> None:
    secret = "a8f5f167f44f4964e6c998dee827110c"
    problem = first_problem(folder, SOURCE + f'[target]\napi_key_env = "{secret}"\n')
    assert problem.key == "target.api_key_env"
    assert "must be the name of an environment variable" in problem.what
    assert secret not in str(problem)


def test_group_names_and_spellings_may_be_any_word_even_key_or_token(folder: Path) -> None:
    pipeline = load(
        folder,
        SOURCE
        + """
        [normalize.group_map]
        "Token" = "Tokens"
        key = false
        [normalize.gender_spellings]
        secret = 1
        """,
    )
    assert pipeline.normalize.group_map == {"Token": "Tokens", "key": None}
    assert pipeline.normalize.gender_spellings == {"secret": 1}


# --- what a good file becomes -------------------------------------------------------------


def test_defaults_of_the_smallest_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    pipeline = load(folder, SOURCE)
    assert pipeline.name == "p"
    assert pipeline.path == folder / "p.toml"
    assert pipeline.dry_run is False
    assert pipeline.source.paths == (folder / "contacts.csv",)
    assert pipeline.source.mapping == {}
    assert (pipeline.source.format, pipeline.source.preset) == (None, None)
    assert (pipeline.source.sheet, pipeline.source.encoding) == (None, None)
    assert pipeline.normalize == NormalizeOptions()
    assert pipeline.sync == SyncOptions()
    assert pipeline.state_dir == folder / ".boolky-sync"
    assert pipeline.target == Target(state=folder / ".boolky-sync" / "sandbox.sqlite")
    assert pipeline.report.folder == folder / "reports" / "p"
    assert pipeline.report.formats == ("json", "html", "csv", "xlsx")
    assert pipeline.ledger_path == folder / ".boolky-sync" / "p.ledger.sqlite"


def test_every_key_set_is_carried_into_the_pipeline(folder: Path) -> None:
    (folder / "state").mkdir()
    pipeline = load(
        folder,
        """\
        name = "crm"
        dry_run = true
        [source]
        path = "contacts.csv"
        format = "csv"
        preset = "google"
        encoding = "utf-8"
        [source.mapping]
        phone = ["Phone 1 - Value", "Phone 2 - Value"]
        first_name = "First Name"
        [normalize]
        default_region = "de"
        non_mobile = "reject"
        other_phones = "split"
        gender_spellings = { "Herr" = 1, "Frau" = 2 }
        group_separators = [";"]
        static_groups = ["CRM"]
        merge_rule = "last"
        name_fallback = "Unknown"
        date_order = "DMY"
        consent = "require"
        [normalize.group_map]
        "VIP Customers" = "VIP"
        "Do not contact" = false
        [sync]
        mode = "mirror"
        scope = "ledger"
        managed_groups = ["CRM"]
        delete_contacts = true
        max_delete_fraction = 1
        empty_clears = true
        remote_deletions = "restore"
        update_strategy = "replace"
        batch_size = 100
        concurrency = 4
        [target]
        kind = "sandbox"
        state = "box/account.sqlite"
        duplicate_policy = "duplicate"
        api_key_env = "MY_BOOLKY_KEY"
        timeout = 5.5
        max_attempts = 2
        [report]
        folder = "out"
        formats = ["json", "html", "json"]
        [state]
        folder = "state"
        """,
    )
    assert pipeline.name == "crm"
    assert pipeline.dry_run is True
    source = pipeline.source
    assert (source.format, source.preset, source.encoding) == ("csv", "google", "utf-8")
    assert source.mapping == {
        "phone": ["Phone 1 - Value", "Phone 2 - Value"],
        "first_name": ["First Name"],
    }
    assert pipeline.normalize == NormalizeOptions(
        default_region="DE",
        non_mobile="reject",
        other_phones="split",
        gender_spellings={"Herr": 1, "Frau": 2},
        group_separators=(";",),
        group_map={"VIP Customers": "VIP", "Do not contact": None},
        static_groups=("CRM",),
        merge_rule="last",
        name_fallback="Unknown",
        date_order="DMY",
        consent="require",
    )
    assert pipeline.sync == SyncOptions(
        mode="mirror",
        scope="ledger",
        managed_groups=("CRM",),
        delete_contacts=True,
        max_delete_fraction=1.0,
        allow_mass_delete=False,
        empty_clears=True,
        remote_deletions="restore",
        update_strategy="replace",
        batch_size=100,
        concurrency=4,
    )
    assert pipeline.target == Target(
        kind="sandbox",
        state=folder / "box" / "account.sqlite",
        duplicate_policy="duplicate",
        api_key_env="MY_BOOLKY_KEY",
        timeout=5.5,
        max_attempts=2,
    )
    assert pipeline.report.folder == folder / "out"
    assert pipeline.report.formats == ("json", "html")
    assert pipeline.state_dir == folder / "state"
    assert pipeline.journal_path == folder / "state" / "crm.journal.sqlite"


def test_an_api_target_reads_its_key_from_the_named_variable(folder: Path) -> None:
    pipeline = load(
        folder,
        SOURCE + '[target]\nkind = "api"\nbase_url = "https://api.boolky.net/"\n',
    )
    assert pipeline.target == Target(
        kind="api", state=None, base_url="https://api.boolky.net", api_key_env="BOOLKY_API_KEY"
    )


@pytest.mark.parametrize(("written", "fallback"), [("reject", None), ("Unknown", "Unknown")])
def test_name_fallback_reject_means_refuse(
    folder: Path, written: str, fallback: str | None
) -> None:
    pipeline = load(folder, SOURCE + f'[normalize]\nname_fallback = "{written}"\n')
    assert pipeline.normalize.name_fallback == fallback


def test_allow_mass_delete_never_comes_from_the_file(folder: Path) -> None:
    pipeline = load(folder, SOURCE + '[sync]\nmode = "mirror"\nmanaged_groups = ["CRM"]\n')
    assert pipeline.sync.allow_mass_delete is False


def test_paths_are_relative_to_the_file_not_the_working_directory(
    folder: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "pipelines").mkdir()
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    path = write(
        folder / "pipelines",
        """\
        [source]
        path = "../contacts.csv"
        [report]
        folder = "../reports"
        [state]
        folder = "../.boolky-sync"
        """,
    )
    pipeline = load_pipeline(os.path.relpath(path, elsewhere))
    assert pipeline.source.paths == (folder / "contacts.csv",)
    assert pipeline.report.folder == folder / "reports"
    assert pipeline.state_dir == folder / ".boolky-sync"
    assert pipeline.target.state == folder / ".boolky-sync" / "sandbox.sqlite"


def test_a_glob_is_expanded_sorted_and_a_list_of_patterns_read_once_each(folder: Path) -> None:
    exports = folder / "exports"
    (exports / "old").mkdir(parents=True)
    for name in ("b.csv", "a.csv", "old/c.csv", "notes.txt"):
        shutil.copy(folder / "contacts.csv", exports / name)
    one = load(folder, '[source]\npath = "exports/*.csv"\n')
    assert one.source.paths == (exports / "a.csv", exports / "b.csv")
    deep = load(folder, '[source]\npath = "exports/**/*.csv"\n')
    assert deep.source.paths == (exports / "a.csv", exports / "b.csv", exports / "old" / "c.csv")
    listed = load(folder, '[source]\npath = ["exports/b.csv", "exports/*.csv"]\n')
    assert listed.source.paths == (exports / "b.csv", exports / "a.csv")


def test_a_glob_in_a_folder_with_brackets_in_its_name(folder: Path) -> None:
    odd = folder / "[2024] exports"
    odd.mkdir()
    shutil.copy(folder / "contacts.csv", odd / "x.csv")
    pipeline = load_pipeline(write(odd, '[source]\npath = "*.csv"\n'))
    assert pipeline.source.paths == (odd / "x.csv",)


def test_a_glob_matching_only_folders_matches_no_file(folder: Path) -> None:
    (folder / "exports.csv").mkdir(exist_ok=True)
    (folder / "contacts.csv").unlink()
    problem = first_problem(folder, '[source]\npath = "*.csv"\n')
    assert (problem.key, problem.line) == ("source.path", 2)
    assert "matches no file" in problem.what


def test_an_absolute_source_path_is_kept(folder: Path) -> None:
    absolute = SAMPLE_DATA / "hubspot_contacts.csv"
    pipeline = load(folder, f'[source]\npath = "{absolute.as_posix()}"\n')
    assert pipeline.source.paths == (absolute,)


def test_a_state_folder_that_is_a_file_is_refused(folder: Path) -> None:
    (folder / "state").write_text("")
    problem = first_problem(folder, SOURCE + '[state]\nfolder = "state"\n')
    assert (problem.key, problem.line, problem.what) == (
        "state.folder",
        4,
        "is a file, not a folder",
    )


# --- the layout and its line finder -------------------------------------------------------


def test_the_known_keys_cover_every_setting_of_the_options() -> None:
    """A new option in NormalizeOptions or SyncOptions must be readable from the file."""
    normalize = {f.name for f in dataclasses.fields(NormalizeOptions)}
    sync = {f.name for f in dataclasses.fields(SyncOptions)} - {"allow_mass_delete"}
    target = {f.name for f in dataclasses.fields(Target)}
    assert set(KNOWN_KEYS["normalize"]) == normalize
    assert set(KNOWN_KEYS["sync"]) == sync
    assert set(KNOWN_KEYS["target"]) == target


def test_key_lines_finds_keys_in_every_toml_shape() -> None:
    text = dedent(
        '''\
        # comment = 1
        name = "x"  # trailing comment
        [source]
        path = ["a.csv",
          # a comment inside the array
          "b.csv", ]
        mapping.phone = "Mobile"
        "quoted key".x = 1
        [normalize]
        group_map = { "VIP Customers" = "VIP", "Do not" = false, nested = {a = [1, 2]} }
        s = """multi
        line [not.a.table]
        x = 1 """
        l = \'\'\'lit # not a comment
        \'\'\'
        d = 1979-05-27 07:32:00 # a date
        [normalize.gender_spellings]
        "divers" = 1
        [[arr]]
        x = 1
        [[arr]]
        x = 2
        [arr.sub]
        y = 3
        '''
    )
    lines = {dotted(path): line for path, line in key_lines(text).items()}
    assert lines == {
        "name": 2,
        "source": 3,
        "source.path": 4,
        "source.path[0]": 4,
        "source.path[1]": 6,
        "source.mapping": 7,
        "source.mapping.phone": 7,
        'source."quoted key"': 8,
        'source."quoted key".x': 8,
        "normalize": 9,
        "normalize.group_map": 10,
        'normalize.group_map."VIP Customers"': 10,
        'normalize.group_map."Do not"': 10,
        "normalize.group_map.nested": 10,
        "normalize.group_map.nested.a": 10,
        "normalize.group_map.nested.a[0]": 10,
        "normalize.group_map.nested.a[1]": 10,
        "normalize.s": 11,
        "normalize.l": 14,
        "normalize.d": 16,
        "normalize.gender_spellings": 17,
        "normalize.gender_spellings.divers": 18,
        "arr": 19,
        "arr[0]": 19,
        "arr[0].x": 20,
        "arr[1]": 21,
        "arr[1].x": 22,
        "arr[1].sub": 23,
        "arr[1].sub.y": 24,
    }


def test_a_missing_key_points_at_its_table() -> None:
    lines = key_lines("a = 1\n\n[sync]\nmode = 'x'\n")
    assert line_of(lines, ("sync", "batch_size")) == 3
    assert line_of(lines, ("report", "folder")) is None


def test_key_lines_keeps_what_it_found_in_text_it_cannot_read() -> None:
    assert key_lines('a = 1\n[sync]\nb = "unterminated\n') == {
        ("a",): 1,
        ("sync",): 2,
        ("sync", "b"): 3,
    }
