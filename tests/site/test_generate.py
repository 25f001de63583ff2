"""``goldenthread generate OUT``: plain Markdown that builds the same wiki without the plugin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from goldenthread.analysis import analyse
from goldenthread.cli import main
from goldenthread.commands.generate import split_front_matter
from goldenthread.commands.options import load_project
from site_helpers import REPO_ROOT, Site, build_site, copy_example, example_site, parse_html
from wikis import TODAY, VALID_WIKI

REF_RE = re.compile(r"\[\[[A-Z][A-Z0-9]*-[A-Z0-9-]+(\|[^\]]*)?\]\]")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Site]:
    """The example wiki generated as Markdown and built with the plain config (strict, no warnings)."""
    root = tmp_path_factory.mktemp("generate")
    config = copy_example(root / "project")
    out = root / "markdown"
    plain = root / "plain" / "mkdocs.yml"
    mp = pytest.MonkeyPatch()
    mp.chdir(config.parent)
    try:
        assert main(["generate", str(out), "--mkdocs-yml", str(plain)]) == 0
    finally:
        mp.undo()
    site_dir = build_site(plain, root / "site")
    return out, plain, Site(root, plain, site_dir)


def test_the_plain_config_has_no_goldenthread(generated):
    _, plain, _ = generated
    text = plain.read_text(encoding="utf-8")
    assert "goldenthread:" not in text.replace("assets/goldenthread", "") and "hooks:" not in text
    config = yaml.load(text, Loader=yaml.BaseLoader)
    assert config["theme"]["name"] == "material"
    assert [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]] == ["search", "tags"]
    assert "pymdownx.superfences" in text and "md_in_html" in config["markdown_extensions"]


def test_markdown_is_self_contained(generated):
    out, _, _ = generated
    pages = sorted(out.rglob("*.md"))
    assert len(pages) > 50
    for page in pages:
        assert "<!--gt:block:" not in page.read_text(encoding="utf-8"), page
    authored = sorted((REPO_ROOT / "content").rglob("*.md"))
    assert authored
    for source in authored:
        text = (out / source.relative_to(REPO_ROOT / "content")).read_text(encoding="utf-8")
        # every [[ID]] in prose became a link (the guide shows the syntax in code, which stays)
        _, body = split_front_matter(text)  # front matter is data, not prose
        prose = re.sub(r"```.*?```|`[^`\n]*`|<script\b.*?</script>", "", body, flags=re.DOTALL)
        assert not REF_RE.search(prose), (source, REF_RE.search(prose))
    assert not list(out.rglob("*.yml")) and not list(out.rglob("*.csv")), "data files are not published"
    assert (out / "assets/goldenthread/goldenthread.css").is_file()
    assert (out / "assets/goldenthread/mermaid.min.js").stat().st_size > 100_000


def test_every_item_has_its_page_in_the_plain_build(generated):
    _, _, site = generated
    proj = load_project(REPO_ROOT / "mkdocs.yml")
    model = analyse(proj.docs_dir, proj.settings).model
    for item in model.items.values():
        if item.form == "markdown":
            url = model.src_path(item.file)[: -len(".md")] + "/"
            url = url[: -len("index/")] if url.endswith("/index/") else url
        else:
            url = f"items/{model.schema.types[item.type].plural.replace('_', '-')}/{item.id.lower()}/"
        article = site.article(url)
        assert item.id in article.text(), url
    # an authored Markdown item keeps its card, and its [[ID]] prose links resolve
    card = site.article("strategy/objectives/pipeline/").find("div", cls="gt-card")
    assert card is not None


def test_links_in_generated_html_resolve(generated):
    _, _, site = generated
    checked = 0
    for url in site.pages():
        for a in site.page(url).find_all("a", cls="gt-ref"):
            target, _ = site.resolve(url, a.get("href") or "")
            assert site.exists(target), f"{url}: {a.get('href')} -> {target}"
            checked += 1
    assert checked > 200


def test_same_pages_as_the_plugin_build(generated, tmp_path_factory):
    _, _, site = generated
    plugin_site = example_site(tmp_path_factory)
    assert set(site.pages()) == set(plugin_site.pages())
    traceability = parse_html(site.html("traceability/"))
    assert (
        traceability.find("table", id="gt-matrix-plan-objectives") is not None
        or traceability.find(cls="gt-matrix") is not None
    )


def test_refuses_a_non_empty_folder_without_force(tmp_path, monkeypatch, capsys):
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.md").write_text("# old\n", encoding="utf-8")
    assert main(["generate", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["generate", str(out), "--force"]) == 0
    assert not (out / "stale.md").exists() and (out / "index.md").is_file()


def test_refuses_to_write_into_the_content_folder(tmp_path, monkeypatch, capsys):
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "content/out", "--force"]) == 2
    assert "overlaps" in capsys.readouterr().err
    assert not (tmp_path / "content" / "out").exists()


def test_a_title_that_looks_like_a_placeholder_stays_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for rel, text in VALID_WIKI.items():
        path = tmp_path / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("title: Campaign one", "title: '<!--gt:block:0-->'"), encoding="utf-8")
    assert main(["generate", "out", "content", "--today", TODAY]) == 0
    front, _ = split_front_matter((tmp_path / "out/items/campaigns/cmp-one.md").read_text(encoding="utf-8"))
    assert yaml.safe_load(front.strip().strip("-"))["title"] == "<!--gt:block:0-->"
