"""Property tests over the loader, the validator and the renderers together.

Arbitrary text (biased towards markup: ``<>"'&[](){}|#*`:`` and newlines) goes into every
free-text field a stakeholder writes: titles, descriptions, FAQ questions and answers, tags,
owners, channel names, milestone titles, decisions, KPI units, link notes, CSV notes (of KPI
values and of spend). Some values carry a
marker (``<gt-x-1234>``, ``"onerror=``, ``</script>``, ``javascript:``). The wiki is analysed
and every page is generated in-process (``Wiki.build`` → ``Pages.all()`` and ``augment``), the
HTML blocks put back. Then, whatever the text:

* nothing raises;
* the marker element never appears, no tag carries an event handler or a script URL, the only
  ``<script>`` elements are JSON-LD that parses and cannot close itself;
* Mermaid sources hold no raw quote, ``<`` or line break from content;
* a page's front matter reads back as the title it was given.

``GOLDENTHREAD_FUZZ_EXAMPLES`` sets the number of examples (default 100; ``make fuzz`` runs 10,000).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldenthread.analysis import analyse
from goldenthread.core.config import parse_settings
from goldenthread.views.pages import Pages
from goldenthread.views.sanitize import sanitize_html
from goldenthread.views.wiki import Options, Wiki
from wikis import TODAY

EXAMPLES = int(os.environ.get("GOLDENTHREAD_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
SETTINGS = parse_settings({"today": TODAY})

MARKERS = (
    "<gt-x-1234>",
    '"onerror=alert(1)',
    "</script><gt-x-1234>",
    "[x](javascript:alert(1))",
    '"><img src=x onerror=alert(1)>',
    "{{ x }}{% raw %}",
    'A"] --> B["',
    "[[OBJ-A|<gt-x-1234>]]",
    "<!--gt:block:0-->",
    "<!--gt:block:99999-->",
    "\u2028",
    "|\n|",
)
ALPHABET = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list("<>\"'&[](){}|#*_`!:;=-/\\\n\t "))


@st.composite
def text(draw: st.DrawFn, max_size: int = 30) -> str:
    value = draw(st.text(alphabet=ALPHABET, max_size=max_size))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(value)))
        value = value[:at] + draw(st.sampled_from(MARKERS)) + value[at:]
    return value


def texts(max_size: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(text(), max_size=max_size)


OWNERS = st.sampled_from(["@dana", "@org/team", "@a.b-c"]) | text()


@st.composite
def wiki_files(draw: st.DrawFn) -> dict[str, str]:
    """A small wiki (objective, KPIs, plan, campaign, tactic, review, FAQ, a Markdown item) with fuzzed text."""

    def faq() -> list[dict[str, str]]:
        return [
            {"question": draw(text()), "answer": draw(text(60)), "topic": draw(text())}
            for _ in range(draw(st.integers(0, 2)))
        ]

    def common(item_id: str, **fields: Any) -> dict[str, Any]:
        return {
            "id": item_id,
            "title": draw(text()),
            "description": draw(text(80)),
            "owner": draw(OWNERS),
            "tags": draw(texts()),
            "faq": faq(),
            **fields,
        }

    data = {
        "objectives": [common("OBJ-A", targets=[{"kpi": "KPI-A", "target": 10}]), common("OBJ-B", parent="OBJ-A")],
        "kpis": [
            common("KPI-A", unit=draw(text()), direction="up", formula=draw(text())),
            common("KPI-B", unit="count", direction="up", leads_to=["KPI-A"]),
        ],
        "audiences": [common("AUD-A", behaviours=draw(texts()), needs=draw(texts()))],
        "competitors": [common("COMP-A", strengths=draw(texts()), website=draw(text()))],
        "plans": [
            common("PLAN-A", period={"start": "2027-01-01", "end": "2027-12-31"}, currency=draw(text(5)), budget=1000)
        ],
        "campaigns": [
            common(
                "CMP-A",
                plan="PLAN-A",
                supports=[{"id": "OBJ-A", "weight": 2, "note": draw(text())}, "OBJ-B"],
                audiences=["AUD-A"],
                channels=draw(texts()),
                start="2027-02-01",
                end="2027-05-31",
                budget=[{"channel": draw(text()), "amount": 100, "category": draw(text())}],
                milestones=[{"title": draw(text()), "date": "2027-03-01", "done": draw(st.booleans())}],
                kpi_targets=[{"kpi": "KPI-B", "target": 5}],
                raci={"accountable": [draw(OWNERS)], "informed": [draw(OWNERS)]},
            )
        ],
        "tactics": [
            common(
                "TAC-A",
                campaign="CMP-A",
                channel=draw(text()),
                content_type=draw(text()),
                frequency=draw(text()),
                budget=10,
            )
        ],
        "reviews": [common("REV-A", date="2027-04-01", kind="monthly-plan", covers=["CMP-A"], decisions=draw(texts()))],
        "faqs": [common("FAQ-A", question=draw(text()), answer=draw(text(60)), about=["OBJ-A"], topic=draw(text()))],
    }
    page = {
        "id": "AUD-PAGE",
        "type": "audience",
        "title": draw(text()),
        "owner": draw(OWNERS),
        "needs": draw(texts()),
        "faq": faq(),
    }
    note = draw(text())
    return {
        "wiki.yml": yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False, width=10_000),
        "audience.md": "---\n"
        + yaml.safe_dump(page, allow_unicode=True, sort_keys=False, width=10_000)
        + "---\n\nBody with [[OBJ-A]].\n",
        "notes.md": "# Notes\n\nSee [[CMP-A]].\n",
        "actuals.csv": 'kind,id,period,value,note\nkpi,KPI-A,2027-03,4,"'
        + note.replace('"', '""')
        + '"\n'
        + 'spend,CMP-A,2027-02,150,"'
        + note.replace('"', '""')
        + '"\n',
    }


# -- checking generated pages -----------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.startswith("gt-x"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if (
                name in ("href", "src")
                and value
                and re.sub(r"[\x00-\x20]", "", value).lower().startswith(("javascript:", "vbscript:", "data:"))
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            if dict(attrs).get("type") != "application/ld+json":
                self.problems.append(f"<script {attrs}>")
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


_FRONT_RE = re.compile(r"^---\n(.*?)\n---\n", re.S)
_MERMAID_RE = re.compile(r"^``` mermaid\n(.*?)\n```$", re.S | re.M)
_FLOW_LINE_RE = re.compile(
    r'^ {4}(n\d+(?:\[|\(\[|\(|\{\{)"[^"<\n]*"(?:\]|\]\)|\)|\}\}):::\w+'
    r'|n\d+ -->(?:\|"[^"<\n]*"\|)? n\d+|classDef .*)$'
)


#: Inline code as Python-Markdown reads it: a run of backticks, text, the same run (one line).
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")

#: What any problem _Tags finds needs in the text (a superset: most pages have none of these).
_SUSPECT_RE = re.compile(r"[\s/\"']on\w*\s*=|<gt-x|<script|script:|data:|<!--", re.I)


def check_page(src: str, text: str, title: str | None = None) -> None:
    body = text
    m = _FRONT_RE.match(text)
    if m:
        front = yaml.load(m.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        assert isinstance(front, dict), src
        if title is not None:
            # YAML 1.1 folds U+0085, U+2028 and U+2029 inside a quoted scalar into spaces: compare words
            assert front["title"].split() == title.split(), src
        body = text[m.end() :]
    # An inline code span is output escaped by the Markdown renderer, whatever it holds: check it
    # in the form it will have on the page, and everything outside code spans as written.
    # Raw HTML lines (generated blocks start with "<") are not Markdown: backticks there are text.
    body = "\n".join(
        line
        if line.startswith("<")
        else _CODE_SPAN_RE.sub(lambda m: "<code>" + html.escape(m.group(2).strip(), quote=False) + "</code>", line)
        for line in body.split("\n")
    )
    assert "<gt-x-1234" not in body, (src, body[max(0, body.find("<gt-x-1234") - 200) :][:400])
    assert not re.search(r"<!--gt:block:[0-9a-f]+:", body), src  # every block put back
    for chart in _MERMAID_RE.findall(body):
        lines = chart.split("\n")
        if lines[0] == "gantt":
            assert all('"' not in ln and "<" not in ln and ln.startswith("    ") for ln in lines[1:]), (src, chart)
        else:
            assert lines[0].startswith("flowchart "), (src, chart)
            bad = [ln for ln in lines[1:] if not _FLOW_LINE_RE.match(ln)]
            assert not bad, (src, bad)
    if not _SUSPECT_RE.search(body):
        return  # no tag could hold a handler, a script or a script URL: skip the (slow) parse
    parser = _Tags()
    parser.feed(body)
    parser.close()
    assert not parser.problems, (src, parser.problems)
    for script in parser.scripts:
        assert "</script" not in script.lower() and "<!--" not in script, src
        json.loads(script)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-render")


def render_all(workdir: Path, files: dict[str, str], item_pages: str) -> None:
    root = Path(tempfile.mkdtemp(dir=workdir))
    try:
        docs = root / "content"
        for rel, content in files.items():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_text(content, encoding="utf-8")
        analysis = analyse(docs, SETTINGS, label_root=root)
        pages = Pages(Wiki.build(analysis, Options(item_pages=item_pages)))
        generated = pages.all()
        titles = {p.src: p.title for p in generated}
        for page in generated:
            check_page(page.src, pages.blocks.restore(page.content), titles.get(page.src))
        for src in analysis.model.pages:
            rel = analysis.model.src_path(src)
            raw = (docs / rel).read_text(encoding="utf-8")
            m = _FRONT_RE.match(raw)
            body = raw[m.end() :] if m else raw
            check_page(rel, pages.blocks.restore(pages.augment(rel, body)))
        json.dumps(pages.search_entries())
        for entry in pages.search_entries():
            assert "<" not in entry["title"] and "<" not in entry["text"]
    finally:
        shutil.rmtree(root, ignore_errors=True)


@FUZZ
@given(files=wiki_files(), item_pages=st.sampled_from(["own", "file"]))
def test_rendering_never_fails_and_never_leaks_markup(workdir: Path, files: dict[str, str], item_pages: str) -> None:
    render_all(workdir, files, item_pages)


@FUZZ
@given(
    body=st.lists(
        text(60)
        | st.sampled_from(
            [
                "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>",
                "[x](javascript:alert(1))",
                "<div markdown>\n*x* <gt-x-1234>\n</div>",
                '<a href="jav&#x09;ascript:alert(1)">x</a>',
                "<!--><img src=x onerror=alert(1)>-->",
                "<svg><animate onbegin=alert(1) attributeName=x />",
                "```\n<script>alert(1)</script>\n```",
                "<details><summary>q</summary>a</details>",
                "<iframe src=javascript:alert(1)>",
                "<style>@import 'x'</style>",
                "<<script>script>alert(1)<</script>/script>",
            ]
        ),
        max_size=6,
    )
)
def test_a_page_body_renders_to_html_that_runs_no_script(body: list[str]) -> None:
    """Authored Markdown may hold raw HTML: what it renders to is sanitised (views/sanitize.py)."""
    html = markdown.markdown("\n\n".join(body), extensions=["md_in_html", "attr_list", "tables", "admonition"])
    out = sanitize_html(html)
    parser = _Tags()
    parser.feed(out)
    parser.close()
    assert not parser.problems, (out, parser.problems)
    assert not parser.scripts, out
    assert sanitize_html(out) == out, "sanitising is idempotent"
