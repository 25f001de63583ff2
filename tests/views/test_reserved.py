"""The reserved addresses (views/reserved.py) are exactly where goldenthread generates pages, and an
authored page at one is GT152 in ``goldenthread check`` as in the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from check_helpers import run_check
from goldenthread.analysis import analyse
from goldenthread.core.config import parse_settings, read_project_config
from goldenthread.views.pages import Pages
from goldenthread.views.reserved import VIEW_FOLDERS, VIEW_PAGES, reserved_by
from goldenthread.views.wiki import Options, Wiki
from hardening_helpers import run_cli
from site_helpers import REPO_ROOT
from wikis import EXAMPLE_TODAY, TODAY, VALID_WIKI


@pytest.mark.parametrize(
    "options",
    [Options(), Options(generated_dir="gen/items", views_dir="views"), Options(item_pages="file")],
    ids=["default", "folders", "file-pages"],
)
def test_every_generated_page_of_the_example_is_reserved(options: Options) -> None:
    project = read_project_config(REPO_ROOT / "mkdocs.yml")
    settings = parse_settings({**project.options, "today": EXAMPLE_TODAY}, root=project.root)
    analysis = analyse(project.docs_dir, settings, label_root=project.root)
    pages = Pages(Wiki.build(analysis, options))
    srcs = [p.src for p in pages.all()]
    assert [s for s in srcs if reserved_by(s, options) is None] == []
    # and the list names no page that is not generated
    views = {s.removeprefix(options.views_dir + "/") if options.views_dir else s for s in srcs}
    assert views >= VIEW_PAGES
    assert all(any(v.startswith(f + "/") for v in views) for f in VIEW_FOLDERS)
    # authored pages of the example are never reserved
    authored = [analysis.model.src_path(label) for label in analysis.model.pages]
    assert [s for s in authored if reserved_by(s, options)] == []


@pytest.mark.parametrize(
    "path, taken",
    [
        ("health.md", "the generated page health.md"),
        ("reference/rules.md", "the generated page reference/rules.md"),
        ("owners/dana.md", "the generated pages under owners/"),
        ("maps/obj-grow.md", "the generated pages under maps/"),
        ("items/notes.md", "the generated item pages (generated_dir: items)"),
    ],
)
def test_an_authored_page_at_a_generated_address_is_gt152(tmp_path: Path, path: str, taken: str) -> None:
    docs = tmp_path / "content"
    for rel, text in {**VALID_WIKI, path: "# Mine\n"}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    code, out = run_cli(tmp_path, ["check", "content", "--today", TODAY])
    assert code == 1, out
    # the only error; on TODAY the clean wiki also has info diagnostics (its campaign has ended)
    errors = [line for line in out.splitlines() if "error[" in line]
    assert errors == [f"content/{path}:1:1: error[GT152] this page has the address of {taken}, which it would hide"]
    # the analysis alone (no views) does not know about it: only the adapters add it
    assert "GT152" not in run_check(docs).codes
