"""Long tables and link lists as row data (views/compact.py): what stays HTML, what becomes data,
and that content cannot break out of the data's ``<script>``. The browser side (rows made from the
data equal the rows the build wrote) is tests/browser/test_paged_tables.py."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

from goldenthread import analyse, parse_settings
from goldenthread.views.compact import COMPACT_MIN_ROWS, FIRST_ROWS, Compactor, LinkIndex
from goldenthread.views.pages import Pages
from goldenthread.views.wiki import Options, Wiki
from wikis import TODAY

HOSTILE = "</script><script>alert(1)</script> <!-- & \"q\" 'a' <@CMP-00001>"
CAMPAIGNS = COMPACT_MIN_ROWS + 20


def _wiki(root: Path, objectives: int = 1) -> Wiki:
    (root / "strategy").mkdir(parents=True)
    (root / "plans").mkdir()
    others = "".join(f"  - id: OBJ-X{n}\n    title: Other {n}\n" for n in range(1, objectives))
    (root / "strategy" / "objectives.yml").write_text(
        "objectives:\n  - id: OBJ-ONE\n    title: One\n    owner: '@ana'\n" + others, encoding="utf-8"
    )
    campaigns = "".join(
        f"  - id: CMP-{n:05d}\n    title: {json.dumps(f'{HOSTILE} {n}')}\n    owner: '@ana'\n"
        f"    plan: PLAN-X\n    supports: [OBJ-ONE]\n"
        for n in range(1, CAMPAIGNS + 1)
    )
    (root / "plans" / "plan.yml").write_text(
        "plans:\n  - id: PLAN-X\n    title: Plan\n    owner: '@ana'\n"
        "    period: {start: 2027-01-01, end: 2027-12-31}\n" + "campaigns:\n" + campaigns,
        encoding="utf-8",
    )
    settings = parse_settings({"today": TODAY}, root=root)
    return Wiki.build(analyse(root, settings), Options())


def _page(wiki: Wiki, src: str) -> tuple[str, Compactor]:
    pages = Pages(wiki)
    page = next(p for p in pages.all() if p.src == src)
    compactor = Compactor(LinkIndex.build(wiki))
    return compactor.page(pages.blocks.restore(page.content), src), compactor


def _payloads(html: str, kind: str) -> list[str]:
    return re.findall(rf'<script type="application/json" class="{kind}">(.*?)</script>', html, re.S)


def test_a_long_table_keeps_its_first_rows_and_carries_all_as_data(tmp_path: Path) -> None:
    wiki = _wiki(tmp_path)
    html, _ = _page(wiki, "items/campaigns/index.md")
    (payload,) = _payloads(html, "gt-rows")
    data = json.loads(payload)
    assert data["n"] == CAMPAIGNS and data["r"] == "../../"
    assert html.count('<tr><th scope="row"') == FIRST_ROWS
    rows = [row for group in data["g"] for row in group]
    # every campaign link became a token the index rebuilds; the owner link too, a cell every
    # row repeats, so it is written once in the shared cells and each row says -k
    first = json.dumps(rows[0])
    assert "<@CMP-00001>" in first and "gt-ref" not in first
    owner = data["s"].index(["<~@ana>", "@ana"])
    assert all(-(owner + 1) in row for row in rows)


def test_content_cannot_end_the_data_script(tmp_path: Path) -> None:
    html, _ = _page(_wiki(tmp_path), "traceability.md")  # its rows sort by title: titles in the data
    assert _payloads(html, "gt-rows")
    for payload in _payloads(html, "gt-rows"):
        assert "</" not in payload and "<!--" not in payload
        text = json.dumps(json.loads(payload))
        # a title that looks like a token stays escaped text, never a token
        assert "&lt;@CMP-00001&gt;" in text


def test_the_link_index_holds_escaped_titles_and_urls(tmp_path: Path) -> None:
    wiki = _wiki(tmp_path)
    script = LinkIndex.build(wiki).script().decode()
    assert script.startswith("window.goldenthreadLinks=") and script.endswith(";\n")
    data = json.loads(script.removeprefix("window.goldenthreadLinks=").removesuffix(";\n"))
    title, page = data["i"]["CMP-00001"][:2]
    assert "<" not in title and "&lt;/script&gt;" in title
    assert data["p"][page] == "items/campaigns/cmp-00001/"
    assert data["o"]["@ana"][3] == "owners/ana/"


def test_only_exact_anchors_become_tokens(tmp_path: Path) -> None:
    wiki = _wiki(tmp_path)
    compactor = Compactor(LinkIndex.build(wiki))
    src = "items/campaigns/index.md"
    exact = str(wiki.link(src, "CMP-00002", show_id=True))
    assert compactor._tokenise(exact, src) == "<@CMP-00002>"
    assert compactor._tokenise(str(wiki.link(src, "CMP-00002")), src) == "<$CMP-00002>"
    titled = str(wiki.link(src, "CMP-00002"))
    forged = titled.replace('title="CMP-00002:', 'title="CMP-00002: other')
    assert forged != titled and compactor._tokenise(forged, src) == forged
    elsewhere = str(wiki.link("traceability.md", "CMP-00002", show_id=True))
    assert compactor._tokenise(elsewhere, src) == elsewhere  # an href from another page


def test_short_tables_and_lists_stay_html(tmp_path: Path) -> None:
    wiki = _wiki(tmp_path)
    html, _ = _page(wiki, "items/objectives/index.md")
    assert _payloads(html, "gt-rows") == [] and _payloads(html, "gt-links") == []


def test_a_long_link_list_keeps_its_first_links(tmp_path: Path) -> None:
    wiki = _wiki(tmp_path)
    html, _ = _page(wiki, "items/objectives/obj-one.md")
    (payload,) = _payloads(html, "gt-links")
    data = json.loads(payload)
    assert len(data["l"]) == CAMPAIGNS - 50 and all(re.fullmatch(r"<@CMP-\d{5}>", t) for t in data["l"])
    assert f'data-gt-more="{CAMPAIGNS - 50}"' in html
    assert f"… and {CAMPAIGNS - 50:,} more." in html


def test_runs_of_empty_cells_are_counts(tmp_path: Path) -> None:
    # five objectives, every campaign supporting the first: four empty cells a row, sent as 4
    html, _ = _page(_wiki(tmp_path, objectives=5), "traceability.md")
    (payload, *_) = _payloads(html, "gt-rows")
    rows = [row for g in json.loads(payload)["g"] for row in g]
    assert len(rows) == CAMPAIGNS and all(isinstance(row, list) and row[-1] == 4 for row in rows)
    assert not any(a == "" == b for row in rows for a, b in itertools.pairwise(row))
