"""goldenthread's own settings, parsed from plain data.

The same dictionary comes from ``plugins: - goldenthread: {...}`` in ``mkdocs.yml`` (through the
MkDocs adapter) or from the CLI reading that file itself, so neither needs MkDocs to understand it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import RULES, Severity
from .schema import DEFAULT_THREAD, Schema, SchemaError, build_schema


class ConfigError(ValueError):
    """Configuration that cannot be used: exit code 2 in the CLI, a config error in MkDocs."""


#: Option names and their defaults; the MkDocs adapter declares the same names.
DEFAULTS: dict[str, Any] = {
    "rules": {},
    "thread": {},
    "types": {},
    "fields": {},
    "prefixes": {},
    "exclude": [],
    "today": None,
    "generated_dir": "items",
    "views_dir": "",
    "item_pages": "auto",
    "mermaid": "bundled",
    # Raw HTML allowed beyond the built-in allowlist; read by the sanitiser (views/sanitize.py).
    "allow_html": {},
    "publish_data": False,
    "enabled": True,
    # Change review (see goldenthread.lock and goldenthread.owners): files next to mkdocs.yml.
    "lock_file": "goldenthread.lock",
    "people_file": "people.yml",
    # KPI status (see goldenthread.kpis): on track when progress >= kpi_on_track x the progress
    # expected by the date of the latest actual, at risk when >= kpi_at_risk x it, else off track.
    "kpi_on_track": 0.7,
    "kpi_at_risk": 0.4,
    # Feedback signal: a campaign's actual spend above its planned budget by more than this share.
    "over_budget_share": 0.1,
    # Review freshness: a living document is "due" when its next review falls within this many days.
    "review_due_days": 7,
    # Money on pages in whole currency units; true shows cents where an amount has them.
    "money_cents": False,
}


@dataclass(frozen=True)
class Settings:
    schema: Schema
    severities: dict[str, Severity] = field(default_factory=dict)
    #: type name -> fields whose links lead towards an objective
    thread: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_THREAD))
    exclude: tuple[str, ...] = ()
    today: dt.date | None = None
    generated_dir: str = "items"
    views_dir: str = ""
    item_pages: str = "auto"
    publish_data: bool = False
    kpi_on_track: float = 0.7
    kpi_at_risk: float = 0.4
    over_budget_share: float = 0.1
    review_due_days: int = 7
    #: show cents in money amounts (whole currency units otherwise)
    money_cents: bool = False

    #: the suspect-links lock file and the people file, resolved against mkdocs.yml's folder
    #: (None when settings were parsed without a project root: no lock, no people file)
    lock_path: Path | None = None
    people_path: Path | None = None

    def effective_today(self) -> dt.date:
        return self.today or dt.date.today()


def parse_settings(raw: Mapping[str, Any] | None, *, root: Path | None = None) -> Settings:
    """Settings from plugin options; ``root`` (the folder of mkdocs.yml) locates the lock and people files."""
    raw = dict(raw or {})
    unknown = set(raw) - set(DEFAULTS)
    if unknown:
        raise ConfigError(f"unknown goldenthread option(s): {', '.join(sorted(unknown))}")
    opts = {**DEFAULTS, **{k: v for k, v in raw.items() if v is not None}}
    _choice("mermaid", opts["mermaid"], ("bundled", "cdn"))
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
    over_budget_share = _share("over_budget_share", opts["over_budget_share"], upper=None)

    review_due_days = opts["review_due_days"]
    if isinstance(review_due_days, bool) or not isinstance(review_due_days, int) or review_due_days < 0:
        raise ConfigError(f"review_due_days: expected a whole number of days (0 or more), not {review_due_days!r}")

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
        item_pages=_choice("item_pages", opts["item_pages"], ("auto", "own", "file")),
        publish_data=bool(opts["publish_data"]),
        lock_path=_project_file(root, "lock_file", opts["lock_file"]),
        people_path=_project_file(root, "people_file", opts["people_file"]),
        kpi_on_track=kpi_on_track,
        kpi_at_risk=kpi_at_risk,
        over_budget_share=over_budget_share,
        review_due_days=review_due_days,
        money_cents=_flag("money_cents", opts["money_cents"]),
    )


def _share(name: str, value: Any, upper: float | None = 1.0) -> float:
    """A non-negative fraction such as 0.7 (at most ``upper`` when given)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name}: expected a number such as 0.7, not {value!r}")
    if value < 0 or (upper is not None and value > upper):
        bound = f"between 0 and {upper:g}" if upper is not None else "0 or more"
        raise ConfigError(f"{name}: {value!r} must be {bound}")
    return float(value)


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{name}: expected true or false, not {value!r}")
    return value


def _project_file(root: Path | None, name: str, value: Any) -> Path | None:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name}: expected a file path relative to mkdocs.yml")
    return None if root is None else root / value.strip()


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
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
