"""Reading content files into a position-carrying tree, safely.

Content arrives through pull requests, so this layer trusts nothing: bytes that are not
UTF-8, YAML tags that would build objects, aliases that expand exponentially, duplicate keys
(which PyYAML silently collapses) all become diagnostics. Scalars are kept as their source
text; the schema decides later what a value means, which sidesteps YAML 1.1 surprises such as
``no`` turning into ``False`` in a title.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .diagnostics import Code, Pos, Reporter

try:  # libyaml is an order of magnitude faster; fall back to pure Python where absent.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = yaml.SafeLoader.yaml_implicit_resolvers


class _Loader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader with the same tag resolution, minus per-node work that safe loading never needs.

    The composer asks the resolver about every node (three calls each); SafeLoader has no path
    resolvers, so the descend/ascend steps do nothing and resolution is a first-character lookup.
    """

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _STD + _plain_tag(value) if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


#: Aliases may add at most this many nodes to a file when expanded (billion-laughs guard).
MAX_ALIAS_EXPANSION = 100_000
#: Deeper nesting than this is never meaningful content.
MAX_DEPTH = 64
#: Largest file read, in bytes.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Longest single YAML value, in characters (long prose belongs in a Markdown page's body).
MAX_SCALAR_CHARS = 100_000

_STD = "tag:yaml.org,2002:"
_STD_LEN = len(_STD)
_SAFE_TAGS = frozenset(
    _STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value")
)


@dataclass(slots=True)
class Node:
    line: int  # 1-based
    column: int  # 1-based

    def at(self, file: str) -> Pos:
        """Where the node stands in ``file``: what a diagnostic about it points at."""
        return Pos(file, self.line, self.column)


@dataclass(slots=True)
class Scalar(Node):
    text: str
    tag: str  # resolved YAML tag short name: str, int, float, bool, null, timestamp
    quoted: bool = False
    #: stands in for a value already rejected with a diagnostic (unsafe tag, too deep): it reads
    #: as null, and later checks stay silent about it instead of reporting it as missing
    rejected: bool = False

    @property
    def is_null(self) -> bool:
        return self.rejected or (self.tag == "null" and not self.quoted)


def is_null(node: Node) -> bool:
    """Whether ``node`` is empty (``key:`` with nothing after it) or stands in for a rejected value."""
    return isinstance(node, Scalar) and node.is_null


def is_rejected(node: Node | None) -> bool:
    """Whether ``node`` replaces a value that already has a diagnostic."""
    return isinstance(node, Scalar) and node.rejected


