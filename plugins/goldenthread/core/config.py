"""goldenthread's own settings, parsed from plain data.

The same dictionary comes from ``plugins: - goldenthread: {...}`` in ``mkdocs.yml`` (through the
MkDocs adapter) or from the CLI reading that file itself, so neither needs MkDocs to understand it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import RULES, Severity
from .options import BY_NAME, DEFAULTS
from .schema import DEFAULT_THREAD, Schema, SchemaError, build_schema


class ConfigError(ValueError):
    """Configuration that cannot be used: exit code 2 in the CLI, a config error in MkDocs."""


@dataclass(frozen=True)
class Settings:
    """The options (core/options.py) parsed and checked; made by :func:`parse_settings` only,
    so the defaults live in the option table alone."""

    #: the built-in types with the ``types``, ``fields`` and ``prefixes`` options applied
    schema: Schema
    #: rule code -> severity, from the ``rules`` option
    severities: dict[str, Severity]
    #: type name -> fields whose links lead towards an objective
    thread: dict[str, tuple[str, ...]]
    exclude: tuple[str, ...]
    today: dt.date | None
    generated_dir: str
    views_dir: str
    item_pages: str
    publish_data: bool
    kpi_on_track: float
    kpi_at_risk: float
    over_budget_share: float
    review_due_days: int
    #: show cents in money amounts (whole currency units otherwise)
    money_cents: bool
    #: the suspect-links lock file and the people file, resolved against mkdocs.yml's folder
    #: (None when settings were parsed without a project root: no lock, no people file)
    lock_path: Path | None
    people_path: Path | None

    def effective_today(self) -> dt.date:
        return self.today or dt.date.today()


def parse_settings(raw: Mapping[str, Any] | None, *, root: Path | None = None) -> Settings:
    """Settings from plugin options; ``root`` (the folder of mkdocs.yml) locates the lock and people files."""
    raw = dict(raw or {})
    unknown = set(raw) - set(DEFAULTS)
    if unknown:
        raise ConfigError(f"unknown goldenthread option(s): {', '.join(sorted(unknown))}")
    opts = {**DEFAULTS, **{k: v for k, v in raw.items() if v is not None}}
    _choice("mermaid", opts["mermaid"])
    try:
        schema = build_schema(opts["types"], opts["fields"], opts["prefixes"])
    except SchemaError as exc:
        raise ConfigError(str(exc)) from None

    severities: dict[str, Severity] = {}
    if not isinstance(opts["rules"], dict):
        raise ConfigError("rules: expected a mapping of rule code or name to error/warning/info/off")
    by_name = {r.name: r.code for r in RULES.values()}
    for key, value in opts["rules"].items():
        code = by_name.get(str(key), str(key).upper())
        if code not in RULES:
            raise ConfigError(f"rules: unknown rule {key!r}")
        if value is False:
            value = "off"
        try:
            severities[code] = Severity.parse(str(value))
        except ValueError as exc:
            raise ConfigError(f"rules.{key}: {exc}") from None

    thread = dict(DEFAULT_THREAD)
    if not isinstance(opts["thread"], dict):
        raise ConfigError("thread: expected a mapping of type name to a list of link fields")
    for tname, fields in opts["thread"].items():
        spec = schema.types.get(tname)
        if spec is None:
            raise ConfigError(f"thread: unknown type {tname!r}")
        if isinstance(fields, str):
            fields = [fields]
        fields = list(fields or [])
        for f in fields:
            fs = spec.fields.get(f)
            if fs is None or fs.kind not in ("link", "links"):
                raise ConfigError(f"thread.{tname}: {f!r} is not a link field of {tname}")
        thread[tname] = tuple(fields)
    for t in schema.types.values():
        if t.layer == "plan" and t.name != "plan" and t.name not in thread:
            links = [
                f.name
                for f in t.fields.values()
                if f.kind in ("link", "links") and ("objective" in f.to or "*" in f.to)
            ]
            thread[t.name] = tuple(links)

    today = opts["today"]
    if isinstance(today, str):
        try:
            today = dt.date.fromisoformat(today)
        except ValueError:
            raise ConfigError(f"today: {today!r} is not a YYYY-MM-DD date") from None
    elif today is not None and not isinstance(today, dt.date):
        raise ConfigError("today: expected a YYYY-MM-DD date")

    kpi_on_track = _share("kpi_on_track", opts["kpi_on_track"])
    kpi_at_risk = _share("kpi_at_risk", opts["kpi_at_risk"])
    if kpi_at_risk > kpi_on_track:
        raise ConfigError(f"kpi_at_risk ({kpi_at_risk}) must not be above kpi_on_track ({kpi_on_track})")
    over_budget_share = _share("over_budget_share", opts["over_budget_share"])
    review_due_days = _days("review_due_days", opts["review_due_days"])

    exclude = opts["exclude"]
    if isinstance(exclude, str):
        exclude = [exclude]
    return Settings(
        schema=schema,
        severities=severities,
        thread=thread,
        exclude=tuple(str(e) for e in exclude),
        today=today,
        generated_dir=str(opts["generated_dir"]).strip("/") or "items",
        views_dir=str(opts["views_dir"] or "").strip("/"),
        item_pages=_choice("item_pages", opts["item_pages"]),
        publish_data=bool(opts["publish_data"]),
        lock_path=_project_file(root, "lock_file", opts["lock_file"]),
        people_path=_project_file(root, "people_file", opts["people_file"]),
        kpi_on_track=kpi_on_track,
        kpi_at_risk=kpi_at_risk,
        over_budget_share=over_budget_share,
        review_due_days=review_due_days,
        money_cents=_flag("money_cents", opts["money_cents"]),
    )


def _share(name: str, value: Any) -> float:
    """A fraction such as 0.7, within the option's bounds."""
    option = BY_NAME[name]
    lower, upper = option.minimum or 0, option.maximum
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name}: expected a number such as 0.7, not {value!r}")
    if value < lower or (upper is not None and value > upper):
        bound = f"between {lower:g} and {upper:g}" if upper is not None else f"{lower:g} or more"
        raise ConfigError(f"{name}: {value!r} must be {bound}")
    return float(value)


