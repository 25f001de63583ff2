"""The KPI, feedback-signal and home-dashboard pages as a reader gets them: real strict builds.

A small wiki (:data:`wikis.KPI_WIKI`, read on :data:`wikis.KPI_TODAY`, 2026-07-15) pins every figure to a
hand-computed value; the repository's example wiki (built once per session) is checked against
figures computed here from its own CSV of actuals.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from goldenthread.domain.actuals import parse_period
from site_helpers import Node, Site, build_failing, build_site, example_site, write_site
from wikis import EXAMPLE_TODAY, KPI_TODAY, KPI_WIKI

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("kpis")
    config = write_site(root, KPI_WIKI, {"today": KPI_TODAY})
    return Site(root, config, build_site(config, root / "site"))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


def text(node: Node) -> str:
    """The node's text as a reader sees it (SVG titles left out: they are the chart's tooltips)."""
    parts: list[str] = []

    def walk(n: Node) -> None:
        for c in n.children:
            if isinstance(c, str):
                parts.append(c)
            elif c.tag != "svg":
                walk(c)

    walk(node)
    return " ".join("".join(parts).split())


def cells(row: Node) -> list[str]:
    return [text(c) for c in row.child_elements()]


def table_rows(doc: Node, table_id: str) -> list[list[str]]:
    table = doc.one("table", id=table_id)
    body = table.one("tbody")
    return [cells(tr) for tr in body.find_all("tr")]


def assert_links_resolve(site: Site, url: str, node: Node) -> None:
    for a in node.find_all("a"):
        href = a.get("href") or ""
        if href.startswith(("http", "mailto:")):
            continue
        target, _ = site.resolve(url, href)
        assert site.exists(target), f"{href!r} on {url} points at a page that was not built"


# -- the small wiki ------------------------------------------------------------------------------
def test_status_counts_and_chart(small):
    doc = small.article("kpis/")
    assert table_rows(doc, "gt-kpi-status-counts") == [
        ["On track", "1"],
        ["At risk", "1"],
        ["Off track", "1"],
        ["No data", "0"],
    ]
    svg = doc.one("figure", id="gt-kpi-status-chart").one("svg")
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "KPI targets by status: On track 1, At risk 1, Off track 1, No data 0"


def test_scorecards(small):
    doc = small.article("kpis/")
    # KPI-COST (lower is better): (101 - 100) / (80 - 100) = -5%; 180 of 364 days = 49% expected
    assert table_rows(doc, "gt-scorecard-obj-cost") == [
        ["Cost per lead KPI-COST ↓", "USD 100", "USD 80 by 2026-12-31", "USD 101 (2026-06)", "−5%", "49%", "Off track"]
    ]
    # KPI-LEADS: no baseline, so the first actual (200); (230 - 200) / (300 - 200) = 30%
    assert table_rows(doc, "gt-scorecard-obj-leads") == [
        ["Leads KPI-LEADS ↑", "200 (first actual)", "300 by 2026-12-31", "230 (2026-Q2)", "30%", "49%", "At risk"]
    ]
    # holding 200 from 2027: nothing expected yet
    assert table_rows(doc, "gt-scorecard-obj-future") == [
        ["Leads KPI-LEADS ↑", "200", "200 by 2027-12-31", "230 (2026-Q2)", "100%", "0%", "On track"]
    ]
    cell = doc.one("table", id="gt-scorecard-obj-cost").one("td", cls="gt-progress-cell")
    assert cell.get("title") == "progress -5%, 49% expected"
    assert cell.one("svg").get("aria-hidden") == "true"  # the figures are text beside it


def test_trend_chart_and_table_agree(small):
    doc = small.article("kpis/")
    rows = table_rows(doc, "gt-trend-kpi-cost")
    assert [r[:3] for r in rows] == [
        ["2026-01", "USD 100", ""],
        ["2026-02", "USD 98", "−2 (better)"],
        ["2026-03", "USD 99", "+1 (worse)"],
        ["2026-04", "USD 97", "−2 (better)"],
        ["2026-05", "USD 99", "+2 (worse)"],
        ["2026-06", "USD 101", "+2 (worse)"],
    ]
    assert [r[4] for r in rows] == [f"2026.csv:{n}" for n in range(2, 8)]
    figure = doc.one("table", id="gt-trend-kpi-cost").parent.parent.parent.one("figure")
    svg = figure.one("svg")
    points = [c.text() for c in svg.find_all("circle")]
    assert points == ["2026-01: 100", "2026-02: 98", "2026-03: 99", "2026-04: 97", "2026-05: 99", "2026-06: 101"]
    assert len(svg.one("polyline").get("points").split()) == 6


def test_catalog_and_sources(small):
    doc = small.article("kpis/")
    catalog = {r[0]: r for r in table_rows(doc, "gt-kpi-catalog")}
    assert catalog["Visits KPI-VISITS"][6:] == ["Leads KPI-LEADS", "Click-through rate KPI-CTR", "", "3"]
    assert catalog["Leads KPI-LEADS"][8] == "Hold leads next year OBJ-FUTURE, More leads OBJ-LEADS"
    assert table_rows(doc, "gt-actuals-sources") == [
        ["content/actuals/2026.csv", "19"],
        ["actuals: of KPIs and spend: of campaigns (YAML)", "0"],
    ]
    assert_links_resolve(small, "kpis/", doc)


def test_signals_page(small):
    doc = small.article("signals/")
    assert "7 signals" in doc.text()
    assert table_rows(doc, "gt-signal-summary") == [
        ["KPI off track two periods running", "1"],
        ["Campaign over budget", "2"],
        ["Campaign spending ahead of plan", "1"],
        ["Campaign ended without actuals", "1"],
        ["Objective with no active campaign this quarter", "1"],
        ["Leading KPI moving the wrong way", "1"],
    ]
    over = table_rows(doc, "gt-signals-over-budget")
    assert [r[0] for r in over] == ["Campaign C CMP-C", "Campaign A CMP-A"]
    assert over[1][1] == "11,200 spent against a planned 10,000: 12% over (the allowed share is 10%)."
    (lead,) = table_rows(doc, "gt-signals-leading-kpi-wrong-way")
    assert lead[0] == "Visits KPI-VISITS trend"
    assert lead[2] == "Leads KPI-LEADS, Hold leads next year OBJ-FUTURE, More leads OBJ-LEADS"
    assert_links_resolve(small, "signals/", doc)
    trend = doc.one("a", cls="gt-trend-link")
    assert small.resolve("signals/", trend.get("href") or "") == ("kpis/", "trend-kpi-visits")
    assert small.article("kpis/").one("h3", id="trend-kpi-visits")


def test_dashboard(small):
    doc = small.article("dashboard/")
    cards = {c.id: c for c in doc.find_all("section", cls="gt-dash-card")}
    assert set(cards) == {"dash-coverage", "dash-budget", "dash-kpis", "dash-signals", "dash-freshness"}
    assert "3 of 3 objectives have plan items · 100% of campaign budget traces" in cards["dash-coverage"].text()
    budget = [cells(tr) for tr in cards["dash-budget"].one("table").find_all("tr")]
    # 10,000 + 10,000 + 5,000 + 1,000 + 2,000 + 3,000 planned; 5,000 + 6,200 + 5,000 + 6,000 + 500 spent
    assert budget == [
        ["Plan budget", "USD 100,000"],
        ["Allocated to campaigns", "USD 31,000"],
        ["Not yet allocated", "USD 69,000"],
        ["Spent so far (actuals)", "USD 22,700"],
    ]
    assert "31% allocated" in cards["dash-budget"].text()
    kpis = [cells(tr) for tr in cards["dash-kpis"].one("table").find_all("tr")]
    assert kpis == [["On track", "1"], ["At risk", "1"], ["Off track", "1"], ["No data", "0"]]
    attention = [li.text() for li in cards["dash-kpis"].one("ul").find_all("li")]
    assert attention == [
        "Off track Cost per lead KPI-COST for Cut the cost per lead OBJ-COST: USD 80 by 2026-12-31",
        "At risk Leads KPI-LEADS for More leads OBJ-LEADS: 300 by 2026-12-31",
    ]
    assert "7 signals to look at" in cards["dash-signals"].text()
    assert "0 of 0 living documents overdue" in cards["dash-freshness"].text()
    for card in cards.values():
        assert card.find("svg", attrs={"role": "img"}), card.id
        assert card.find("table"), card.id
    assert_links_resolve(small, "dashboard/", doc)
    links = {
        a.text(): small.resolve("dashboard/", a.get("href") or "")[0] for a in doc.find_all("a", cls="gt-dash-link")
    }
    assert links == {
        "Traceability →": "traceability/",
        "Budget →": "budget/",
        "KPIs and actuals →": "kpis/",
        "Feedback signals →": "signals/",
        "Review freshness →": "freshness/",
    }


def test_csv_files_are_not_published(small):
    assert not list(small.site_dir.rglob("*.csv"))


def test_content_is_escaped_in_charts_and_tables(tmp_path):
    files = dict(KPI_WIKI)
    files["strategy.yml"] = files["strategy.yml"].replace(
        "    title: Visits\n", "    title: 'Visits <img src=x onerror=alert(1)> & \"co\"'\n"
    )
    files["actuals/2026.csv"] += 'kpi,KPI-CTR,2026-07-01,2.9,"<script>alert(1)</script>"\n'
    config = write_site(tmp_path, files, {"today": KPI_TODAY})
    site = Site(tmp_path, config, build_site(config))
    for url in ("kpis/", "signals/", "dashboard/"):
        html = site.html(url)
        assert "<img src=x" not in html and "<script>alert" not in html, url
    doc = site.article("kpis/")
    label = doc.one("table", id="gt-trend-kpi-visits").parent.parent.parent.one("svg").get("aria-label") or ""
    assert label.startswith('Visits <img src=x onerror=alert(1)> & "co": 3 values')
    notes = [r[3] for r in table_rows(doc, "gt-trend-kpi-ctr")]
    assert notes[-1] == "<script>alert(1)</script>"


def test_long_trends_show_the_latest_sixty_values(tmp_path):
    months = [f"{2020 + n // 12}-{n % 12 + 1:02d}" for n in range(70)]  # 2020-01 .. 2025-10
    history = "".join(f"kpi,KPI-CTR,{m},{n}\n" for n, m in enumerate(months))
    config = write_site(tmp_path, {**KPI_WIKI, "actuals/history.csv": history}, {"today": KPI_TODAY})
    doc = Site(tmp_path, config, build_site(config)).article("kpis/")
    rows = table_rows(doc, "gt-trend-kpi-ctr")
    assert len(rows) == 60
    assert rows[0][:3] == ["2021-02", "13%", "+1 (better)"]  # 73 values: from the 14th, with its change
    assert rows[-1][:2] == ["2026-06", "2.8%"]
    assert "the latest 60 values of 73" in text(doc.one("table", id="gt-trend-kpi-ctr").parent.parent.parent.parent)


def test_a_bad_csv_row_fails_the_build_with_file_and_line(tmp_path):
    files = {**KPI_WIKI, "actuals/bad.csv": "kind,id,period,value\nkpi,KPI-VISIT,2026-07,1\n"}
    config = write_site(tmp_path, files, {"today": KPI_TODAY})
    errors = build_failing(config)
    assert any(
        m.startswith(
            "goldenthread: content/actuals/bad.csv:2:5: error[GT121] actual for unknown ID 'KPI-VISIT'\n"
            "    hint: did you mean 'KPI-VISITS'?"
        )
        for m in errors
    ), errors


# -- the example wiki ----------------------------------------------------------------------------
def example_actuals() -> list[dict[str, str]]:
    text = (CONTENT / "actuals/2026-actuals.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def test_example_has_a_csv_of_actuals_for_past_months(example):
    rows = example_actuals()
    kpi_months = {r["period"] for r in rows if r["kind"] == "kpi" and re.fullmatch(r"\d{4}-\d{2}", r["period"])}
    assert kpi_months == {f"2026-{m:02d}" for m in range(1, 11)}
    ends = [parse_period(r["period"])[0] for r in rows]
    assert all(p is not None and p.start < dt.date.fromisoformat(EXAMPLE_TODAY) for p in ends)
    doc = example.article("kpis/")
    sources = dict((r[0], r[1]) for r in table_rows(doc, "gt-actuals-sources"))
    assert sources["content/actuals/2026-actuals.csv"] == str(len(rows))


def test_example_pipeline_scorecard_from_its_actuals(example):
    latest = [r for r in example_actuals() if r["id"] == "KPI-PIPELINE"][-1]
    value = float(latest["value"])
    prog = (value - 14_000_000) / (20_000_000 - 14_000_000)
    doc = example.article("kpis/")
    first = table_rows(doc, "gt-scorecard-obj-pipeline")[0]
    assert first[3] == f"USD {value:,.0f} ({latest['period']})"
    assert first[4] == f"{prog * 100:.0f}%".replace("-", "−")
    # the horizon starts in 2027: nothing is expected yet, and the pipeline fell below its baseline
    assert first[5:] == ["0%", "At risk" if prog < 0 else "On track"]


def test_example_signals_and_dashboard(example):
    doc = example.article("signals/")
    lead = {r[0] for r in table_rows(doc, "gt-signals-leading-kpi-wrong-way")}
    assert lead == {"Paid click-through rate KPI-CTR trend", "Net revenue retention KPI-NRR trend"}
    dash = example.article("dashboard/")
    spend = sum(float(r["value"]) for r in example_actuals() if r["kind"] == "spend")
    # one table per plan (the Q4 2026 bridge plan and the 2027 plan): their spend adds up to the CSV's
    tables = dash.one("section", id="dash-budget").find_all("table")
    assert len(tables) == 2
    spent = [dict(cells(tr) for tr in t.find_all("tr"))["Spent so far (actuals)"] for t in tables]
    assert sum(float(v.removeprefix("USD ").replace(",", "")) for v in spent) == spend
    assert_links_resolve(example, "dashboard/", dash)
    home = example.article("")
    hrefs = [a.get("href") or "" for a in home.find_all("a")]
    assert any(example.resolve("", h)[0] == "dashboard/" for h in hrefs if not h.startswith("http"))
