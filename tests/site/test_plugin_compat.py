"""The example wiki next to the plugins a team adds, each proven by a real ``--strict`` build.

* Material's blog, meta, tags, search and privacy (no downloads), with mkdocs-redirects listed
  *before* goldenthread, mkdocs-minify and mkdocs-glightbox, in one build;
* mkdocs-macros: goldenthread's pages and the content values in them are never run as Jinja;
* git-revision-date-localized: an item page carries its YAML file's git date, not the build date;
* mkdocs-static-i18n: refused at config time with a message naming the limitation, in any order;
* mike: two versions deployed into a local bare repository.

Material's offline plugin is covered by the link crawl (tests/site/test_link_crawl.py), ProperDocs
by tests/site/test_properdocs.py.
"""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from git_helpers import git as _git
from site_helpers import Site, build_failing, build_site, capture_mkdocs_warnings, copy_example, mkdocs_env

#: A campaign whose values look like Jinja: mkdocs-macros must not evaluate any of them.
JINJA_TITLE = "Close {{ 7 * 7 }} deals {% if true %}now{% endif %}"
JINJA_DESCRIPTION = "Budget {{ config.site_name }} and a stray {{ brace."
#: A 1x1 PNG, for glightbox to wrap.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _example(root: Path, plugins: str = "", *, nav: str = "", files: Mapping[str, str | bytes] | None = None) -> Path:
    """The example wiki with ``plugins`` (YAML list entries) listed before goldenthread."""
    config_file = copy_example(root)
    text = config_file.read_text(encoding="utf-8")
    assert "  - search\n" in text and "  - FAQ: faq.md\n" in text
    text = text.replace("  - search\n", "  - search\n" + plugins, 1)
    if nav:
        text = text.replace("  - FAQ: faq.md\n", "  - FAQ: faq.md\n" + nav, 1)
    config_file.write_text(text, encoding="utf-8")
    for rel, content in (files or {}).items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return config_file


def _text(site_dir: Path, url: str) -> str:
    path = site_dir / url
    return (path / "index.html" if url.endswith("/") or not url else path).read_text(encoding="utf-8")


# -- Material's plugins, redirects first, minify, glightbox ----------------------------------------
TEAM_PLUGINS = """\
  - redirects:
      redirect_maps:
        old-overview.md: overview.md
        old-campaign.md: items/campaigns/cmp-linkedin-cfo.md
        old-health.md: health.md#errors
  - blog
  - meta
  - privacy:
      assets_fetch: false
  - minify:
      minify_html: true
      minify_js: true
      minify_css: true
  - glightbox
"""
POST = "---\ndate: 2026-11-01\n---\n# Launch notes\n\nWe back [[OBJ-PIPELINE]] with [[CMP-LINKEDIN-CFO]].\n"


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("team-plugins")
    config_file = _example(
        root,
        TEAM_PLUGINS,
        nav="  - Blog:\n      - blog/index.md\n",
        files={
            "blog/index.md": "# Blog\n",
            "blog/posts/launch.md": POST,
            # Material's meta plugin: defaults for every page under plans/
            "plans/.meta.yml": "search:\n  boost: 3\n",
            "plans/chart.png": PNG,
            "plans/photo.md": "# Photo\n\n![Campaign chart](chart.png)\n",
        },
    )
    text = config_file.read_text(encoding="utf-8").replace("      - Plans: items/plans/index.md\n", "", 1)
    config_file.write_text(text + "not_in_nav: |\n  /plans/photo.md\n", encoding="utf-8")
    return Site(root, config_file, build_site(config_file, root / "site"))


def test_redirects_listed_before_goldenthread_reach_generated_pages(team: Site) -> None:
    overview = _text(team.site_dir, "old-overview/")
    assert 'content="0; url=../overview/"' in overview
    assert "../items/campaigns/cmp-linkedin-cfo/" in _text(team.site_dir, "old-campaign/")
    assert "../health/#errors" in _text(team.site_dir, "old-health/")


def test_blog_posts_resolve_item_references(team: Site) -> None:
    posts = list((team.site_dir / "blog").rglob("launch-notes/index.html"))
    assert len(posts) == 1
    html = posts[0].read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./)+strategy/objectives/pipeline/"[^>]*title="?OBJ-PIPELINE', html)
    assert re.search(r'href="(\.\./)+items/campaigns/cmp-linkedin-cfo/"', html)
    assert "[[" not in html


