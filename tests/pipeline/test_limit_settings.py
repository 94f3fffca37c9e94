"""The size limits are pipeline settings: read from ``[source]`` and ``[target]``, held to
their rules at their key and line, and handed to the readers and the client."""

from __future__ import annotations

from pathlib import Path

import pytest

from boolky_sync.errors import InputError
from boolky_sync.extract.limits import ReadLimits
from boolky_sync.option_rules import OptionError
from boolky_sync.pipeline.config import Target
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.pipeline.problems import PipelineFileError
from boolky_sync.pipeline.source_files import read_pipeline_source


def pipeline_file(folder: Path, text: str) -> Path:
    (folder / "contacts.csv").write_text(
        "Name,Phone,Notes\nAnn,+447911123456," + "n" * 3000 + "\n", encoding="utf-8"
    )
    path = folder / "p.toml"
    path.write_text(f'[source]\npath = "contacts.csv"\n{text}', encoding="utf-8")
    return path


def test_the_defaults_hold_when_the_file_says_nothing(tmp_path: Path) -> None:
    pipeline = load_pipeline(pipeline_file(tmp_path, ""))
    assert pipeline.source.limits == ReadLimits()
    assert pipeline.target.max_answer_mib == Target().max_answer_mib == 512


def test_the_file_sets_every_limit(tmp_path: Path) -> None:
    text = (
        "max_columns = 50\nmax_cell_kib = 4\nmax_cells = 1000\nmax_inflated_mib = 8\n"
        "max_compression_ratio = 50\n[target]\nmax_answer_mib = 64\n"
    )
    pipeline = load_pipeline(pipeline_file(tmp_path, text))
    assert pipeline.source.limits == ReadLimits(50, 4, 1000, 8, 50)
    assert pipeline.target.max_answer_mib == 64


@pytest.mark.parametrize(
    ("text", "key", "line", "what"),
    [
        ("max_columns = 0\n", "source.max_columns", 3, "0 is out of range"),
        ('max_cell_kib = "big"\n', "source.max_cell_kib", 3, "whole number"),
        ("[target]\nmax_answer_mib = 0\n", "target.max_answer_mib", 4, "0 is out of range"),
    ],
)
def test_a_limit_outside_its_rule_is_a_problem_at_its_key_and_line(
    tmp_path: Path, text: str, key: str, line: int, what: str
) -> None:
    with pytest.raises(PipelineFileError) as caught:
        load_pipeline(pipeline_file(tmp_path, text))
    [problem] = caught.value.problems
    assert (problem.key, problem.line) == (key, line)
    assert what in problem.what


def test_the_pipeline_limits_reach_the_reader(tmp_path: Path) -> None:
    strict = load_pipeline(pipeline_file(tmp_path, "max_cell_kib = 2\n"))
    with pytest.raises(InputError, match=r"row 2, column 'Notes' holds 3,000 bytes.*max_cell_kib"):
        read_pipeline_source(strict)
    roomy = load_pipeline(pipeline_file(tmp_path, ""))
    assert read_pipeline_source(roomy).table.rows == 1


def test_target_refuses_a_cap_below_one_mib() -> None:
    with pytest.raises(OptionError, match="max_answer_mib: 0 is out of range"):
        Target(max_answer_mib=0)
