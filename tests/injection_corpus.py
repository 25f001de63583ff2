"""An injection corpus in every content field of every item type (for test_escaping.py and the browser).

:func:`corpus_files` returns ``{path under content/: text}``: one item of each type in YAML
with every free-text field (titles, descriptions, FAQ questions and answers, tags, channels,
milestone titles, decisions, CSV notes…) carrying :data:`PAYLOAD`, plus Markdown item pages
and a plain page with the payload in front matter and body. The wiki stays valid (no
diagnostics at error level), so ``mkdocs build`` succeeds and every page can be inspected.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml

#: Each payload attacks one context; all of them go into every text field.
PAYLOADS: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "close-script": "</script><script>alert(1)</script>",
    "javascript-link": "[click](javascript:alert(1))",
    "javascript-ref": "[click][js]\n\n[js]: javascript:alert(1)",
    "mermaid": 'A"] --> B["',
    "table": "a | b\nc | d",
    "jinja": "{{ 7*7 }} {% raw %} {{ config }}",
    "reference-label": "[[OBJ-X|<b>x</b>]]",
    "pwned": '<img src=x onerror="window.pwned=1">',
    "svg": "<svg onload=alert(1)>",
    "entity": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "marker": "<gt-x-1234>",
    "csv": '=HYPERLINK("http://evil")',
}
#: Titles a spreadsheet would evaluate (CSV injection).
FORMULAS = ('=HYPERLINK("http://evil","x")', "+SUM(1)", "-2+3", "@cmd", "\t=1")
#: The payload as one string (prose fields: several lines).
PAYLOAD = "\n\n".join(PAYLOADS.values())
#: One line (titles, tags and other single-line text).
LINE = " ".join(" ".join(PAYLOADS.values()).split())


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _faq() -> list[dict[str, str]]:
    return [{"question": LINE, "answer": PAYLOAD, "topic": LINE}]


def _common(item_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "title": LINE,
        "description": PAYLOAD,
        "owner": "@dana",
        "status": "active",
        "tags": ["plain", "a/b c-d_e.f"],
        "faq": _faq(),
        **fields,
    }


def corpus_files() -> dict[str, str]:
    strategy = {
        "objectives": [
            _common(
                "OBJ-X",
                horizon={"start": "2027-01-01", "end": "2029-12-31"},
                targets=[{"kpi": "KPI-X", "baseline": 1, "target": 2, "by": "2029-12-31"}],
                audiences=["AUD-X"],
            ),
            _common("OBJ-CHILD", parent="OBJ-X"),
        ],
        "audiences": [
            _common(
                "AUD-X",
                behaviours=[LINE],
                needs=[LINE],
                decision_patterns=[LINE],
                firmographics=[LINE],
                demographics=[LINE],
                size=10,
                size_unit=LINE,
            )
        ],
        "value_propositions": [_common("VP-X", audience="AUD-X", benefit=LINE, proof=[LINE], kpi="KPI-X")],
        "positionings": [
            _common(
                "POS-X",
                audience="AUD-X",
                need=LINE,
                category=LINE,
                differentiator=LINE,
                alternatives=["COMP-X"],
                value_proposition="VP-X",
            )
        ],
        "competitors": [
            _common(
                "COMP-X",
                website=LINE,
                pricing=LINE,
                strengths=[LINE],
                weaknesses=[LINE],
                unmet_needs=[LINE],
                pricing_gaps=[LINE],
            )
        ],
        "kpis": [
            _common(
                "KPI-X",
                unit=LINE,
                direction="up",
                frequency="monthly",
                formula=LINE,
                source=LINE,
                actuals=[{"period": "2026-10", "value": 1, "note": LINE}],
            ),
            _common("KPI-LEAD", unit="count", direction="up", leads_to=["KPI-X"]),
        ],
    }
    plan = {
        "plans": [
            _common(
                "PLAN-X",
                period={"start": "2026-01-01", "end": "2027-12-31"},
                currency="USD",
                budget=100000,
                objectives=["OBJ-X"],
            )
        ],
        "campaigns": [
            _common(
                "CMP-X",
                plan="PLAN-X",
                supports=["OBJ-X", "OBJ-CHILD"],
                audiences=["AUD-X"],
                value_proposition="VP-X",
                positioning="POS-X",
                channels=[LINE, "email"],
                start="2026-09-01",
                end="2027-03-31",
                raci={"responsible": ["@dana"], "accountable": ["@sam"], "consulted": ["@dana"]},
                budget=[{"channel": LINE, "amount": 1000, "period": "2026-Q4", "category": LINE}],
                kpi_targets=[{"kpi": "KPI-X", "target": 2, "baseline": 1, "by": "2027-03-31"}],
                milestones=[{"title": LINE, "date": "2026-10-01", "done": False}],
                spend=[{"period": "2026-10", "amount": 10, "note": LINE}],
            )
        ],
        "tactics": [
            _common(
                "TAC-X",
                campaign="CMP-X",
                channel=LINE,
                content_type=LINE,
                frequency=LINE,
                budget=100,
                start="2026-09-01",
                end="2026-12-31",
            ),
            # spreadsheet formulas at the start of cells of the CSV export
            *(
                {"id": f"TAC-F{n}", "title": title, "campaign": "CMP-X", "channel": title}
                for n, title in enumerate(FORMULAS)
            ),
        ],
    }
    meta = {
        "reviews": [
            _common(
                "REV-X",
                date="2026-11-01",
                kind="monthly-plan",
                covers=["CMP-X", "OBJ-X"],
                decisions=[LINE],
                attendees=["@dana"],
            )
        ],
        "faqs": [_common("FAQ-X", question=LINE, answer=PAYLOAD, about=["OBJ-X", "CMP-X"], topic=LINE)],
    }
    page_item = (
        "---\n"
        + _dump(
            {
                "id": "AUD-PAGE",
                "type": "audience",
                "title": LINE,
                "owner": "@dana",
                "tags": ["plain"],
                "faq": _faq(),
                "needs": [LINE],
            }
        )
        + "---\n\n"
        + PAYLOAD
        + "\n\nSee [[OBJ-X]] and [[CMP-X|"
        + LINE.replace("[", "(").replace("]", ")")
        + "]].\n"
    )
    plain_page = (
        "---\n" + _dump({"title": LINE, "description": LINE, "subtitle": LINE}) + "---\n\n# Notes\n\n" + PAYLOAD + "\n"
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(
        [
            ["kind", "id", "period", "value", "note"],
            ["kpi", "KPI-X", "2026-11", "2", LINE],
            ["spend", "CMP-X", "2026-11", "5", '=HYPERLINK("http://evil")'],
        ]
    )
    actuals = out.getvalue()
    return {
        "strategy.yml": _dump(strategy),
        "plan.yml": _dump(plan),
        "meta.yml": _dump(meta),
        "audiences/page-item.md": page_item,
        "notes.md": plain_page,
        "actuals.csv": actuals,
    }
