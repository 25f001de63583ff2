"""``goldenthread generate OUT``: the whole wiki as plain Markdown, for another site generator.

Writes into OUT every page the MkDocs plugin would generate (item pages, indexes,
traceability, strategy map, FAQ, health, reference…) with its HTML inline, every Markdown page
of the content folder with ``[[ID]]`` references made into links and its item card added, the
content's other files (images…) as they are, and goldenthread's CSS and JavaScript under
``assets/goldenthread/``. Data files (``.yml``, ``.yaml``, ``.csv``) are left out unless
``publish_data`` is on. With ``--mkdocs-yml FILE`` it also writes a plain configuration that
builds OUT without the goldenthread plugin (MkDocs, ProperDocs or Zensical).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from ..analysis import Analysis, analyse
from ..core.config import load_mkdocs_yml
from ..views.assets import ASSET_DIR, ASSETS, MERMAID_URL, asset, mermaid_script
from ..views.pages import Pages
from ..views.wiki import Options, Wiki
from .errors import CommandError
from .options import Project, add_content_path, run_with_project

DATA_SUFFIXES = (".yml", ".yaml", ".csv")
#: MkDocs' own front matter pattern (mkdocs.utils.meta)
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)

#: Markdown extensions the pages need; the mermaid fence is added as text (it names a Python function)
EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.details",
]
SUPERFENCES = """\
- pymdownx.superfences:
    custom_fences:
    - name: mermaid
      class: mermaid
      format: !!python/name:pymdownx.superfences.fence_code_format
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "generate",
        help="write every page as plain Markdown for another site generator",
        description=__doc__.split("\n")[0] if __doc__ else None,
    )
    p.add_argument("out", type=Path, help="folder to write the Markdown site into (emptied first)")
    add_content_path(p)
    p.add_argument(
        "--mkdocs-yml",
        type=Path,
        metavar="FILE",
        help="also write a plain mkdocs.yml (no goldenthread plugin) that builds OUT",
    )
    p.add_argument(
        "--no-directory-urls",
        action="store_true",
        help="link pages as page.html (use_directory_urls: false; always for Zensical)",
    )
    p.add_argument("--force", action="store_true", help="replace OUT even if it is not empty")
    run_with_project(p, cmd_generate)


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter block including its fences, body), as MkDocs splits a page."""
    m = FRONT_MATTER_RE.match(text)
    return (m.group(0), text[m.end() :]) if m else ("", text)


def _is_hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def generate(analysis: Analysis, docs_dir: Path, out: Path, *, use_directory_urls: bool = True) -> list[str]:
    """Write the Markdown site into ``out``; returns the docs-relative paths written, sorted."""
    settings = analysis.settings
    wiki = Wiki.build(
        analysis,
        Options(
            use_directory_urls=use_directory_urls,
            item_pages=settings.item_pages,
            generated_dir=settings.generated_dir,
            views_dir=settings.views_dir,
        ),
    )
    pages = Pages(wiki)
    written: dict[str, bytes] = {}

    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        if not path.is_file() or _is_hidden(rel):
            continue
        src = rel.as_posix()
        if path.suffix.lower() == ".md":
            front, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
            text = front + pages.blocks.restore(pages.augment(src, body))
            written[src] = text.encode("utf-8")
        elif path.suffix.lower() not in DATA_SUFFIXES or settings.publish_data:
            written[src] = path.read_bytes()

    for page in pages.all():
        if page.src in written:  # an authored page of that name wins, as in the plugin
            print(f"goldenthread: {page.src} exists in the content folder, so it is not generated", file=sys.stderr)
            continue
        front, body = split_front_matter(page.content)  # front matter holds content text: left as is
        written[page.src] = (front + pages.blocks.restore(body)).encode("utf-8")

    for name in ASSETS:
        written[f"{ASSET_DIR}/{name}"] = asset(name)
    written[MERMAID_URL] = mermaid_script()

    for src, data in written.items():
        target = out / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return sorted(written)


def plain_config(project_file: Path | None, config_path: Path, out: Path, *, use_directory_urls: bool = True) -> str:
    """A ``mkdocs.yml`` without goldenthread that builds ``out``: the project's site settings and nav."""
    data: dict[str, Any] = {}
    if project_file is not None and project_file.is_file():
        data = load_mkdocs_yml(project_file)  # as MkDocs reads it: INHERIT merged, !ENV resolved
    config: dict[str, Any] = {}
    for key in ("site_name", "site_description", "site_url", "site_author", "copyright", "repo_url", "repo_name"):
        if data.get(key):
            config[key] = data[key]
    config.setdefault("site_name", "Wiki")
    config["docs_dir"] = os.path.relpath(out.resolve(), config_path.resolve().parent).replace(os.sep, "/")
    config["use_directory_urls"] = use_directory_urls
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {"name": "material"}
    config["theme"] = theme
    plugins = [
        p
        for p in data.get("plugins") or ["search"]
        if (p if isinstance(p, str) else next(iter(p), "")) in ("search", "tags")
    ]
    config["plugins"] = plugins or ["search"]
    config["extra_css"] = [f"{ASSET_DIR}/goldenthread.css"]
    # Mermaid first, so the theme finds it already loaded and requests nothing from a CDN
    config["extra_javascript"] = [MERMAID_URL, f"{ASSET_DIR}/goldenthread.js"]
    if isinstance(data.get("validation"), dict):
        config["validation"] = data["validation"]
    if isinstance(data.get("nav"), list):
        config["nav"] = data["nav"]
    head = (
        "# Generated by `goldenthread generate`: builds the Markdown in docs_dir without the goldenthread\n"
        "# plugin (MkDocs, ProperDocs or Zensical). Regenerate it rather than editing it.\n"
    )
    body = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=10_000)
    extensions = yaml.safe_dump({"markdown_extensions": EXTENSIONS}, sort_keys=False)
    return head + body + extensions + SUPERFENCES


def cmd_generate(proj: Project, args: argparse.Namespace) -> int:
    path = proj.content_folder(args)
    out: Path = args.out
    resolved, content = out.resolve(), path.resolve()
    if content.is_relative_to(resolved) or resolved.is_relative_to(content):
        raise CommandError(f"{out} overlaps the content folder {path}", 2)
    if out.exists():
        if not out.is_dir():
            raise CommandError(f"{out} is not a folder", 2)
        if any(out.iterdir()):
            if not args.force:
                raise CommandError(f"{out} is not empty (use --force to replace it)", 2)
            shutil.rmtree(out)
    analysis = analyse(path, proj.settings, label_root=proj.root)
    use_dirs = not args.no_directory_urls
    written = generate(analysis, path, out, use_directory_urls=use_dirs)
    if args.mkdocs_yml:
        args.mkdocs_yml.parent.mkdir(parents=True, exist_ok=True)
        args.mkdocs_yml.write_text(
            plain_config(proj.config_file, args.mkdocs_yml, out, use_directory_urls=use_dirs), encoding="utf-8"
        )
    errors, warnings = analysis.counts()
    print(
        f"goldenthread: wrote {len(written)} files to {out} ({errors} errors, {warnings} warnings in content)",
        file=sys.stderr,
    )
    return 1 if errors else 0
