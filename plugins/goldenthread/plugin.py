"""The MkDocs adapter: wires MkDocs events to the goldenthread core.

Everything that knows about content lives in the core; this module only translates: options
into :class:`~goldenthread.config.Settings`, diagnostics into log lines (and a failed build),
generated pages into virtual files whose "Edit this page" points at the YAML they come from.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .analysis import Analysis, analyse
from .core.bounds import DateWindow
from .core.coerce import TAG_RE
from .core.config import ConfigError, Settings, parse_settings
from .core.diagnostic_text import cap_per_rule, format_diagnostic
from .core.diagnostics import Diagnostic, Severity
from .core.load import ParseCache, escaping_symlinks
from .core.options import OPTIONS, Option
from .core.schema import Schema
from .review.export import site_files
from .views.assets import ASSET_DIR, ASSETS, MERMAID_URL, asset, mermaid_script
from .views.compact import LINK_INDEX, Compactor, LinkIndex
from .views.navtree import auto_nav
from .views.pages import Pages
from .views.preview import Preview, PreviewError, mark, resolve_preview
from .views.render import BLOCK_MARK
from .views.reserved import add_collisions, options_for
from .views.sanitize import DEFAULT_POLICY, Policy, PolicyError, describe, policy_from_options, removed
from .views.urls import relative_src
from .views.wiki import Wiki

log = get_plugin_logger(__name__)

#: Front-matter values the theme renders as HTML without escaping them.
PAGE_TEXT_META = ("title", "description", "subtitle")
#: ``id="..."`` after a non-word character (as ``\bid=``, but starting with a literal, so the regex
#: engine skips ahead: 15x faster on a 10 MB page).
ID_RE = re.compile(r'id="([^"]+)"')

#: What a page that draws a diagram holds (superfences' ``mermaid`` fence, as Material renders it).
MERMAID_MARK = 'class="mermaid"'
#: Tables goldenthread.js filters, sorts and pages; the style shows all their rows when scripts are off.
TABLE_MARK = "data-gt-sortable"
#: Pages whose long tables or lists carry row data (views/compact.py) load the shared link index.
ROWS_MARKS = ('class="gt-rows"', 'class="gt-links"')
LINKS_URL = f"{ASSET_DIR}/{LINK_INDEX}"
NOSCRIPT_ROWS = (
    "<noscript><style>.md-typeset table[data-gt-sortable] > tbody > tr "
    "{ display: table-row !important; }</style></noscript>"
)
DATA_SUFFIXES = (".yml", ".yaml", ".csv")
#: Markdown extensions the generated pages rely on, added when the site does not enable them.
REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {},
    "md_in_html": {},
    "admonition": {},
    "tables": {},
    "toc": {"permalink": True},
    "pymdownx.details": {},
}


def _mkdocs_option(option: Option) -> BaseConfigOption[Any]:
    """The MkDocs config option that reads ``option`` as the core expects it (type checks only:
    ranges and meanings are checked by parse_settings, for the CLI too)."""
    kind, default = option.kind, option.default
    if kind == "bool":
        return c.Type(bool, default=default)
    if kind == "mapping":
        return c.Type(dict, default=default)
    if kind == "strings":
        return c.ListOfItems(c.Type(str), default=default)
    if kind == "date":
        return c.Optional(c.Type((str, dt.date)))
    if kind == "years":
        return c.Type(list, default=default)
    if kind == "text":
        return c.Type(str, default=default)
    if kind == "choice":
        return c.Choice(option.choices, default=default)
    if kind == "number":
        return c.Type((int, float), default=default)
    if kind == "integer":
        return c.Type(int, default=default)
    if kind == "preview":
        return c.Optional(c.Type((bool, dict)))
    raise AssertionError(f"option {option.name}: no MkDocs config option for kind {kind!r}")


if TYPE_CHECKING:  # to mypy a plain Config (the plugin reads its options by key)
    GoldenthreadConfig = Config
else:  # the plugin's config class, generated from the option table (core/options.py)
    GoldenthreadConfig = type(
        "GoldenthreadConfig", (Config,), {option.name: _mkdocs_option(option) for option in OPTIONS}
    )


#: Plugins that cannot work with generated pages, by module, and why: refused at config time.
UNSUPPORTED_PLUGINS = {
    "mkdocs_static_i18n": (
        "mkdocs-static-i18n (the i18n plugin) rebuilds every page from a file in docs_dir, so it "
        "cannot carry goldenthread's generated pages (ultrabug/mkdocs-static-i18n#263). Build each "
        "language as a site of its own (one mkdocs.yml per language, sharing settings through "
        "INHERIT), or run 'goldenthread generate' and build its Markdown with the i18n plugin"
    ),
}


def _before_body(output: str, tag: str) -> str:
    """A page with ``tag`` added last in its body (where Material loads its own scripts)."""
    head, sep, tail = output.rpartition("</body>")
    return f"{head}{tag}\n{sep}{tail}" if sep else output


def _hidden(src_uri: str) -> bool:
    return any(part.startswith(".") for part in src_uri.split("/"))


def _has_plugin(config: MkDocsConfig, module: str) -> bool:
    return any(type(p).__module__.split(".")[0] == module for p in config.plugins.values())


def _refuse_unsupported_plugins(config: MkDocsConfig) -> None:
    for module, why in UNSUPPORTED_PLUGINS.items():
        if _has_plugin(config, module):
            raise PluginError(f"goldenthread: {why}")


#: The Mermaid that Material's bundle names (and would load without goldenthread's own copy).
MATERIAL_MERMAID_CDN = "unpkg.com/mermaid@*"


def _privacy_skips_cdn_mermaid(config: MkDocsConfig) -> None:
    """Tell Material's privacy plugin that the CDN Mermaid in Material's bundle is never loaded.

    goldenthread serves its pinned Mermaid before the bundle looks for one, so downloading the
    CDN copy would only ship a second Mermaid, and with ``assets_fetch: false`` the plugin
    warns about it (failing ``--strict``).
    """
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.privacy"):
            excluded = plugin.config.assets_exclude
            if MATERIAL_MERMAID_CDN not in excluded:
                excluded.append(MATERIAL_MERMAID_CDN)


def _front_matter_line(content: str, line: str) -> str:
    """``content`` with ``line`` added to its front matter (generated pages always open with one)."""
    if content.startswith("---\n"):
        return f"---\n{line}\n{content[4:]}"
    return f"---\n{line}\n---\n{content}"


def _back_with_source(file: File, source: Path) -> None:
    """Present a page generated from one data file as that file's page.

    Plugins that look at a page's source file (git-revision-date-localized and other git-date
    plugins skip generated files and stamp them with the build time) then read the YAML the page
    shows. The content stays the generated Markdown: MkDocs reads a file's ``abs_src_path`` only
    when it holds no content.
    """
    if not source.is_file():
        return
    file.abs_src_path = str(source)
    file.generated_by = None


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


#: the log level of each severity (OFF never reaches the log)
LOG_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING, Severity.INFO: logging.INFO}


class GoldenthreadPlugin(BasePlugin[GoldenthreadConfig]):
    """Turns content/ into the team wiki and fails the build when the golden thread breaks."""

    def __init__(self) -> None:
        super().__init__()
        self.is_serve = False
        #: ``--dirty``: MkDocs renders only the pages whose file changed (see _mark_stale)
        self.dirty = False
        #: the last build's pages carry the error banner
        self.bannered = False
        self.cache = ParseCache()
        #: the schema the cached parses were made with (custom types and fields come from mkdocs.yml)
        self.cache_schema: tuple[Schema, DateWindow] | None = None
        self.settings: Settings | None = None
        self.analysis: Analysis | None = None
        self.pages: Pages | None = None
        self.compactor: Compactor | None = None
        self.generated: set[str] = set()
        self.html_policy: Policy = DEFAULT_POLICY
        self.preview: Preview | None = None
        #: mkdocs.yml has no nav: the plugin writes one with the generated pages in groups
        self.auto_nav = False

    # -- lifecycle ---------------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across serve rebuilds, and with it the parse cache.
        self.is_serve = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.preview = None
        self.auto_nav = config.nav is None
        if not self.config["enabled"]:
            return config
        _refuse_unsupported_plugins(config)  # before the GC pause: nothing to resume after
        options = {k: v for k, v in self.config.items() if k != "enabled"}
        try:
            root = Path(config.config_file_path).parent if config.config_file_path else None
            self.settings = parse_settings(options, root=root)
            self.html_policy = policy_from_options(self.config["allow_html"])
            self.preview, warnings = resolve_preview(self.config["preview"], os.environ)
        except (ConfigError, PolicyError, PreviewError) as exc:
            raise PluginError(f"goldenthread: {exc}") from None
        for warning in warnings:
            log.warning(warning)
        if self.preview is not None:
            config.site_name = self.preview.site_name(config.site_name)
            log.info(f"preview build for pull request #{self.preview.number}: banner and noindex on every page")
        # A build allocates millions of short-lived acyclic objects (nodes, Markup strings);
        # cyclic GC passes over them cost more than the work itself on large wikis. Paused
        # for the build, resumed (with one collection) when it ends, also in serve.
        # (after the options: a configuration error ends the build before anything resumes the GC)
        self._gc_was_enabled = gc.isenabled()
        gc.disable()
        if (self.settings.schema, self.settings.date_window) != self.cache_schema:
            # A parsed file depends on its bytes, the schema and the date window: when serve
            # reloads an mkdocs.yml with other types, fields or years, no cached parse is valid.
            self.cache.entries.clear()
            self.cache_schema = (self.settings.schema, self.settings.date_window)
        for name, ext_config in REQUIRED_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, ext_config)
        self._enable_mermaid(config)
        for name in ASSETS:
            url = f"{ASSET_DIR}/{name}"
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if url not in [str(x) for x in target]:
                target.append(url)
        if self.config["mermaid"] == "bundled":
            _privacy_skips_cdn_mermaid(config)
        return config

    @staticmethod
    def _enable_mermaid(config: MkDocsConfig) -> None:
        """Material renders ``mermaid`` fences when superfences declares them; declare it if absent."""
        import pymdownx.superfences

        if "pymdownx.superfences" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.superfences")
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
        if not any(f.get("name") == "mermaid" for f in fences):
            fences.append({"name": "mermaid", "class": "mermaid", "format": pymdownx.superfences.fence_code_format})

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # The lock and people files live next to mkdocs.yml, outside docs_dir: watch them too, so
        # a `goldenthread review` or a new person shows up in the preview without a restart.
        if self.settings is not None:
            for path in (self.settings.lock_path, self.settings.people_path):
                if path is not None and path.is_file():
                    server.watch(str(path))
        return server

    # -- content -------------------------------------------------------------------------------
    #: Before every plugin at the default priority, wherever goldenthread is listed: plugins that
    #: take stock of the files in on_files (mkdocs-redirects validates its targets against them,
    #: mkdocs-static-i18n sorts them per language) see the generated pages as if they were written.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config["enabled"] or self.settings is None:
            return files
        docs_dir = Path(config.docs_dir)
        root = Path(config.config_file_path).parent if config.config_file_path else docs_dir.parent
        self.analysis = analyse(docs_dir, self.settings, label_root=root, cache=self.cache)
        options = options_for(self.analysis, config.use_directory_urls)
        add_collisions(self.analysis, options)  # authored pages that would hide generated ones: GT152
        self._report(self.analysis.diagnostics)

        # MkDocs follows symbolic links; never publish what one under content/ leads to outside it.
        for rel, _, _ in escaping_symlinks(docs_dir, self.settings):
            for f in list(files):
                if f.generated_by is None and (f.src_uri == rel or f.src_uri.startswith(rel + "/")):
                    files.remove(f)

        if not self.settings.publish_data:
            for f in list(files):
                # Dot-files stay: MkDocs never publishes them, and plugins read some (Material's
                # meta plugin reads .meta.yml in its on_files, which runs after this one).
                if f.src_uri.endswith(DATA_SUFFIXES) and f.generated_by is None and not _hidden(f.src_uri):
                    files.remove(f)

        wiki = Wiki.build(self.analysis, options)
        self.pages = Pages(wiki)
        self.compactor = Compactor(LinkIndex.build(wiki))
        self.generated = set()
        macros = _has_plugin(config, "mkdocs_macros")
        titles: dict[str, str] = {}
        for page in self.pages.all():
            if files.get_file_from_path(page.src) is not None:
                log.warning(
                    f"{page.src} exists in docs_dir, so goldenthread does not generate it; "
                    f"rename the file or set generated_dir/views_dir"
                )
                continue
            content = page.content
            if macros:
                # mkdocs-macros would run content values from pull requests as Jinja (and flatten the
                # strategy map's {{"…"}} Mermaid nodes): generated pages opt out of it.
                content = _front_matter_line(content, "render_macros: false")
            file = File.generated(config, page.src, content=content)
            if not self.auto_nav:
                # A team's nav lists what it wants; the hundreds of item pages it leaves out are
                # reached through the indexes, and MkDocs need not list them at every build.
                file.inclusion = InclusionLevel.NOT_IN_NAV
            if page.edit_src is not None:
                _back_with_source(file, docs_dir / page.edit_src)
            # Generated files get no edit link by default; point it at the YAML that holds the items.
            file.edit_uri = page.edit_src
            files.append(file)
            self.generated.add(page.src)
            titles[page.src] = page.title
        self._mark_stale(files)
        if self.auto_nav:
            # no nav in mkdocs.yml: the team's pages as MkDocs would list them, then ours in groups
            own = [f.src_uri for f in files.documentation_pages() if f.src_uri not in self.generated]
            config.nav = auto_nav(own, titles, options)
        for name in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=asset(name)))
        assert self.compactor is not None
        files.append(File.generated(config, LINKS_URL, content=self.compactor.index.script()))
        if self.config["mermaid"] == "bundled":
            files.append(File.generated(config, MERMAID_URL, content=mermaid_script()))
        # goldenthread.json (the model) and goldenthread.schema.json (for YAML editors), at the site root
        for path, data in site_files(self.analysis).items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=data))
        return files

    def _mark_stale(self, files: Files) -> None:
        """Make a dirty build render the authored pages that show the analysis.

        ``--dirty`` renders only pages whose file is newer than its output, but an item's card,
        ``[[ID]]`` links and the error banner change with any content file. MkDocs counts a file
        that holds its content as modified, so those pages get theirs (their source path kept).
        """
        assert self.analysis is not None
        banner = self.is_serve and bool(self.analysis.errors)
        every_page, self.bannered = banner or self.bannered, banner  # the banner comes or goes
        if not self.dirty:
            return
        model = self.analysis.model
        shown = {model.src_path(p.path) for p in model.pages.values() if p.item_id or p.references}
        for f in files.documentation_pages():
            if f.src_uri in self.generated or f.abs_src_path is None or not (every_page or f.src_uri in shown):
                continue
            source = f.abs_src_path
            try:
                f.content_string = f.content_string
            except (OSError, UnicodeError):
                continue  # MkDocs reports it when it reads the page
            f.abs_src_path = source

    def _report(self, diagnostics: list[Diagnostic]) -> None:
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        # as `goldenthread check` prints them, capped per rule
        shown, hidden = cap_per_rule(diagnostics)
        for d in shown:
            log.log(LOG_LEVELS.get(d.severity, logging.INFO), format_diagnostic(d))
        for h in hidden:
            log.log(LOG_LEVELS.get(h.severity, logging.INFO), h.text())
        if errors and not self.is_serve:
            raise PluginError(
                f"goldenthread: {len(errors)} error{'s' if len(errors) != 1 else ''} in content "
                f"(listed above); the site was not built"
            )

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config["enabled"] or self.pages is None or self.analysis is None:
            return markdown
        src = page.file.src_uri
        if src not in self.generated:
            markdown = self.pages.augment(src, markdown)
        for key in PAGE_TEXT_META:
            # The theme prints these unescaped (nav, <h1>, meta tags); content comes from pull requests.
            value = page.meta.get(key)
            if isinstance(value, str):
                page.meta[key] = str(escape(value))
        tags = page.meta.get("tags")
        if isinstance(tags, list):
            # Only tags the core accepts reach the tags plugin (it prints them unescaped).
            page.meta["tags"] = [t for t in tags if isinstance(t, str) and TAG_RE.match(t)]
        if page.meta.get("id") and page.meta.get("type"):
            # An item's status is its own vocabulary, not Material's page status (icons in the nav).
            page.meta.pop("status", None)
        if self.is_serve and self.analysis.errors:
            markdown = self._banner(src) + markdown
        return markdown

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self.pages is not None:
                self._add_search_entries(Path(config.site_dir) / "search" / "search_index.json")
        finally:
            self._resume_gc()

    def _add_search_entries(self, index: Path) -> None:
        """Items on shared pages get one search entry each, at their anchor."""
        assert self.pages is not None
        entries = self.pages.search_entries()
        if not entries or not index.is_file():
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("docs"), list):
            data["docs"].extend(entries)
            index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.preview is not None:
            # available to theme overrides that want to show it their own way
            context["goldenthread_preview"] = self.preview
        return context

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        # static pages such as 404.html are rendered outside on_post_page
        if self.preview is None or not template_name.endswith(".html"):
            return output_content
        return mark(output_content, self.preview)

    def on_build_error(self, *, error: Exception) -> None:
        self._resume_gc()

    def _resume_gc(self) -> None:
        if getattr(self, "_gc_was_enabled", False):
            gc.enable()
            if self.is_serve:
                # a long-lived process: give everything frozen back to the collector between builds
                gc.unfreeze()
                gc.collect()

    #: First, wherever goldenthread is listed: the sanitiser is for what Markdown from content
    #: rendered, not for what other plugins add afterwards (mkdocs-glightbox re-serialises each
    #: page as a whole document, <html><body>, which would read as removed HTML on every page).
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config["enabled"]:
            return html
        # What Markdown from content rendered may hold raw HTML or javascript: links: nothing that
        # can run script survives (views/sanitize.py). goldenthread's own blocks go back in after.
        clean = self.html_policy.clean(html) if "<" in html or "&" in html else html
        gone = removed(html, clean)
        if gone:
            log.warning(
                f"{page.file.src_uri}: removed HTML that is not allowed: {describe(gone)} "
                "(raw HTML that could run script; a site allows more with the allow_html option)"
            )
        html = clean
        # Put back the HTML that was kept out of Markdown (tables, cards) for speed, and tell
        # MkDocs' anchor validation about the ids it carries.
        if self.pages is None or BLOCK_MARK not in html:
            return html
        html = self.pages.blocks.restore(html)
        if self.compactor is not None:
            html = self.compactor.page(html, page.file.src_uri)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(
                m.group(1) for m in ID_RE.finditer(html) if m.start() == 0 or not _word_char(html[m.start() - 1])
            )
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config["enabled"]:
            return output
        if TABLE_MARK in output:
            # goldenthread.css shows a long table's first rows until goldenthread.js pages it;
            # without JavaScript every row is shown.
            output = output.replace("</head>", f"{NOSCRIPT_ROWS}</head>", 1)
        if any(m in output for m in ROWS_MARKS):
            # the titles and URLs the row data's links are made from: one file, cached across pages
            output = _before_body(
                output, f'<script id="gt-links" src="{escape(get_relative_url(LINKS_URL, page.url))}"></script>'
            )
        if self.config["mermaid"] == "bundled" and MERMAID_MARK in output:
            # Mermaid (2.6 MB) only on pages that draw a diagram: most pages have none. It runs before
            # DOMContentLoaded, when Material's bundle looks for a global ``mermaid``, so no CDN request is made.
            output = _before_body(output, f'<script src="{escape(get_relative_url(MERMAID_URL, page.url))}"></script>')
        return output if self.preview is None else mark(output, self.preview)

    def _banner(self, src: str) -> str:
        assert self.analysis is not None and self.pages is not None
        errors = self.analysis.errors
        # Markdown: a link to the health page's source file, which MkDocs resolves from any page
        health = relative_src(src, self.pages.options.view_src("health.md"))
        lines = [
            f'!!! failure "Content has {len(errors)} error{"s" if len(errors) != 1 else ""}: '
            f'this preview would not build"',
            "",
            f"    Fix these and save; the page reloads. [All problems]({health})",
            "",
        ]
        from .views.escape import md_text

        for d in errors[:10]:
            lines.append(f"    - `{d.file}:{d.line}` {md_text(d.message)}")
        if len(errors) > 10:
            lines.append(f"    - … and {len(errors) - 10} more")
        return "\n".join(lines) + "\n\n"