def test_meta_files_apply_and_are_not_published(team: Site) -> None:
    index = json.loads((team.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    boosted = {d["location"] for d in index["docs"] if d.get("boost") == 3}
    assert "plans/" in boosted
    assert not (team.site_dir / "plans/.meta.yml").exists()


def test_privacy_without_downloads_and_one_mermaid(team: Site) -> None:
    """No warning about Material's CDN Mermaid (goldenthread ships its own, loaded first)."""
    graph = _text(team.site_dir, "graph/")
    assert "assets/goldenthread/mermaid.min.js" in graph
    assert not (team.site_dir / "assets/external").exists()


def test_minify_and_glightbox_keep_goldenthread_pages_working(team: Site) -> None:
    campaign = _text(team.site_dir, "items/campaigns/cmp-linkedin-cfo/")
    assert "\n    <" not in campaign, "minify did not run"
    assert 'class="gt-ref"' in campaign or "class=gt-ref" in campaign
    photo = _text(team.site_dir, "plans/photo/")
    assert "glightbox" in photo and re.search(r'<a[^>]+class="?glightbox', photo)
    assert "gt-" in _text(team.site_dir, "traceability/")


def test_tags_and_search_index_generated_pages(team: Site) -> None:
    index = json.loads((team.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"] for d in index["docs"]}
    assert "items/campaigns/cmp-linkedin-cfo/" in locations
    assert (team.site_dir / "tags/index.html").is_file()


# -- mkdocs-macros ---------------------------------------------------------------------------------
def _jinja_campaign(root: Path) -> None:
    """CMP-LINKEDIN-CFO's title and description carry Jinja, as a pull request could."""
    path = root / "content/plans/2027/campaigns.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: CMP-LINKEDIN-CFO\n")
    head, item = text[:start], text[start:]
    item, titled = re.subn(r"(\n    title: )[^\n]+", lambda m: f'{m.group(1)}"{JINJA_TITLE}"', item, count=1)
    item, described = re.subn(r"(\n    description: \|\n)", rf"\g<1>      {JINJA_DESCRIPTION}\n\n", item, count=1)
    assert titled == described == 1, "the example's CMP-LINKEDIN-CFO no longer has a title and a description"
    path.write_text(head + item, encoding="utf-8")


@pytest.fixture(scope="module")
def macros(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Site]:
    """The same content built with and without mkdocs-macros."""
    out = []
    for name, plugins in (("plain", ""), ("macros", "  - macros\n")):
        root = tmp_path_factory.mktemp(f"macros-{name}")
        config_file = _example(
            root,
            plugins,
            files={"macros-page.md": "# Authored\n\nSeven squared is {{ 7 * 7 }}; see [[CMP-LINKEDIN-CFO]].\n"},
        )
        text = config_file.read_text(encoding="utf-8")
        config_file.write_text(text + "not_in_nav: |\n  /macros-page.md\n", encoding="utf-8")
        _jinja_campaign(root)
        out.append(Site(root, config_file, build_site(config_file, root / "site")))
    return out[0], out[1]


def _article_text(site: Site, url: str) -> str:
    return site.article(url).text()


def test_macros_never_evaluate_content_values(macros: tuple[Site, Site]) -> None:
    plain, with_macros = macros
    for url in ("items/campaigns/cmp-linkedin-cfo/", "items/campaigns/", "traceability/", "dashboard/", "budget/"):
        text = _article_text(with_macros, url)
        assert text == _article_text(plain, url), url
    campaign = _article_text(with_macros, "items/campaigns/cmp-linkedin-cfo/")
    assert "{{ 7 * 7 }}" in campaign and "{% if true %}" in campaign and "{{ brace." in campaign
    assert "Close 49 deals" not in campaign


def test_macros_still_run_in_authored_pages_but_not_in_inserted_titles(macros: tuple[Site, Site]) -> None:
    _, with_macros = macros
    text = _article_text(with_macros, "macros-page/")
    assert "Seven squared is 49" in text  # the team's own macros work
    assert "Close {{ 7 * 7 }} deals" in text  # the linked campaign's title is shown as written


def test_macros_leave_the_strategy_map_intact(macros: tuple[Site, Site]) -> None:
    diagrams = [s.article("graph/").find_all(cls="mermaid") for s in macros]
    assert diagrams[0] and [d.text(squash=False) for d in diagrams[1]] == [d.text(squash=False) for d in diagrams[0]]
    assert '{{"' in diagrams[1][0].text(squash=False), "the map's hexagon nodes lost their {{…}}"


# -- git-revision-date-localized --------------------------------------------------------------------
REVISION_RE = re.compile(
    r'class="git-revision-date-localized-plugin git-revision-date-localized-plugin-iso_date"[^>]*>([^<]+)<'
)


def test_git_revision_dates_of_item_pages_are_their_yaml_files(tmp_path: Path) -> None:
    config_file = _example(tmp_path, "  - git-revision-date-localized:\n      type: iso_date\n")
    _git(tmp_path, "init", "-q", date="2025-01-01")
    _git(tmp_path, "add", ".", date="2025-01-01")
    _git(tmp_path, "commit", "-qm", "wiki", date="2025-03-04")
    campaigns = tmp_path / "content/plans/2027/campaigns.yml"
    campaigns.write_text(campaigns.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "touch campaigns", date="2025-09-10")
    site_dir = build_site(config_file, tmp_path / "site")

    def date(url: str) -> str:
        found = REVISION_RE.findall(_text(site_dir, url))
        assert found, f"no revision date on {url}"
        return found[0]

    assert date("items/campaigns/cmp-linkedin-cfo/") == "2025-09-10"  # campaigns.yml's last commit
    assert date("items/kpis/kpi-cac/") == "2025-03-04"  # strategy YAML, untouched since
    assert date("strategy/objectives/pipeline/") == "2025-03-04"  # an authored page, as before
    # the edit link still opens the YAML
    assert "edit/main/content/plans/2027/campaigns.yml" in _text(site_dir, "items/campaigns/cmp-linkedin-cfo/")


# -- mkdocs-static-i18n ------------------------------------------------------------------------------
I18N = """\
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
          build: true
"""


@pytest.mark.parametrize("where", ["before", "after"])
def test_static_i18n_is_refused_at_config_time(tmp_path: Path, where: str) -> None:
    config_file = _example(tmp_path, I18N if where == "before" else "")
    if where == "after":  # the last plugin: after goldenthread and its options
        head, sep, tail = config_file.read_text(encoding="utf-8").partition("\nmarkdown_extensions:")
        config_file.write_text(head.rstrip("\n") + "\n" + I18N + sep + tail, encoding="utf-8")
        text = config_file.read_text(encoding="utf-8")
        assert text.index("- i18n") > text.index("- goldenthread:")
    with capture_mkdocs_warnings() as records:
        errors = build_failing(config_file, tmp_path / "site")
    messages = errors + [r.getMessage() for r in records]
    assert any("mkdocs-static-i18n" in m and "generated pages" in m for m in messages), messages
    assert not any("TypeError" in m for m in messages)
    assert gc.isenabled(), "a refused build must not leave the garbage collector paused"


# -- mike ----------------------------------------------------------------------------------------------
def _mike() -> str:
    script = Path(sys.executable).with_name("mike")
    assert script.exists(), "mike is a test dependency (pip install -e '.[test]')"
    return str(script)


def test_mike_deploys_two_versions_into_a_bare_repository(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    wiki = tmp_path / "wiki"
    _example(wiki)
    _git(wiki, "init", "-q", "-b", "main", date="2026-01-01")
    _git(wiki, "add", ".", date="2026-01-01")
    _git(wiki, "commit", "-qm", "wiki", date="2026-01-01")
    _git(wiki, "remote", "add", "origin", str(origin), date="2026-01-01")
    env = mkdocs_env()
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t")
    env["GIT_COMMITTER_EMAIL"] = "t@example.com"
    for args in (["deploy", "--push", "1.0"], ["deploy", "--push", "--update-aliases", "2.0", "latest"]):
        done = subprocess.run([_mike(), *args], cwd=wiki, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "WARNING" not in done.stderr and "ERROR" not in done.stderr, done.stderr

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(origin), "show", f"gh-pages:{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    versions = json.loads(show("versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2.0", ["latest"]), ("1.0", [])]
    for version in ("1.0", "2.0"):
        assert 'class="gt-ref"' in show(f"{version}/items/campaigns/cmp-linkedin-cfo/index.html")
        assert show(f"{version}/traceability/index.html")
