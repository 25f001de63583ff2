"""The plan dashboards as a reader sees them: real ``mkdocs build --strict`` runs, HTML assertions.

The two-plan wiki of ``test_dashboards_core.py`` is built once (with a CSV of spend) and every
figure on its budget, timeline, RACI, owner, freshness and misalignment pages is checked
against the hand-computed values noted beside each assertion. A second build runs inside a
temporary git repository for ``last_reviewed`` from history; the example wiki is checked for
real numbers from its own content.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from git_helpers import git_repo, needs_git
from site_helpers import Node, Site, build_site, example_plan_items, example_site, money, write_site
from wikis import EXAMPLE_TODAY, PLANS, PLANS_TODAY, QUIET_RULES

SPEND_CSV = """\
kind,id,period,value,note
spend,CMP-SPLIT,2027-01,20000,
spend,CMP-SPLIT,2027-02,25000,
spend,CMP-SPREAD,2027-Q2,9100,spread over April to June by days
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("dashboards")
    config = write_site(root, {**PLANS, "actuals/spend.csv": SPEND_CSV}, {"today": PLANS_TODAY, "rules": QUIET_RULES})
    return Site(root, config, build_site(config))


def table(doc: Node, table_id: str) -> dict[str, list[str]]:
    """A table's body rows, every plan group's (not their headings): first cell's text -> the other cells' texts."""
    bodies = doc.one("table", id=table_id).find_all("tbody")
    rows = [r for b in bodies for r in b.find_all("tr") if "gt-group" not in r.classes]
    return {r.child_elements()[0].text(): [c.text() for c in r.child_elements()[1:]] for r in rows}


def heads(doc: Node, table_id: str) -> list[str]:
    return [th.text() for th in doc.one("table", id=table_id).one("thead").find_all("th")]


def mermaid_blocks(doc: Node) -> list[str]:
    return [pre.text(squash=False) for pre in doc.find_all("pre", cls="mermaid")]


# -- budget ---------------------------------------------------------------------------------------
def test_budget_summary_puts_plans_side_by_side(site: Site) -> None:
    art = site.article("budget/")
    assert heads(art, "gt-budget-summary")[1:] == [
        "PLAN-2026 planned",
        "PLAN-2026 actual",
        "PLAN-2027 planned",
        "PLAN-2027 actual",
    ]
    rows = table(art, "gt-budget-summary")
    assert rows["Plan budget"] == ["EUR 50,000", "", "USD 100,000", ""]
    # 90,000 + 8,900 + 6,000 + 9,200 = 114,100 planned; 20,000 + 25,000 + 9,100 = 54,100 spent
    assert rows["Allocated to campaigns"] == ["EUR 12,300", "EUR 0", "USD 114,100", "USD 54,100"]
    assert rows["Not yet allocated"] == ["EUR 37,700", "", "USD 0", ""]
    assert rows["Over-allocated"] == ["EUR 0", "", "USD 14,100", ""]


def test_budget_by_objective_splits_two_to_one(site: Site) -> None:
    rows = table(site.article("budget/"), "gt-budget-objective")
    by_id = {k.split()[-1]: v for k, v in rows.items()}
    # CMP-SPLIT 90,000 at 2:1 and 45,000 spent at 2:1; CMP-SPREAD all OBJ-KEEP
    assert by_id["OBJ-GROW"] == ["EUR 12,300", "", "USD 60,000", "USD 30,000"]
    assert by_id["OBJ-KEEP"] == ["", "", "USD 54,100", "USD 24,100"]
    assert "OBJ-IDLE" not in by_id


def test_budget_by_quarter_and_month_pro_rates_by_days(site: Site) -> None:
    art = site.article("budget/")
    quarters = table(art, "gt-budget-quarter")
    assert quarters["2026 Q4"] == ["EUR 9,200", "", "", ""]  # 12,300 over 123 days from 2026-10-01
    assert quarters["2027 Q1"] == ["EUR 3,100", "", "USD 94,500", "USD 45,000"]
    assert quarters["2027 Q2"] == ["", "", "USD 4,400", "USD 9,100"]
    assert quarters["2027 Q4"] == ["", "", "USD 9,200", ""]
    months = table(art, "gt-budget-month")
    assert months["Feb 2027"] == ["", "", "USD 29,400", "USD 25,000"]  # 28,000 + 1,400
    assert months["Apr 2027"] == ["", "", "USD 3,000", "USD 3,000"]  # 30 days at 100 a day, both
    assert months["Jul 2027"] == ["", "", "USD 6,000", ""]
    assert list(months)[:2] == ["Oct 2026", "Nov 2026"]
    chart = art.one("svg", id="gt-chart-budget-quarter")
    tips = [t.text() for t in chart.find_all("title")]
    assert "PLAN-2027 planned (USD), 2027 Q1: 94.5k" in tips


