"""The ranges of core/bounds.py in a real build: the rules reference prints them, the date window
is a plugin option, and a value outside a range stops the build at its file:line:col."""

from __future__ import annotations

from pathlib import Path

from site_helpers import Site, build_failing, build_site, write_site
from wikis import TODAY, VALID_WIKI


def test_the_rules_reference_lists_the_ranges_of_this_wiki(tmp_path: Path) -> None:
    config = write_site(tmp_path, VALID_WIKI, {"today": TODAY, "date_window": [1950, 2100]})
    site = Site(tmp_path, config, build_site(config))
    tables = site.article("reference/rules/").find_all("table")
    limits = {tr.find_all("td")[0].text(): tr.find_all("td")[1].text() for tr in tables[-1].one("tbody").find_all("tr")}
    assert limits == {
        "Money, link weights, KPI values and targets": "finite, at most 1,000,000,000,000,000 (10^15) in size",
        "Dates and periods": "years 1950–2100 (plugin option date_window; default 1900–2200)",
        "IDs": "at most 100 characters",
    }


def test_a_date_outside_the_configured_window_stops_the_build(tmp_path: Path) -> None:
    wiki = {**VALID_WIKI, "plan.yml": VALID_WIKI["plan.yml"].replace("end: 2027-03-31", "end: 2101-03-31")}
    config = write_site(tmp_path, wiki, {"today": TODAY, "date_window": [1950, 2100]})
    errors = build_failing(config)
    wanted = "goldenthread: content/plan.yml:13:10: error[GT151] 'end' is 2101-03-31"
    assert any(e.startswith(wanted) for e in errors), errors


def test_the_date_window_option_is_checked(tmp_path: Path) -> None:
    config = write_site(tmp_path, VALID_WIKI, {"today": TODAY, "date_window": [1, 9999]})
    errors = build_failing(config)
    assert any("date_window" in e and "between 1000 and 9000" in e for e in errors), errors
