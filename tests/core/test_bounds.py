"""core/bounds.py: the ranges, and the paths of options that must stay inside the project."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import pytest

from check_helpers import run_check
from goldenthread.core.bounds import DEFAULT_WINDOW, MAX_ID_CHARS, MAX_NUMBER, DateWindow, limits, number_problem
from goldenthread.core.config import ConfigError, parse_settings
from goldenthread.core.diagnostics import RULES
from wikis import TODAY, VALID_WIKI


@pytest.mark.parametrize(
    "value, problem",
    [
        (0, None),
        (MAX_NUMBER, None),
        (-MAX_NUMBER, None),
        (MAX_NUMBER + 1, "is larger than 1,000,000,000,000,000"),
        (-MAX_NUMBER - 1, "is below -1,000,000,000,000,000"),
        (1e308, "is larger than 1,000,000,000,000,000"),
        (math.inf, "is not a finite number"),
        (-math.inf, "is not a finite number"),
        (math.nan, "is not a finite number"),
    ],
)
def test_number_problem(value: float, problem: str | None) -> None:
    assert number_problem(value) == problem


def test_the_default_window_and_its_edges() -> None:
    import datetime as dt

    assert str(DEFAULT_WINDOW) == "1900–2200"
    assert DEFAULT_WINDOW.has(dt.date(1900, 1, 1)) and DEFAULT_WINDOW.has(dt.date(2200, 12, 31))
    assert not DEFAULT_WINDOW.has(dt.date(1899, 12, 31)) and not DEFAULT_WINDOW.has(dt.date(2201, 1, 1))
    assert DateWindow(2000, 2001).problem(dt.date(9999, 1, 1)) == "year 9999 is outside 2000–2001"


def test_the_numbers_appear_in_the_rules_and_the_limits() -> None:
    assert "10^15" in RULES["GT150"].summary and "1900–2200" in RULES["GT151"].summary
    assert str(MAX_ID_CHARS) in RULES["GT013"].summary
    text = " ".join(" ".join(row) for row in limits())
    assert "1,000,000,000,000,000" in text and "1900–2200" in text and "100 characters" in text


def test_a_project_file_that_is_a_symbolic_link_out_of_the_project_is_refused(tmp_path: Path) -> None:
    os.symlink("/etc/passwd", tmp_path / "people.yml")
    with pytest.raises(ConfigError, match=re.escape("people_file: 'people.yml' leads outside the project")):
        parse_settings({}, root=tmp_path)
    (tmp_path / "inside.yml").write_text("people: {}\n", encoding="utf-8")
    assert parse_settings({"people_file": "inside.yml"}, root=tmp_path).people_path == tmp_path / "inside.yml"


def test_the_people_file_is_never_quoted(tmp_path: Path, write_content) -> None:
    """Whatever the people file holds, its text stays out of diagnostics (and so of the health page)."""
    (tmp_path / "people.yml").write_text("root:x:0:0:root:/root:/bin/bash\nsecret line two\n", encoding="utf-8")
    docs = write_content(VALID_WIKI)
    settings = parse_settings({"today": TODAY}, root=tmp_path)
    from goldenthread.analysis import analyse

    result = analyse(docs, settings, label_root=tmp_path)
    gt132 = [d for d in result.diagnostics if d.code == "GT132"]
    assert [d.message for d in gt132] == ["the people file must be a mapping, not a text"]
    assert not any("root:x" in d.message + d.hint or "secret" in d.message + d.hint for d in result.diagnostics)


def test_the_lock_file_is_never_quoted(tmp_path: Path, write_content) -> None:
    (tmp_path / "goldenthread.lock").write_text("version: 1\nreviewed: [secret: {\n", encoding="utf-8")
    docs = write_content(VALID_WIKI)
    from goldenthread.analysis import analyse

    result = analyse(docs, parse_settings({"today": TODAY}, root=tmp_path), label_root=tmp_path)
    assert result.suspects == {}
    assert not any("secret" in d.message + d.hint for d in result.diagnostics), [d.message for d in result.diagnostics]


def test_dates_and_numbers_at_the_edges_load(write_content) -> None:
    wiki = {
        **VALID_WIKI,
        "edge.yml": "plans:\n  - id: PLAN-EDGE\n    title: Edge\n    period: {start: 1900-01-01, end: 2200-12-31}\n"
        f"    currency: USD\n    budget: {MAX_NUMBER}\n",
    }
    result = run_check(write_content(wiki))
    plan = result.items["PLAN-EDGE"]
    assert plan.values["budget"] == MAX_NUMBER
    assert [str(plan.values["period"][k]) for k in ("start", "end")] == ["1900-01-01", "2200-12-31"]
    assert not [d for d in result.diagnostics if d.code in ("GT150", "GT151")], result.dump()