def test_budget_by_channel_owner_and_campaign(site: Site) -> None:
    art = site.article("budget/")
    assert table(art, "gt-budget-channel")["search"] == ["", "USD 90,000"]
    assert table(art, "gt-budget-owner")["@priya"] == ["", "", "USD 90,000", "USD 45,000"]
    campaigns = {k.split()[-1]: v for k, v in table(art, "gt-budget-campaigns-plan-2027").items()}
    split = campaigns["CMP-SPLIT"]
    assert split[1:4] == ["USD 90,000", "90.0%", "OBJ-GROW 67%, OBJ-KEEP 33%"]
    assert split[5:] == ["USD 45,000", "USD 100,000"]  # actual, tactics over its budget
    assert campaigns["CMP-SPREAD"][4] == "USD 8,900"  # the line without a period, spread over its dates


def test_over_allocation_is_listed(site: Site) -> None:
    art = site.article("budget/")
    assert list(table(art, "gt-budget-over-plans").values()) == [["USD 100,000", "USD 114,100", "USD 14,100"]]
    over = table(art, "gt-budget-over-campaigns")
    assert [v[:3] for v in over.values()] == [["USD 90,000", "USD 100,000", "USD 10,000"]]


# -- timeline -------------------------------------------------------------------------------------
def test_timeline_gantt_marks_today_and_overdue_milestones(site: Site) -> None:
    art = site.article("timeline/")
    charts = mermaid_blocks(art)
    # one chart per plan, one per quarter with campaigns: PLAN-2026 2026 Q4, 2027 Q1; PLAN-2027 Q1, Q2
    assert len(charts) == 2 + 2 + 2
    today = f"Today {PLANS_TODAY} :vert, today, {PLANS_TODAY}, 0d"
    # today is drawn where the chart's span includes it: PLAN-2027 and its Q2, not 2026 or 2027 Q1
    titles = [c.splitlines()[1].strip() for c in charts if today in c]
    assert titles == ["title Plan 2027", "title Plan 2027, 2027 Q2"]
    for chart in charts:
        assert chart.startswith("gantt\n")
        assert "dateFormat YYYY-MM-DD" in chart and "todayMarker off" in chart
        for line in chart.splitlines()[7:]:
            if " :" in line:
                label = line.split(" :", 1)[0]
                assert ":" not in label and not re.search(r"#(?!\d+;)", label), line
    plan_2027 = next(c for c in charts if "Plan 2027" in c.splitlines()[1])
    assert "Overdue#58; Section readout :crit, milestone," in plan_2027
    assert "Kick-off#58; brief #35;1 :done, milestone, " in plan_2027
    assert "Split#58; two objectives #35;1 :done, " in plan_2027
    assert "section CMP-SPLIT" in plan_2027
    rows = table(art, "gt-overdue-milestones")
    assert [[k.split()[-1], *v[:3]] for k, v in rows.items()] == [["CMP-SPLIT", "Section readout", "2027-03-20", "61"]]
    assert art.find("h3", id="plan-2027-2027-q2") is not None
    assert table(art, "gt-timeline-plan-2027-2027-q2") and "CMP-SPREAD" in " ".join(
        table(art, "gt-timeline-plan-2027-2027-q2")
    )