@dataclass(slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Mapping(Node):
    #: key text -> (key node, value node), in source order
    entries: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None


def describe(node: Node) -> str:
    """Human name of a node's kind, for messages."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if isinstance(node, Scalar):
        if node.is_null:
            return "nothing"
        return repr(node.text if len(node.text) <= 80 else node.text[:79] + "…")
    return "a value"


def to_plain(node: Node) -> object:
    """Plain Python data for a node (strings for scalars), e.g. for configuration."""
    if isinstance(node, Mapping):
        return {k: to_plain(v) for k, (_, v) in node.entries.items()}
    if isinstance(node, Sequence):
        return [to_plain(i) for i in node.items]
    assert isinstance(node, Scalar)
    return None if node.is_null else node.text


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a byte offset: lines end as in decoded text (LF, CRLF or CR),
    columns count characters."""
    head = data[:offset].decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return head.count("\n") + 1, len(head) - (head.rfind("\n") + 1) + 1


def decode(data: bytes, path: str, report: Reporter) -> str | None:
    """UTF-8 text with BOM removed and newlines normalised, or None (with a diagnostic)."""
    if len(data) > MAX_FILE_BYTES:
        report.add(
            "GT015",
            Pos(path, 1, 1),
            f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}",
            "split the file into smaller files",
        )
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.add(
            "GT012", Pos(path, 1, 1), "file is UTF-16 text, not UTF-8", "re-save the file as UTF-8 in your editor"
        )
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, _ = _byte_position(data, nul)
        report.add(
            "GT012",
            Pos(path, line, 1),
            "file contains NUL bytes (binary data?)",
            "only UTF-8 text files belong in content/",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        report.add(
            "GT012",
            Pos(path, line, col),
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "re-save the file as UTF-8 in your editor",
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


#: Characters YAML 1.1 (PyYAML and libyaml) counts as line breaks, but editors and Markdown do not.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


class _Lines:
    """Positions by ``\n`` lines, for text whose YAML line numbers are skewed by other breaks."""

    def __init__(self, text: str) -> None:
        starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.starts = starts

    @classmethod
    def needed(cls, text: str) -> _Lines | None:
        return cls(text) if any(ch in text for ch in _YAML_ONLY_BREAKS) else None

    def at(self, mark: yaml.Mark) -> tuple[int, int]:
        """0-based (line, column) of a mark, from its character index."""
        line = bisect.bisect_right(self.starts, mark.index) - 1
        return line, mark.index - self.starts[line]


class _Converter:
    def __init__(self, path: str, report: Reporter, line_offset: int, lines: _Lines | None = None) -> None:
        self.path = path
        self.report = report
        self.offset = line_offset
        self.lines = lines
        self.ok = True

    def where(self, mark: yaml.Mark) -> tuple[int, int]:
        """1-based (line, column) in the file."""
        if self.lines is None:
            return mark.line + 1 + self.offset, mark.column + 1
        line, col = self.lines.at(mark)
        return line + 1 + self.offset, col + 1

    def error(self, code: Code, mark_node: yaml.Node, message: str, hint: str) -> None:
        self.ok = False
        line, col = self.where(mark_node.start_mark)
        self.report.add(code, Pos(self.path, line, col), message, hint)

    def convert(self, node: yaml.Node, depth: int = 0) -> Node:
        if self.lines is None:  # the common case, inlined
            line = node.start_mark.line + 1 + self.offset
            col = node.start_mark.column + 1
        else:
            line, col = self.where(node.start_mark)
        if depth > MAX_DEPTH:
            self.error("GT015", node, f"nesting deeper than {MAX_DEPTH} levels", "flatten the structure")
            return Scalar(line, col, "", "null", rejected=True)
        tag = node.tag
        if tag not in _SAFE_TAGS and not (isinstance(node, yaml.ScalarNode) and tag == "!"):
            self.error(
                "GT016",
                node,
                f"YAML tag {tag.replace(_STD, '!!')!r} is not allowed",
                "remove the tag: content is plain data (text, numbers, lists, mappings)",
            )
            return Scalar(line, col, "", "null", rejected=True)
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_SCALAR_CHARS:
                self.error(
                    "GT015",
                    node,
                    f"value is {len(node.value):,} characters long; the limit is {MAX_SCALAR_CHARS:,}",
                    "shorten it; long prose belongs in the body of a Markdown page",
                )
                return Scalar(line, col, "", "null", rejected=True)
            short = tag[len(_STD) :] if tag.startswith(_STD) else "str"
            return Scalar(line, col, node.value, short, quoted=bool(node.style))
        if isinstance(node, yaml.SequenceNode):
            return Sequence(line, col, [self.convert(child, depth + 1) for child in node.value])
        assert isinstance(node, yaml.MappingNode)
        out = Mapping(line, col)
        merged: list[Mapping] = []
        for knode, vnode in node.value:
            if knode.tag == _STD + "merge":
                value = self.convert(vnode, depth + 1)
                merged.extend(
                    v
                    for v in ([value] if isinstance(value, Mapping) else getattr(value, "items", []))
                    if isinstance(v, Mapping)
                )
                continue
            if not isinstance(knode, yaml.ScalarNode):
                self.error("GT014", knode, "mapping keys must be plain text", "use a simple name as the key")
                continue
            if len(knode.value) > MAX_SCALAR_CHARS:
                self.error(
                    "GT015",
                    knode,
                    f"key is {len(knode.value):,} characters long; the limit is {MAX_SCALAR_CHARS:,}",
                    "use a short field name as the key",
                )
                continue
            kmark = knode.start_mark
            if self.lines is None:  # the common case, inlined
                key = Scalar(kmark.line + 1 + self.offset, kmark.column + 1, knode.value, "str")
            else:
                key = Scalar(*self.where(kmark), knode.value, "str")
            if key.text in out.entries:
                first = out.entries[key.text][0]
                self.ok = False
                self.report.add(
                    "GT011",
                    key.at(self.path),
                    f"duplicate key {key.text!r} (first at line {first.line})",
                    "remove one of the two; YAML would silently keep only the last",
                    related=[first.at(self.path)],
                )
                continue
            out.entries[key.text] = (key, self.convert(vnode, depth + 1))
        for extra in merged:
            for k, entry in extra.entries.items():
                out.entries.setdefault(k, entry)
        return out


def _expanded_size(root: yaml.Node) -> tuple[int, int]:
    """(distinct nodes, nodes after alias expansion), computed without expanding."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            total = 1
            if isinstance(node, yaml.SequenceNode):
                total += sum(sizes[id(c)] for c in node.value)
            elif isinstance(node, yaml.MappingNode):
                total += sum(sizes[id(k)] + sizes[id(v)] for k, v in node.value)
            sizes[key] = total
            continue
        if key in sizes:
            continue
        sizes[key] = 0  # placeholder; recursive aliases are impossible in composed YAML
        stack.append((node, True))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((c, False) for c in node.value if id(c) not in sizes)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if id(k) not in sizes:
                    stack.append((k, False))
                if id(v) not in sizes:
                    stack.append((v, False))
    return len(sizes), sizes[id(root)]


def _char_at(text: str, line: int, column: int) -> str:
    """The character at 0-based ``line`` and ``column`` of ``text`` ('' past the end)."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    source = text[start:] if end < 0 else text[start:end]
    return source[column] if 0 <= column < len(source) else ""


def _tab_indented(text: str, line: int) -> bool:
    """Whether 0-based ``line`` of ``text`` has a tab in its indentation."""
    lines = text.split("\n")
    if not 0 <= line < len(lines):
        return False
    source = lines[line]
    return "\t" in source[: len(source) - len(source.lstrip(" \t"))]


class _Unusual(Exception):
    """The fast path met something it leaves to the careful one (see :func:`_build_plain`)."""


#: Resolved tag of short plain scalar texts seen before: dates, statuses and channels repeat
#: across thousands of items, and the resolver tries up to four regular expressions per value.
#: Bounded in entries and in the length of what it keeps (content comes from pull requests).
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_MAX = 50_000
_PLAIN_TAGS_LONGEST = 40


def _plain_tag(value: str) -> str:
    """The short YAML 1.1 tag of a plain scalar, as PyYAML's SafeLoader resolves it."""
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = "str"
        for full, regexp in _IMPLICIT.get(value[:1], ()):
            if regexp.match(value):
                tag = full[_STD_LEN:]
                break
        if len(value) <= _PLAIN_TAGS_LONGEST and len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
            _PLAIN_TAGS[value] = tag
    return tag


def _build_plain(text: str, line_offset: int) -> Node | None:
    """The :class:`Node` tree of ordinary YAML, built straight from libyaml's events.

    Composing PyYAML nodes and then converting them walks every value twice in Python; this
    builds the final tree in one pass and is about twice as fast on large plan files. It
    handles only plain data, one document without tags, anchors, aliases, merge keys,
    duplicate keys, non-text keys, over-long values or deep nesting, and raises
    :class:`_Unusual` on anything else (syntax errors included), so that :func:`_compose`
    reports it. For every input it accepts it returns exactly what :func:`_compose` would
    (a property test holds the two to that).
    """
    loader = _BaseLoader(text)
    get = loader.get_event
    limit = MAX_SCALAR_CHARS
    first = 1 + line_offset
    tags = _PLAIN_TAGS

    def scalar(event: ScalarEvent) -> Scalar:
        if event.tag is not None or event.anchor is not None:
            raise _Unusual
        value = event.value
        if len(value) > limit:
            raise _Unusual
        mark: Any = event.start_mark  # libyaml always sets marks (the stubs allow None)
        if event.implicit[0]:  # plain
            return Scalar(mark.line + first, mark.column + 1, value, tags.get(value) or _plain_tag(value))
        return Scalar(mark.line + first, mark.column + 1, value, "str", bool(event.style))

    def collection(event: Any, depth: int) -> Node:
        kind = type(event)
        if (
            (kind is not MappingStartEvent and kind is not SequenceStartEvent)
            or depth >= MAX_DEPTH
            or event.tag is not None
            or event.anchor is not None
        ):
            raise _Unusual  # an alias, a tag or an anchor, or nesting too deep
        mark: Any = event.start_mark
        if kind is SequenceStartEvent:
            seq = Sequence(mark.line + first, mark.column + 1)
            items = seq.items
            while True:
                event = get()
                if type(event) is ScalarEvent:
                    items.append(scalar(event))
                elif type(event) is SequenceEndEvent:
                    return seq
                else:
                    items.append(collection(event, depth + 1))
        mapping = Mapping(mark.line + first, mark.column + 1)
        entries = mapping.entries
        while True:
            event = get()
            if type(event) is not ScalarEvent:
                if type(event) is MappingEndEvent:
                    return mapping
                raise _Unusual  # a key that is not text
            key = event.value
            if (
                event.tag is not None
                or event.anchor is not None
                or key in entries
                or len(key) > limit
                or (key == "<<" and event.implicit[0])
            ):
                raise _Unusual  # a tagged or anchored key, a duplicate, an over-long or a merge key
            kmark: Any = event.start_mark
            event = get()
            entries[key] = (
                Scalar(kmark.line + first, kmark.column + 1, key, "str"),
                scalar(event) if type(event) is ScalarEvent else collection(event, depth + 1),
            )

    try:
        get()  # StreamStartEvent
        if type(get()) is StreamEndEvent:  # no document at all (empty or only comments)
            return None
        event = get()
        root = scalar(event) if type(event) is ScalarEvent else collection(event, 0)
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            raise _Unusual  # a second document
        return root
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        loader.dispose()


def parse_yaml(text: str, path: str, report: Reporter, line_offset: int = 0) -> Node | None:
    """Compose one YAML document into a :class:`Node` tree; None (with diagnostics) on failure.

    ``line_offset`` shifts reported lines, for front matter that starts below a ``---`` line.
    """
    if not any(ch in text for ch in _YAML_ONLY_BREAKS):
        try:
            return _build_plain(text, line_offset)
        except _Unusual:
            pass
    return _compose(text, path, report, line_offset)


def _compose(text: str, path: str, report: Reporter, line_offset: int = 0) -> Node | None:
    """:func:`parse_yaml` for any input: compose with PyYAML, then convert with every check."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        unclosed = bool(
            exc.context
            and "quoted scalar" in exc.context
            and exc.context_mark
            and "end of stream" in (exc.problem or "")
        )
        if unclosed:  # point at the opening quote, not at the end of the file
            mark = exc.context_mark
        lines = _Lines.needed(text)
        row, col = (lines.at(mark) if lines else (mark.line, mark.column)) if mark else (0, 0)
        if row > text.count("\n"):  # libyaml ends the stream on a line past an unterminated last line
            row, col = text.count("\n"), len(text) - (text.rfind("\n") + 1)
        found = _char_at(text, row, col)  # libyaml's messages do not name the character
        line, col = row + 1 + line_offset, col + 1
        problem = exc.problem or exc.context or "invalid YAML"
        if unclosed:
            problem = f"the quote {found!r} opened here is never closed"
        if "nesting depth" in problem:  # libyaml's own guard against deep nesting
            report.add("GT015", Pos(path, line, col), f"YAML nested too deeply: {problem}", "flatten the structure")
            return None
        hint = "check indentation, quotes and colons around this position"
        if unclosed:
            hint = f"add the closing {found} at the end of the value"
        elif "\t" in text and (
            "tab" in str(exc).lower() or "'\\t'" in str(exc) or _tab_indented(text, row if mark else -1)
        ):
            hint = "YAML does not allow tabs for indentation: use spaces"
        elif found in ("@", "`") or "'@'" in str(exc) or "'`'" in str(exc):
            hint = 'values starting with @ or ` must be quoted: owner: "@name"'
        elif "another document" in problem:
            hint = "put one YAML document per file (remove the extra '---')"
        elif "expected ':'" in problem and col > 1024:
            hint = "a key may be at most 1024 characters long: use a short field name"
        report.add("GT010", Pos(path, line, col), f"YAML syntax error: {problem}", hint)
        return None
    except yaml.YAMLError as exc:
        report.add("GT010", Pos(path, 1 + line_offset, 1), f"YAML error: {exc}", "check the file's syntax")
        return None
    except RecursionError:
        report.add("GT015", Pos(path, 1 + line_offset, 1), "YAML nested too deeply", "flatten the structure")
        return None
    if root is None:
        return None
    # Without '*' there are no aliases to expand (a '*' in a value costs only the count).
    distinct, expanded = _expanded_size(root) if "*" in text else (0, 0)
    if expanded - distinct > MAX_ALIAS_EXPANSION:
        report.add(
            "GT015",
            Pos(path, 1 + line_offset, 1),
            f"YAML aliases expand to {expanded:,} nodes (limit: {MAX_ALIAS_EXPANSION:,} added by aliases)",
            "avoid nested aliases (*name); write the data out",
        )
        return None
    converter = _Converter(path, report, line_offset, _Lines.needed(text))
    return converter.convert(root)


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """(yaml text, its first line, body, body first line) when the page opens with ``---``."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None
    end = -1
    pos = 4
    while True:
        nl = text.find("\n", pos)
        line = text[pos : nl if nl >= 0 else len(text)]
        if line.rstrip() in ("---", "..."):
            end = pos
            break
        if nl < 0:
            break
        pos = nl + 1
    if end < 0:
        return None
    yaml_text = text[4:end]
    after = text.find("\n", end)
    body = "" if after < 0 else text[after + 1 :]
    body_line = yaml_text.count("\n") + 3
    return yaml_text, 2, body, body_line
