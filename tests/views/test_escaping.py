"""Escaping everywhere: an injection corpus in every content field of every type, built into a site.

The corpus (:mod:`injection_corpus`) puts script tags, attribute breakers, ``</script>``,
``javascript:`` links, Mermaid breakers, pipes and newlines, Jinja and ``[[ID|<b>x</b>]]`` into
every free-text field, Markdown page bodies and front matter included. The site is built twice
(each YAML item on its own page, and items grouped per data file), and every page is checked
per context: HTML text and attributes, URLs, JSON-LD, Mermaid, the search index, tables, the
CSV export. The browser test (``-m browser``) opens every page and fails if any script ran.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from goldenthread.review.export import FORMULA_STARTS
from goldenthread.views.escape import md_prose, mermaid_label
from goldenthread.views.sanitize import sanitize_html
from hardening_helpers import launch_chromium, run_builds, run_cli
from injection_corpus import FORMULAS, LINE, PAYLOADS, corpus_files
from site_helpers import Node, Site, parse_html, serve_directory, write_site
from wikis import TODAY

MODES = ("own", "file")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset")
#: Scripts the theme and goldenthread ship (by file name); any other <script src> came from content.
KNOWN_SCRIPT = re.compile(
    r"(bundle\.[0-9a-f]+\.min\.js|mermaid\.min\.js|goldenthread\.js|search/main\.js|"
    r"workers/search\.[0-9a-f]+\.min\.js)$"
)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    roots = {}
    for mode in MODES:
        root = tmp_path_factory.mktemp(f"injection-{mode}")
        write_site(root, corpus_files(), {"today": TODAY, "item_pages": mode})
        roots[mode] = root
    results = run_builds(list(roots.values()))
    out = {}
    for mode, root in roots.items():
        code, log = results[root]
        assert code == 0, log[-5000:]
        assert "Traceback" not in log
        out[mode] = Site(root, root / "mkdocs.yml", root / "site")
    return out


def _pages(site: Site) -> Iterator[tuple[str, str, Node]]:
    for url in site.pages():
        text = site.html(url)
        yield url, text, site.page(url)


def _url_unsafe(value: str) -> bool:
    compact = re.sub(r"[\x00-\x20]+", "", value).lower()
    return compact.startswith(("javascript:", "vbscript:", "data:text", "data:application"))


@pytest.mark.parametrize("mode", MODES)
def test_the_corpus_reaches_every_page_type(sites: dict[str, Site], mode: str) -> None:
    site = sites[mode]
    urls = site.pages()
    assert len(urls) > 20
    # the payload is shown, as text, on the item pages and the views
    item = "items/campaigns/cmp-x/" if mode == "own" else "items/data/plan/"
    assert PAYLOADS["script"] in site.article(item).text()
    assert PAYLOADS["script"] in site.article("faq/").text()
    assert PAYLOADS["script"] in site.article("audiences/page-item/").text()


@pytest.mark.parametrize("mode", MODES)
def test_no_markup_from_content(sites: dict[str, Site], mode: str) -> None:
    problems = []
    for url, raw, doc in _pages(sites[mode]):
        if "<script>alert" in raw or "<gt-x-1234" in raw:
            problems.append(f"{url}: raw payload in the HTML")
        for node in doc.iter():
            for name, value in node.attrs.items():
                if name.startswith("on"):
                    problems.append(f"{url}: <{node.tag} {name}={value!r}>")
                if name in URL_ATTRIBUTES and value and _url_unsafe(value):
                    problems.append(f"{url}: <{node.tag} {name}={value!r}>")
            # raw HTML in a Markdown page body is kept when harmless (<img src=x> without its onerror)
            if node.tag in ("gt-x-1234", "iframe", "object", "embed", "base") or (
                node.tag == "meta" and node.get("http-equiv")
            ):
                problems.append(f"{url}: <{node.tag}> element from content")
            if node.tag == "img" and node.get("src") == "x" and "audiences/page-item" not in url and "notes" not in url:
                problems.append(f"{url}: <img src=x> outside the pages whose body holds it")
            if node.tag == "b" and node.text() == "x":
                problems.append(f"{url}: <b>x</b> from a reference label")
            if node.tag == "script":
                kind = node.get("type") or ""
                src = node.get("src") or ""
                if kind == "application/ld+json" or kind == "text/template":
                    continue
                if src and not KNOWN_SCRIPT.search(src):
                    problems.append(f"{url}: <script src={src!r}>")
                if "alert(" in node.text() or "pwned" in node.text():
                    problems.append(f"{url}: script from content: {node.text()[:80]!r}")
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("mode", MODES)
def test_jinja_and_templates_are_not_evaluated(sites: dict[str, Site], mode: str) -> None:
    text = sites[mode].article("faq/").text()
    assert "{{ 7*7 }}" in text and "{% raw %}" in text and "{{ config }}" in text


@pytest.mark.parametrize("mode", MODES)
def test_json_ld_parses_and_cannot_close_its_script(sites: dict[str, Site], mode: str) -> None:
    found = 0
    for url, raw, doc in _pages(sites[mode]):
        for block in doc.find_all("script", attrs={"type": "application/ld+json"}):
            body = block.text(squash=False)
            assert "</script" not in body.lower() and "<!--" not in body, url
            data = json.loads(body)
            assert data["@type"] == "FAQPage"
            names = [q["name"] for q in data["mainEntity"]]
            assert LINE in names, (url, names[:2])  # the question survives intact, as data
            found += 1
        # the raw page has exactly as many </script> as <script> elements: none closed early
        assert raw.lower().count("</script>") == len(doc.find_all("script")), url
    assert found >= 5


@pytest.mark.parametrize("mode", MODES)
def test_mermaid_sources_hold_no_raw_quote_or_arrow_from_content(sites: dict[str, Site], mode: str) -> None:
    node_re = re.compile(r'^ {4}n\d+(?:\[|\(\[|\(|\{\{)"([^"]*)"(?:\]|\]\)|\)|\}\}):::\w+$')
    edge_re = re.compile(r'^ {4}n\d+ -->(?:\|"([^"]*)"\|)? n\d+$')
    charts = 0
    for url, _, doc in _pages(sites[mode]):
        for pre in doc.find_all("pre", cls="mermaid"):
            charts += 1
            lines = pre.text(squash=False).strip("\n").split("\n")
            if lines[0] == "gantt":  # the timeline: every label entity-encoded, so no raw ':' '"' '<'
                for line in lines[1:]:
                    assert '"' not in line and "<" not in line and "-->" not in line, (url, line)
                    assert line.count(" :") <= 1 and line.startswith("    "), (url, line)
                continue
            assert lines[0].startswith("flowchart "), url
            for line in lines[1:]:
                if line.startswith("    classDef "):
                    continue
                m = node_re.match(line) or edge_re.match(line)
                assert m, f"{url}: unexpected Mermaid line {line!r}"
                label = m.group(1) or ""
                assert "-->" not in label and "<" not in label and "\n" not in label, (url, line)
    assert charts >= 2


def test_mermaid_label_encodes_every_breaker() -> None:
    label = mermaid_label(PAYLOADS["mermaid"] + "\n" + PAYLOADS["script"] + " ; %% :::x", limit=500)
    assert '"' not in label and "\n" not in label and "-->" not in label and "<" not in label
    assert re.fullmatch(r"[\w #;\-.,/()']*", label), label


@pytest.mark.parametrize("mode", MODES)
def test_search_index_holds_no_markup_from_content(sites: dict[str, Site], mode: str) -> None:
    index = json.loads((sites[mode].site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = 0
    for doc in index["docs"]:
        for key in ("title", "text"):
            value = doc.get(key, "")
            assert "<script" not in value.lower(), (doc["location"], value[:200])
            assert "<img" not in value.lower() and "<svg" not in value.lower(), (doc["location"], value[:200])
            assert "<gt-x-1234" not in value, doc["location"]
            hits += "&lt;script&gt;" in value
    assert hits >= 3, "the payload should be in the index, escaped"
    if mode == "file":  # goldenthread's own entries for items that share a page
        anchored = [d for d in index["docs"] if "#cmp-x" in d["location"]]
        assert anchored and anchored[0]["title"].startswith("&lt;script&gt;")


@pytest.mark.parametrize("mode", MODES)
def test_table_cells_stay_in_their_columns(sites: dict[str, Site], mode: str) -> None:
    """Pipes and newlines in content never add or split a table cell."""
    tables = 0
    for url, _, doc in _pages(sites[mode]):
        for table in doc.find_all("table"):
            rows = [r for r in table.find_all("tr") if r.find_all("td") or r.find_all("th")]
            widths = {
                sum(int(c.get("colspan") or 1) for c in r.child_elements() if c.tag in ("td", "th")) for r in rows
            }
            assert len(widths) <= 1, (url, table.get("class"), widths)
            tables += 1
    assert tables >= 10


@pytest.mark.parametrize("mode", MODES)
def test_page_titles_and_meta_are_escaped(sites: dict[str, Site], mode: str) -> None:
    raw = sites[mode].html("notes/")
    head = raw[: raw.index("</head>")]
    assert "<script>alert" not in head and "<img" not in head
    title = sites[mode].page("notes/").one("title").text()
    assert PAYLOADS["script"] in title


def test_csv_export_neutralises_formulas(sites: dict[str, Site], tmp_path: Path) -> None:
    root = sites["own"].root
    code, out = run_cli(root, ["export", "--today", TODAY, "-o", str(tmp_path)])
    assert code == 0, out
    rows = list(csv.reader(io.StringIO((tmp_path / "traceability.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) > len(FORMULAS)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    titles = {row[0]: row[1] for row in rows[1:]}
    for n, formula in enumerate(FORMULAS):
        # titles are one line: a leading tab or line break is dropped, then the formula is neutralised
        assert titles[f"TAC-F{n}"] == "'" + " ".join(formula.split())


# -- the escapers themselves -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("[x](javascript:alert(1))", "[x](unsafe-javascript:alert(1))"),
        ("[x]( JaVa\tScRiPt:alert(1))", "[x]( unsafe-JaVaScRiPt:alert(1))"),
        ("[x][js]\n\n[js]: javascript:alert(1)", "[x][js]\n\n[js]: unsafe-javascript:alert(1)"),
        ("[x](<vbscript:msgbox(1)>)", "[x](&lt;unsafe-vbscript:msgbox(1)&gt;)"),
        ("[x](data:text/html,hi)", "[x](unsafe-data:text/html,hi)"),
        (
            "[ok](https://example.com) and [ok](../plans/index.md)",
            "[ok](https://example.com) and [ok](../plans/index.md)",
        ),
        ("`[code](javascript:1)`", "`[code](javascript:1)`"),
        ("```\n[code](javascript:1)\n```", "```\n[code](javascript:1)\n```"),
        ("a: javascript: is a word here", "a: javascript: is a word here"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("see <https://example.com>", "see <https://example.com>"),
        # an indented line may continue a paragraph or a list item, where HTML would be live
        ("text\n    <script>alert(1)</script>", "text\n    &lt;script&gt;alert(1)&lt;/script&gt;"),
        ("- item\n\n\t<img src=x onerror=alert(1)>", "- item\n\n\t&lt;img src=x onerror=alert(1)&gt;"),
    ],
)
def test_md_prose_neutralises_html_and_script_links(text: str, expected: str) -> None:
    assert md_prose(text) == expected


@pytest.mark.parametrize(
    "html_in, forbidden",
    [
        ("<script>alert(1)</script>", "alert"),
        ("<p>a<script>alert(1)</script>b</p>", "script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("<IMG SRC=x OnErRoR=alert(1)>", "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="java&#x09;script:alert(1)">x</a>', "script:"),
        ('<a href=" &#x6A;avascript:alert(1)">x</a>', "avascript"),
        ('<svg onload="alert(1)"><path d="M0"/></svg>', "onload"),
        ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "animate"),
        ("<iframe srcdoc='<script>alert(1)</script>'></iframe>", "iframe"),
        ("<style>*{x:expression(alert(1))}</style>", "expression"),
        ("<!--><img src=x onerror=alert(1)>-->", "onerror"),
        ("<![CDATA[><img src=x onerror=alert(1)>]]>", "onerror"),
        ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "refresh"),
        ('<base href="javascript:alert(1)//">', "base"),
        ('<form action="javascript:alert(1)"><button>go</button></form>', "javascript"),
        ('<object data="javascript:alert(1)"></object>', "object"),
        ("<gt-x-1234>text</gt-x-1234>", "gt-x"),
        ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "onerror"),
        ("<textarea></textarea><img src=x onerror=alert(1)>", "onerror"),
        ("<scr<script>ipt>alert(1)</script>", "<script"),
        # mutation XSS: markup that one parse reads as text and the next as elements
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", "onerror"),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror"),
        (
            '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
            "onerror",
        ),
        ('<textarea><img title="</textarea><img src=x onerror=alert(1)>"></textarea>', "onerror"),
        (
            '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>">',
            "onerror",
        ),
        ('<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', "onerror"),
        ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "javascript"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "avascript"),
        ('<img src="x" srcset="javascript:alert(1) 1x">', "javascript"),
    ],
)
def test_sanitize_html_removes_what_runs_script(html_in: str, forbidden: str) -> None:
    out = sanitize_html(html_in)
    assert forbidden.lower() not in out.lower(), out


@pytest.mark.parametrize(
    "html_in",
    [
        '<div class="grid cards"><ul><li><p><strong>Plans</strong> <a href="plans/">open</a></p></li></ul></div>',
        "<p>a &amp; b &lt; c</p>",
        '<pre class="mermaid"><code>flowchart LR\n    n0["a"] --&gt; n1</code></pre>',
        '<h2 id="x">Title<a class="headerlink" href="#x" title="Permanent link">¶</a></h2>',
        '<details class="note"><summary>Q</summary><p>A</p></details>',
        '<img alt="logo" src="data:image/png;base64,AAAA" />',
        "<!--gt:block:0a1b2c:3-->",
        "<!-- material/tags -->",
        '<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    ],
)
def test_sanitize_html_keeps_ordinary_markup(html_in: str) -> None:
    assert parse_html(sanitize_html(html_in)).text() == parse_html(html_in).text()
    assert sanitize_html(html_in).count("<") == html_in.count("<")


# -- in the browser ------------------------------------------------------------------------------------------
TRAP = """
window.__gt_pwned = [];
window.alert = window.confirm = window.prompt = (m) => { window.__gt_pwned.push(String(m)); };
"""


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_no_script_from_content_runs_in_a_browser(sites: dict[str, Site], mode: str) -> None:
    site = sites[mode]
    with launch_chromium() as browser, serve_directory(site.site_dir) as base:
        context = browser.new_context()
        context.route(lambda url: not url.startswith(base), lambda route: route.abort())
        context.add_init_script(TRAP)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        ran: list[str] = []
        # every page of the site; for grouped items, the pages that differ from the first build
        urls = site.pages() if mode == "own" else [u for u in site.pages() if u.startswith("items/")]
        for url in urls:
            page.goto(base + url)
            page.wait_for_load_state("load")
            pwned: Any = page.evaluate("() => [window.pwned, window.__gt_pwned.length]")
            if pwned[0] is not None or pwned[1]:
                ran.append(f"{url}: {pwned}")
        # the search renders titles and text of matching entries: search for the payload
        page.goto(base)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.keyboard.type("alert onerror script")
        page.wait_for_timeout(1500)
        results = page.locator(".md-search-result__item").count()
        if page.evaluate("() => window.pwned !== undefined || window.__gt_pwned.length > 0"):
            ran.append("search results")
        # the trap works: a script that does run is caught
        page.evaluate("""() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="alert(7)">')""")
        page.wait_for_function("() => window.__gt_pwned.length > 0", timeout=5000)
        context.close()
    assert not dialogs, dialogs
    assert not ran, ran
    assert results > 0, "the search should find the injected pages"