# -- RACI and owners ------------------------------------------------------------------------------
def test_raci_matrix_and_accountable_check(site: Site) -> None:
    art = site.article("raci/")
    people = heads(art, "gt-raci")[1:-1]
    assert people == ["@dana", "@priya", "@sam"]
    rows = {k.split()[-1]: dict(zip([*people, "Check"], v, strict=True)) for k, v in table(art, "gt-raci").items()}
    assert rows["CMP-SPLIT"] == {"@dana": "C", "@priya": "A", "@sam": "R", "Check": "✓"}
    assert rows["CMP-SPREAD"] == {"@dana": "A", "@priya": "", "@sam": "R, A", "Check": "2 accountable"}
    assert rows["CMP-OLD"]["@dana"] == "A" and rows["CMP-OLD"]["Check"] == "owner taken as accountable"
    problems = table(art, "gt-raci-problems")
    assert [v for k, v in problems.items() if "CMP-SPREAD" in k] == [["@sam, @dana", "content/plans.yml:45"]]
    for a in art.one("table", id="gt-raci").one("thead").find_all("a", cls="gt-owner"):
        url, _ = site.resolve("raci/", a.get("href") or "")
        assert site.exists(url), url


def test_owner_pages_show_what_they_own_and_what_is_due(site: Site) -> None:
    owners = table(site.article("owners/"), "gt-owners")
    # @dana owns OBJ-GROW, OBJ-KEEP and CMP-OLD; accountable for CMP-SPREAD and (as owner) CMP-OLD, so
    # its "Spring send" (2027-05-25) is upcoming for @dana; OBJ-GROW overdue, OBJ-KEEP due
    assert owners["@dana"] == ["3", "2", "3", "1", "1", "0", "1"]
    assert owners["@lee"][0] == "2"  # OBJ-IDLE, AUD-NOBODY (and a page)
    sam = site.article("owners/sam/")
    reviews = table(sam, "gt-owner-reviews")
    assert [v[-1] for k, v in reviews.items() if k == "Playbook"] == ["overdue"]
    milestones = table(sam, "gt-owner-milestones")
    assert milestones["2027-05-25"][:1] == ["Spring send"]
    roles = {k.split()[-1]: v for k, v in table(sam, "gt-owner-roles").items()}
    assert roles == {"CMP-SPLIT": ["responsible"], "CMP-SPREAD": ["responsible, accountable"]}
    priya = site.article("owners/priya/")
    assert table(priya, "gt-owner-milestones")["2027-03-20"][-1] == "overdue (61 days)"
    assert "USD 90,000" in priya.text()


PEOPLE = """\
people:
  "@dana":
    name: Dana Okafor
    role: VP Marketing
    email: dana@example.com
  "@lee":
    name: "<script>alert(1)</script> Lee & \\"Co\\""
  "@priya": {name: Priya Shah}
  "@sam": {}
teams:
  "@growth":
    name: Growth team
    members: ["@priya", "@sam"]
"""


@pytest.fixture(scope="module")
def people_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("people")
    files = {**PLANS, "plans/growth.yml": PLANS_TEAM_OWNED}
    config = write_site(root, files, {"today": PLANS_TODAY, "rules": QUIET_RULES})
    (root / "people.yml").write_text(PEOPLE, encoding="utf-8")
    return Site(root, config, build_site(config))


#: one more item, owned by the team, so the team has an owner page
PLANS_TEAM_OWNED = """\
audiences:
  - id: AUD-GROWTH
    title: Growth audience
    owner: "@growth"
"""


def test_owner_pages_name_the_person_from_the_people_file(people_site: Site) -> None:
    dana = people_site.article("owners/dana/")
    assert dana.one("h1").text() == "Dana Okafor (@dana)"
    person = dana.one("dl", id="gt-person")
    assert [dt.text() for dt in person.find_all("dt")] == ["Name", "Role", "E-mail"]
    assert [dd.text() for dd in person.find_all("dd")] == ["Dana Okafor", "VP Marketing", "dana@example.com"]
    assert person.one("a").get("href") == "mailto:dana@example.com"
    # a team lists its members, linked to their own pages
    team = people_site.article("owners/growth/").one("dl", id="gt-person")
    members = team.find_all("a")
    assert [a.text() for a in members] == ["Priya Shah", "@sam"]  # by name when the people file has one
    assert members[0].get("title") == "@priya"
    # the owners index gains a Name column; links carry name and role as their tooltip
    owners = table(people_site.article("owners/"), "gt-owners")
    assert owners["@dana"][0] == "Dana Okafor" and owners["@sam"][0] == ""
    links = {a.text(): a.get("title") for a in people_site.article("owners/").find_all("a", cls="gt-owner")}
    assert links["@dana"] == "Dana Okafor — VP Marketing" and links["@sam"] is None


