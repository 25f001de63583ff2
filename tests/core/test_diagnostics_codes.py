"""Rule codes are typed (``Code``) for mypy while ``RULES`` stays the one table of rules."""

from __future__ import annotations

from typing import get_args

from goldenthread.core.diagnostics import RULES, Code, Pos, Reporter, Severity


def test_code_literal_lists_exactly_the_rules() -> None:
    codes = get_args(Code)
    assert len(codes) == len(set(codes))
    assert set(codes) == set(RULES)


def test_every_rule_is_keyed_by_its_own_code() -> None:
    assert all(code == rule.code for code, rule in RULES.items())


def test_reporter_add_takes_one_position() -> None:
    report = Reporter({"GT020": Severity.OFF})
    report.add("GT001", Pos("plans/a.yml", 3, 5), "no thread", "link it", "CMP-A", related=[Pos("s.yml", 1, 2)])
    report.add("GT020", Pos("plans/a.yml", 4, 1), "silenced by configuration")
    [d] = report.items
    assert (d.code, d.file, d.line, d.column, d.item) == ("GT001", "plans/a.yml", 3, 5, "CMP-A")
    assert d.pos == Pos("plans/a.yml", 3, 5)
    assert d.location() == "plans/a.yml:3:5"
    assert d.related == (("s.yml", 1, 2),)