def _days(name: str, value: Any) -> int:
    """A whole number of days, at least the option's minimum."""
    lower = BY_NAME[name].minimum or 0
    if isinstance(value, bool) or not isinstance(value, int) or value < lower:
        raise ConfigError(f"{name}: expected a whole number of days ({lower:g} or more), not {value!r}")
    return value


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{name}: expected true or false, not {value!r}")
    return value


def _project_file(root: Path | None, name: str, value: Any) -> Path | None:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name}: expected a file path relative to mkdocs.yml")
    return None if root is None else root / value.strip()


def _choice(name: str, value: Any) -> str:
    allowed = BY_NAME[name].choices
    if value not in allowed:
        raise ConfigError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its ``!!python/name`` and ``!ENV`` tags."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)


@dataclass(frozen=True)
class ProjectConfig:
    """What the CLI needs from ``mkdocs.yml``: the docs_dir and goldenthread's options."""

    root: Path
    docs_dir: Path
    options: dict[str, Any]
    config_file: Path | None


def read_project_config(path: Path | None = None) -> ProjectConfig:
    """Find goldenthread's options in ``mkdocs.yml`` (or defaults when there is none)."""
    candidates = [path] if path else [Path("mkdocs.yml"), Path("mkdocs.yaml")]
    for candidate in candidates:
        if candidate and candidate.is_file():
            try:
                data = yaml.load(candidate.read_text(encoding="utf-8"), Loader=_TolerantLoader)
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{candidate}: cannot read: {exc}") from None
            if not isinstance(data, dict):
                raise ConfigError(f"{candidate}: expected a mapping")
            root = candidate.resolve().parent
            options: dict[str, Any] = {}
            for entry in data.get("plugins") or []:
                if isinstance(entry, dict) and "goldenthread" in entry:
                    options = dict(entry["goldenthread"] or {})
                elif entry == "goldenthread":
                    options = {}
            if isinstance(data.get("plugins"), dict):
                options = dict(data["plugins"].get("goldenthread") or {})
            return ProjectConfig(root, root / str(data.get("docs_dir", "docs")), options, candidate)
        if path:
            raise ConfigError(f"{path}: no such configuration file")
    cwd = Path.cwd()
    return ProjectConfig(cwd, cwd / "content", {}, None)