def test_names_from_the_people_file_are_escaped(people_site: Site) -> None:
    html = (people_site.site_dir / "owners" / "lee" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert people_site.page("owners/lee/").one("title").text().startswith('<script>alert(1)</script> Lee & "Co" (@lee)')
    lee = people_site.article("owners/lee/").one("dl", id="gt-person")
    assert lee.one("dd").text() == '<script>alert(1)</script> Lee & "Co"'
    # a site without a people file has no Name column (see test_owner_pages_show_what_they_own…)


def test_without_a_people_file_there_is_no_name_column(site: Site) -> None:
    assert "Name" not in heads(site.article("owners/"), "gt-owners")
    assert not site.article("owners/dana/").find_all("dl", id="gt-person")


def test_campaign_pages_show_actual_spend_beside_the_budget(site: Site) -> None:
    art = site.article("items/campaigns/cmp-split/")
    facts = {tr.one("th").text(): tr.one("td").text() for tr in art.one("table", cls="gt-facts").find_all("tr")}
    assert facts["Spent so far"] == "USD 45,000 (50% of the budget)"  # 20,000 + 25,000 of 90,000
    section = next(h for h in art.find_all("h3") if h.text() == "Actual spend")
    siblings = section.parent.child_elements() if section.parent else []
    spend = siblings[siblings.index(section) + 1]  # the table under the heading
    rows = [[c.text() for c in tr.child_elements()] for tr in spend.one("tbody").find_all("tr")]
    assert rows == [
        ["2027-01", "USD 20,000", "", "content/actuals/spend.csv:2"],
        ["2027-02", "USD 25,000", "", "content/actuals/spend.csv:3"],
        ["Total", "USD 45,000", "", ""],
    ]
    # an item without spend rows has neither
    other = site.article("items/campaigns/cmp-old/")
    assert "Spent so far" not in other.text() and "Actual spend" not in other.text()


# -- freshness ------------------------------------------------------------------------------------
def test_freshness_statuses_on_a_fixed_today(site: Site) -> None:
    art = site.article("freshness/")
    assert table(art, "gt-freshness-summary") == {"Overdue": ["2"], "Due": ["2"], "Fresh": ["0"], "No cadence": ["1"]}
    rows = art.one("table", id="gt-freshness").one("tbody").find_all("tr")
    status = {r.child_elements()[0].text(): r.get("data-status") for r in rows}
    assert status == {
        "Grow pipeline OBJ-GROW": "overdue",
        "Playbook": "overdue",
        "Split: two objectives #1 CMP-SPLIT": "due",
        "Keep customers OBJ-KEEP": "due",
        "Owned page": "no cadence",
    }
    cells = table(art, "gt-freshness")["Grow pipeline OBJ-GROW"]
    assert cells[:6] == ["Objective", "@dana", "2027-01-10", "quarterly", "2027-04-12", "overdue"]
    text = art.text()
    assert "Grow pipeline OBJ-GROW: last reviewed 2027-01-10, 38 days overdue" in text
    assert "Playbook: last reviewed 2027-02-01, 77 days overdue" in text


@needs_git
def test_last_reviewed_comes_from_git_when_the_content_gives_none(tmp_path: Path) -> None:
    config = write_site(tmp_path, {}, {"today": PLANS_TODAY})
    git_repo(
        tmp_path,
        {
            "content/guide.md": ('---\nowner: "@sam"\nreview_cadence: monthly\n---\n# Guide\n', "2027-04-30"),
            "content/strategy.yml": (
                "objectives:\n  - id: OBJ-G\n    title: G\n    status: retired\n    review_cadence: quarterly\n",
                "2027-01-02",
            ),
        },
    )
    site = Site(tmp_path, config, build_site(config))
    rows = table(site.article("freshness/"), "gt-freshness")
    assert rows["Guide"][2:6] == ["2027-04-30 (git)", "monthly", "2027-05-31", "fresh"]  # 31 days later
    assert rows["G OBJ-G"][2:6] == ["2027-01-02 (git)", "quarterly", "2027-04-04", "overdue"]
    assert "(2 documents)" in site.article("freshness/").text()


# -- misalignment ---------------------------------------------------------------------------------
def test_misalignment_report_links_every_finding(site: Site) -> None:
    art = site.article("misalignment/")
    summary = table(art, "gt-misalignment-summary")
    assert {k: v[0] for k, v in summary.items()} == {
        "Objectives without plan coverage": "1",
        "Audiences no campaign targets": "1",
        "Value propositions nothing uses": "1",
        "Positionings nothing uses": "1",
        "KPI targets that reach no objective KPI": "1",
        "Campaigns outside their plan period": "1",
        "Plans over budget": "1",
        "Campaigns whose tactics exceed their budget": "1",
    }
    expected = {
        "gt-mis-objectives": "OBJ-IDLE",
        "gt-mis-audiences": "AUD-NOBODY",
        "gt-mis-value-propositions": "VP-SPARE",
        "gt-mis-positionings": "POS-SPARE",
        "gt-mis-kpi-targets": "CMP-OLD",
        "gt-mis-outside-plan-period": "CMP-OLD",
        "gt-mis-plans-over-budget": "PLAN-2027",
        "gt-mis-tactics-over-campaign": "CMP-SPLIT",
    }
    for table_id, item_id in expected.items():
        rows = art.one("table", id=table_id).one("tbody").find_all("tr")
        assert len(rows) == 1
        link = rows[0].child_elements()[0].one("a", cls="gt-ref")
        url, _ = site.resolve("misalignment/", link.get("href") or "")
        assert site.exists(url) and link.one("span", cls="gt-id").text() == item_id
    assert table(art, "gt-mis-outside-plan-period")[next(iter(table(art, "gt-mis-outside-plan-period")))] == [
        "Plan 2026 PLAN-2026",
        "end 2027-01-31",
        "2026-01-01 to 2026-12-31",
    ]


# -- the example wiki -------------------------------------------------------------------------------


def _campaigns() -> list[dict[str, Any]]:
    return example_plan_items("campaigns")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


def test_example_budget_has_real_numbers(example: Site) -> None:
    art = example.article("budget/")
    rows = table(art, "gt-budget-summary")
    months = table(art, "gt-budget-month")
    plans = example_plan_items("plans")
    assert len(plans) == 2  # the Q4 2026 bridge plan and the 2027 plan, side by side
    for plan in plans:
        allocated = sum(
            line["amount"] for c in _campaigns() if c["plan"] == plan["id"] for line in c.get("budget") or []
        )
        column = next(n for n, head in enumerate(heads(art, "gt-budget-summary")[1:]) if head.startswith(plan["id"]))
        assert rows["Plan budget"][column] == money(plan["budget"], plan["currency"])
        assert rows["Allocated to campaigns"][column] == money(allocated, plan["currency"])
        assert rows["Not yet allocated"][column] == money(plan["budget"] - allocated, plan["currency"])
        # the month table puts the plan's planned and actual columns side by side
        month_column = next(
            n
            for n, head in enumerate(heads(art, "gt-budget-month")[1:])
            if head.startswith(plan["id"]) and "planned" in head
        )
        planned = [float(v[month_column].split()[-1].replace(",", "")) for v in months.values() if v[month_column]]
        assert sum(planned) == pytest.approx(allocated, abs=0.5 * len(planned))  # whole units


def test_example_dashboards_exist_with_content(example: Site) -> None:
    campaigns = _campaigns()
    timeline = example.article("timeline/")
    assert mermaid_blocks(timeline) and all(b.startswith("gantt") for b in mermaid_blocks(timeline))
    raci = table(example.article("raci/"), "gt-raci")
    assert sorted(k.split()[-1] for k in raci) == sorted(c["id"] for c in campaigns)
    owners = {c["owner"] for c in campaigns}
    for handle in owners:
        slug = re.sub(r"[^a-z0-9]+", "-", handle.lstrip("@").lower()).strip("-")
        assert example.exists(f"owners/{slug}/"), handle
    fresh = example.article("freshness/")
    rows = fresh.one("table", id="gt-freshness").one("tbody").find_all("tr")
    status = {r.child_elements()[0].text().split()[-1]: r.get("data-status") for r in rows}
    # the example is read on EXAMPLE_TODAY (2026-11-26): last reviewed 2026-06-15, quarterly -> due 2026-09-15
    assert status["AUD-CUSTOMER-ADMIN"] == "overdue"
    assert dt.date(2026, 6, 15) + dt.timedelta(days=92) < dt.date.fromisoformat(EXAMPLE_TODAY)
    assert example.exists("misalignment/")
