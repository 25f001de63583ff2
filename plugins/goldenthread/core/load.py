"""Loading ``content/`` into a :class:`~goldenthread.model.Model`.

Each file is parsed on its own into a :class:`FileResult` (items, page, diagnostics), which
depends only on the file's bytes, so results can be cached by path, mtime and size between
``mkdocs serve`` rebuilds. Assembling the model (duplicate IDs…) happens after.
"""

from __future__ import annotations

import bisect
import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .bounds import DEFAULT_WINDOW, DateWindow
from .coerce import Coercer, id_problem
from .config import Settings
from .diagnostics import Diagnostic, Reporter
from .links import find_links
from .links import problem as link_problem
from .model import Item, Model, Page, Pos, Reference
from .refs import find_references
from .schema import PAGE_REVIEW_KEYS, Schema, TypeSpec
from .similar import did_you_mean
from .source import (
    Mapping,
    Node,
    Scalar,
    Sequence,
    decode,
    describe,
    is_null,
    is_rejected,
    parse_yaml,
    split_front_matter,
)

YAML_SUFFIXES = (".yml", ".yaml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: Front-matter keys that belong to MkDocs or Material, not to the item.
PAGE_META_KEYS = frozenset(
    {"hide", "template", "icon", "search", "subtitle", "social", "comments", "render_macros", "nav_title", "robots"}
)


@dataclass(slots=True)
class FileResult:
    items: list[Item] = field(default_factory=list)
    page: Page | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Markdown link targets in prose that may leave content/ (judged by :func:`load`, see links.py)
    links: list[tuple[str, Pos]] = field(default_factory=list)


@dataclass
class ParseCache:
    """Parsed files keyed by (path, mtime, size): a one-item edit re-parses one file."""

    entries: dict[str, tuple[tuple[int, int], FileResult]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0


def discover(
    docs_dir: Path, settings: Settings, suffixes: tuple[str, ...] = YAML_SUFFIXES + MARKDOWN_SUFFIXES
) -> list[Path]:
    """Content files under ``docs_dir`` in a stable order, skipping hidden, ``_``-prefixed and excluded.

    ``suffixes`` selects the files: items by default, ``(".csv",)`` for actuals (see actuals.py).
    """
    found: list[Path] = []
    root = docs_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            if name.startswith((".", "_")) or not name.endswith(suffixes):
                continue
            path = Path(dirpath, name)
            rel = path.relative_to(docs_dir).as_posix()
            if any(fnmatch.fnmatch(rel, pat) for pat in settings.exclude):
                continue
            if path.is_symlink() and _leaves(path, root) is not False:
                continue  # reported as GT140 by load(); never followed out of content/
            found.append(path)
    return found


def _leaves(path: Path, root: Path) -> bool | None:
    """Whether a symbolic link leads outside ``root``; None when it cannot be resolved (a loop)."""
    try:
        return not path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: "Symlink loop" (Python 3.11, 3.12)
        return None


def _loops_back(path: Path) -> bool:
    """Whether a symbolic link to a folder leads to the folder holding it or one above: walking
    it (as MkDocs does) would descend forever, ``content/a/up/a/up/…``."""
    try:
        return path.is_dir() and path.parent.resolve().is_relative_to(path.resolve())
    except (OSError, RuntimeError):
        return True


def escaping_symlinks(docs_dir: Path, settings: Settings) -> list[tuple[str, str, bool]]:
    """(docs-relative path, link text, loops) of every symbolic link, to a file or a folder, under
    ``docs_dir`` that leads outside it or loops (a link that cannot be resolved, or a folder link
    to one of its own parents). goldenthread never follows them; MkDocs would (it walks with
    ``followlinks=True``), so the plugin also drops what they would publish."""
    out: list[tuple[str, str, bool]] = []
    root = docs_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted([*dirnames, *filenames]):
            path = Path(dirpath, name)
            rel = path.relative_to(docs_dir).as_posix()
            if name.startswith((".", "_")) or any(fnmatch.fnmatch(rel, pat) for pat in settings.exclude):
                continue
            leaves = _leaves(path, root) if path.is_symlink() else False
            if leaves is False and path.is_symlink() and _loops_back(path):
                leaves = None
            if leaves is not False:
                try:
                    target = os.readlink(path)
                except OSError:
                    target = "?"
                out.append((rel, target, leaves is None))
    return out


def load(
    docs_dir: Path,
    settings: Settings,
    report: Reporter,
    *,
    label_root: Path | None = None,
    cache: ParseCache | None = None,
) -> Model:
    """Load every content file; diagnostics go to ``report``. Never raises for bad content."""
    docs_dir = Path(docs_dir)
    label_root = label_root or _default_label_root(docs_dir)
    model = Model(settings.schema)
    prefix = _label_prefix(docs_dir, label_root)
    model_results: list[FileResult] = []
    for path in discover(docs_dir, settings):
        rel = path.relative_to(docs_dir).as_posix()
        label = prefix + rel
        model.files.append(label)
        result = _load_cached(path, label, settings.schema, cache, settings.date_window)
        model_results.append(result)
        depth = rel.count("/")
        for target, pos in result.links:
            bad = link_problem(target, depth)
            if bad:
                report.add(
                    "GT141",
                    pos,
                    f"link to {target!r} leads out of content/ ({bad[0]})",
                    bad[1],
                )
    for rel, target, loops in escaping_symlinks(docs_dir, settings):
        report.add(
            "GT140",
            Pos(prefix + rel, 1, 1),
            f"symbolic link to {target!r} "
            + (
                "loops back on itself; it is not read"
                if loops
                else "leads outside content/; it is neither read nor published"
            ),
            "remove the link" if loops else "copy the file into content/ instead of linking to it",
        )
    if cache is not None:
        # forget files that were deleted or renamed since the last build (serve runs for hours)
        for gone in set(cache.entries) - set(model.files):
            del cache.entries[gone]
    first: dict[str, Item] = {}
    for result in model_results:
        report.extend(result.diagnostics)
        if result.page is not None:
            model.pages[result.page.path] = result.page
        for item in result.items:
            other = first.get(item.id)
            if other is not None:
                report.add(
                    "GT004",
                    item.pos,
                    f"duplicate ID {item.id!r}: also declared at {other.pos.file}:{other.pos.line}",
                    "IDs are unique across the wiki; rename one of them",
                    item.id,
                    related=[other.pos],
                )
                model.duplicates.append(item)
                continue
            first[item.id] = item
            model.items[item.id] = item
    model.docs_prefix = prefix
    model.docs_dir = str(docs_dir.resolve())
    return model


def _default_label_root(docs_dir: Path) -> Path:
    cwd = Path.cwd()
    try:
        docs_dir.resolve().relative_to(cwd.resolve())
        return cwd
    except ValueError:
        return docs_dir


def _label_prefix(docs_dir: Path, label_root: Path) -> str:
    try:
        rel = docs_dir.resolve().relative_to(label_root.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel + "/"


def _load_cached(
    path: Path, label: str, schema: Schema, cache: ParseCache | None, window: DateWindow = DEFAULT_WINDOW
) -> FileResult:
    if cache is None:
        return load_file(path, label, schema, window)
    try:
        st = path.stat()
        key = (st.st_mtime_ns, st.st_size)
    except OSError:
        return load_file(path, label, schema, window)
    hit = cache.entries.get(label)
    if hit is not None and hit[0] == key:
        cache.hits += 1
        return hit[1]
    cache.misses += 1
    result = load_file(path, label, schema, window)
    cache.entries[label] = (key, result)
    return result


def load_file(path: Path, label: str, schema: Schema, window: DateWindow = DEFAULT_WINDOW) -> FileResult:
    """Parse one file. Diagnostics carry default severities; :func:`load` applies configuration.

    The result depends on the file's bytes, the schema and the date window (a cache of results
    is valid for one schema and window)."""
    report = Reporter()
    result = FileResult()
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add("GT012", Pos(label, 1, 1), f"cannot read file: {exc.strerror or exc}", "check the file exists")
        result.diagnostics = report.items
        return result
    text = decode(data, label, report)
    if text is not None:
        if path.suffix in YAML_SUFFIXES:
            _load_yaml(text, label, schema, report, result, window)
        else:
            _load_markdown(text, label, schema, report, result, window)
    result.diagnostics = report.items
    return result


def _load_yaml(
    text: str, label: str, schema: Schema, report: Reporter, result: FileResult, window: DateWindow = DEFAULT_WINDOW
) -> None:
    if not text or text.isspace():
        return  # an empty data file is allowed: nothing to load
    _warn_tabs(text, label, report)
    root = parse_yaml(text, label, report)
    if root is None or is_null(root):
        return
    if not isinstance(root, Mapping):
        hint = "start the file with a type key such as 'campaigns:'"
        report.add("GT014", root.at(label), f"a data file must be a mapping of item lists, not {describe(root)}", hint)
        return
    source = _SourceText(text)
    for key_text, (key, node) in root.entries.items():
        spec = schema.by_plural.get(key_text)
        if spec is None:
            guess = did_you_mean(key_text, schema.by_plural) or (
                schema.types[key_text].plural if key_text in schema.types else None
            )
            hint = f"did you mean {guess!r}?" if guess else f"use one of: {', '.join(sorted(schema.by_plural))}"
            report.add("GT014", key.at(label), f"unknown item list {key_text!r}", hint)
            continue
        if is_null(node):
            continue
        if not isinstance(node, Sequence):
            hint = f"write each {spec.name} as a list entry starting with '- id: {spec.prefix}-…'"
            report.add("GT014", node.at(label), f"{key_text!r} must be a list of items, not {describe(node)}", hint)
            continue
        for entry in node.items:
            if is_rejected(entry):
                continue
            if not isinstance(entry, Mapping):
                problem = f"each entry of {key_text!r} must be a mapping of fields, not {describe(entry)}"
                report.add("GT014", entry.at(label), problem, f"start the entry with '- id: {spec.prefix}-…'")
                continue
            item = build_item(entry, spec, label, report, form="yaml", window=window)
            if item is not None:
                desc = item.values.get("description")
                if isinstance(desc, str):
                    item.description = desc
                    p = item.positions.get("description", item.pos)
                    item.description_line = p.line
                _collect_item_refs(item, entry, source)
                result.links.extend(_prose_links(entry, label, source))
                result.items.append(item)


def _load_markdown(
    text: str, label: str, schema: Schema, report: Reporter, result: FileResult, window: DateWindow = DEFAULT_WINDOW
) -> None:
    split = split_front_matter(text)
    if split is None:
        if text.startswith("---\n") and _looks_like_front_matter(text):
            report.add(
                "GT010",
                Pos(label, 1, 1),
                "front matter starts with '---' but is never closed",
                "add a line with only '---' after the last front matter field",
            )
        result.page = Page(label, None, None, find_references(text, label, 1))
        result.links = find_links(text, label, 1)
        return
    yaml_text, yaml_line, body, body_line = split
    root = parse_yaml(yaml_text, label, report, line_offset=yaml_line - 1) if yaml_text.strip() else None
    page = Page(label, None, None, find_references(body, label, body_line))
    result.page = page
    result.links = find_links(body, label, body_line)
    if root is None or is_rejected(root):
        return
    if not isinstance(root, Mapping):
        report.add(
            "GT014",
            root.at(label),
            "front matter must be a mapping of fields",
            "write 'key: value' lines between the '---' lines",
        )
        return
    title = root.get("title")
    if isinstance(title, Scalar) and not title.is_null:
        page.title = title.text
    type_node = root.get("type")
    id_node = root.get("id")
    if type_node is None and id_node is None:
        # an ordinary page; review front matter makes it a living document (see freshness.py)
        for key in PAGE_REVIEW_KEYS:
            node = root.get(key)
            if isinstance(node, Scalar) and not node.is_null:
                page.meta[key] = (node.text, node.at(label))
        if page.meta and page.title is None:
            heading = _H1_RE.search(body)
            page.title = heading.group(1).strip() if heading else None
        return
    spec: TypeSpec | None = None
    if isinstance(type_node, Scalar) and not type_node.is_null:
        spec = schema.types.get(type_node.text.strip())
        if spec is None:
            guess = did_you_mean(type_node.text.strip(), schema.types)
            report.add(
                "GT014",
                type_node.at(label),
                f"unknown item type {type_node.text!r}",
                f"did you mean {guess!r}?" if guess else f"use one of: {', '.join(schema.types)}",
            )
            return
    elif isinstance(id_node, Scalar) and not id_node.is_null:
        spec = schema.by_prefix.get(id_node.text.split("-", 1)[0])
        if spec is None:
            report.add(
                "GT005",
                root.at(label),
                "front matter has an 'id' but no 'type'",
                "add 'type:' (objective, audience, …) to the front matter",
            )
            return
    else:
        report.add(
            "GT014",
            (type_node or root).at(label),
            "'type' must name an item type",
            f"use one of: {', '.join(schema.types)}",
        )
        return
    item = build_item(root, spec, label, report, form="markdown", skip=PAGE_META_KEYS, window=window)
    if item is None:
        return
    item.description = body
    item.description_line = body_line
    page.item_id = item.id
    page.title = item.title
    item.references.extend(page.references)
    _collect_item_refs(item, root, _SourceText(text), include_description=False)
    result.items.append(item)


def build_item(
    node: Mapping,
    spec: TypeSpec,
    label: str,
    report: Reporter,
    *,
    form: str,
    skip: frozenset[str] = frozenset(),
    window: DateWindow = DEFAULT_WINDOW,
) -> Item | None:
    """One item from its mapping; None when it has no usable ID (already reported)."""
    id_node = node.get("id")
    if is_rejected(id_node):
        return None
    if id_node is None or is_null(id_node):
        report.add(
            "GT005",
            node.at(label),
            f"{spec.name} has no 'id'",
            f"add 'id: {spec.prefix}-…' (unique across the wiki)",
        )
        return None
    if not isinstance(id_node, Scalar) or (id_node.tag not in ("str",) and not id_node.quoted):
        shown = id_node.text if isinstance(id_node, Scalar) else describe(id_node)
        report.add(
            "GT013",
            id_node.at(label),
            f"ID must be text, not {shown!r}",
            f"write an ID such as '{spec.prefix}-EXAMPLE'",
        )
        return None
    item_id = id_node.text.strip()
    problem = id_problem(item_id, spec.prefix)
    if problem:
        report.add("GT013", id_node.at(label), problem[0], problem[1], item_id)
    coercer = Coercer(report, label, item_id, spec, window)
    coercer.item_fields(node, skip=skip | {"id", "type"} if form == "markdown" else skip | {"id"})
    if problem:
        return None  # its fields were still checked, so one run reports every problem
    title = coercer.values.get("title")
    return Item(
        id=item_id,
        type=spec.name,
        title=title if isinstance(title, str) else item_id,
        pos=id_node.at(label),
        values=coercer.values,
        positions=coercer.positions,
        links=coercer.links,
        form=form,
    )


_H1_RE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


class _SourceText:
    """A file's text with line starts (computed on first use), to map offsets to positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            starts = [0]
            pos = self.text.find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = self.text.find("\n", pos + 1)
            self._starts = starts
        return self._starts

    def offset(self, line: int, column: int) -> int:
        starts = self.starts
        return starts[min(max(line, 1), len(starts)) - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _scalar_refs(node: Node | None, file: str, source: _SourceText) -> list[Reference]:
    """``[[ID]]`` references in a YAML scalar, positioned in the file.

    The scalar's text has lost its indentation (block scalars) or its line breaks (folded and
    flow scalars), so each reference found in the text is located in the source as the same
    occurrence of ``[[`` counted from where the scalar starts.
    """
    if not isinstance(node, Scalar) or node.is_null or "[[" not in node.text:
        return []
    value = node.text
    refs = find_references(value, file, 1)
    if not refs:
        return []
    value_starts = _SourceText(value).starts
    origin = source.offset(node.line, node.column)
    out: list[Reference] = []
    for ref in refs:
        at = value_starts[ref.pos.line - 1] + ref.pos.column - 1
        nth = 0
        i = value.find("[[")
        while 0 <= i < at:
            nth += 1
            i = value.find("[[", i + 1)
        found = source.text.find("[[", origin)
        for _ in range(nth):
            if found < 0:
                break
            found = source.text.find("[[", found + 1)
        line, column = source.position(found) if found >= 0 else (node.line, node.column)
        out.append(Reference(ref.target, Pos(file, line, column), ref.label))
    return out


def _collect_item_refs(item: Item, node: Mapping, source: _SourceText, include_description: bool = True) -> None:
    if include_description and isinstance(item.values.get("description"), str):
        item.references.extend(_scalar_refs(node.get("description"), item.file, source))
    faq = node.get("faq")
    if isinstance(item.values.get("faq"), list) and isinstance(faq, Sequence):
        for entry in faq.items:
            if isinstance(entry, Mapping):
                item.references.extend(_scalar_refs(entry.get("answer"), item.file, source))
    if item.type == "faq" and isinstance(item.values.get("answer"), str):
        item.references.extend(_scalar_refs(node.get("answer"), item.file, source))


def _prose_links(node: Mapping, label: str, source: _SourceText) -> list[tuple[str, Pos]]:
    """Links that may leave content/ in an item's YAML prose (description, FAQ answers), positioned."""
    scalars = [node.get("description"), node.get("answer")]
    faq = node.get("faq")
    if isinstance(faq, Sequence):
        scalars += [e.get("answer") for e in faq.items if isinstance(e, Mapping)]
    out: list[tuple[str, Pos]] = []
    for scalar in scalars:
        if not isinstance(scalar, Scalar) or scalar.is_null or ("](" not in scalar.text and "]:" not in scalar.text):
            continue
        origin = source.offset(scalar.line, scalar.column)
        for target, _ in find_links(scalar.text, label, 1):
            at = source.text.find(target, origin)
            line, column = source.position(at) if at >= 0 else (scalar.line, scalar.column)
            origin = at + 1 if at >= 0 else origin
            out.append((target, Pos(label, line, column)))
    return out


def _looks_like_front_matter(text: str) -> bool:
    """An opening ``---`` followed by ``key:`` lines (not a Markdown horizontal rule)."""
    second = text[4:].split("\n", 1)[0]
    return bool(second) and ":" in second and not second.startswith(("#", " ", "-"))


def _warn_tabs(text: str, label: str, report: Reporter) -> None:
    if "\t" not in text:
        return
    for n, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            report.add(
                "GT107",
                Pos(label, n, len(line) - len(stripped) + 1),
                "line is indented with a tab",
                "YAML indentation must use spaces; tabs may break the structure",
            )
            return
