"""goldenthread's own settings, parsed from plain data.

The same dictionary comes from ``plugins: - goldenthread: {...}`` in ``mkdocs.yml`` (through the
MkDocs adapter) or from the CLI reading that file itself, so neither needs MkDocs to understand it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import mergedeep
import yaml
from yaml_env_tag import construct_env_tag

from .bounds import MAX_YEAR, MIN_YEAR, DateWindow
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
    date_window: DateWindow
    generated_dir: str
    views_dir: str
    item_pages: str
    publish_data: bool
    publish_model: bool
    kpi_on_track: float
    kpi_at_risk: float
    over_budget_share: float
    review_due_days: int
    plan_review_days: int
    milestone_lead_days: int
    strategy_review_days: int
    #: docs-relative page the strategy review rule (GT171) points at, when it exists
    strategy_page: str
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

    date_window = _date_window(opts["date_window"])
    today = opts["today"]
    if isinstance(today, str):
        try:
            today = dt.date.fromisoformat(today)
        except ValueError:
            raise ConfigError(f"today: {today!r} is not a YYYY-MM-DD date") from None
    elif today is not None and not isinstance(today, dt.date):
        raise ConfigError("today: expected a YYYY-MM-DD date")
    if today is not None and not date_window.has(today):
        raise ConfigError(f"today: {today} is outside the date window {date_window} (option date_window)")

    kpi_on_track = _share("kpi_on_track", opts["kpi_on_track"])
    kpi_at_risk = _share("kpi_at_risk", opts["kpi_at_risk"])
    if kpi_at_risk > kpi_on_track:
        raise ConfigError(f"kpi_at_risk ({kpi_at_risk}) must not be above kpi_on_track ({kpi_on_track})")
    over_budget_share = _share("over_budget_share", opts["over_budget_share"])
    review_due_days = _days("review_due_days", opts["review_due_days"])
    review_days = {name: _days(name, opts[name]) for name in ("plan_review_days", "strategy_review_days")}
    strategy_page = opts["strategy_page"]
    if not isinstance(strategy_page, str) or not strategy_page.strip():
        raise ConfigError("strategy_page: expected a page path relative to docs_dir, such as strategy/index.md")

    exclude = opts["exclude"]
    if isinstance(exclude, str):
        exclude = [exclude]
    return Settings(
        schema=schema,
        severities=severities,
        thread=thread,
        exclude=tuple(str(e) for e in exclude),
        today=today,
        date_window=date_window,
        generated_dir=_site_folder("generated_dir", opts["generated_dir"]) or "items",
        views_dir=_site_folder("views_dir", opts["views_dir"] or ""),
        item_pages=_choice("item_pages", opts["item_pages"]),
        publish_data=bool(opts["publish_data"]),
        publish_model=bool(opts["publish_model"]),
        lock_path=_project_file(root, "lock_file", opts["lock_file"]),
        people_path=_project_file(root, "people_file", opts["people_file"]),
        kpi_on_track=kpi_on_track,
        kpi_at_risk=kpi_at_risk,
        over_budget_share=over_budget_share,
        review_due_days=review_due_days,
        strategy_page=strategy_page.strip().strip("/"),
        **review_days,
        milestone_lead_days=_days("milestone_lead_days", opts["milestone_lead_days"]),
        money_cents=_flag("money_cents", opts["money_cents"]),
    )


def _share(name: str, value: Any) -> float:
    """A finite, non-negative fraction such as 0.7, within the option's bounds (core/options.py)."""
    upper = BY_NAME[name].maximum
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name}: expected a number such as 0.7, not {value!r}")
    if not 0 <= value <= (upper if upper is not None else math.inf):  # also refuses NaN
        raise ConfigError(f"{name}: {value!r} must be between 0 and {upper:g}")
    return float(value)


def _days(name: str, value: Any) -> int:
    """A whole number of days within the option's bounds (core/options.py)."""
    option = BY_NAME[name]
    lower = int(option.minimum or 0)
    upper = None if option.maximum is None else int(option.maximum)
    if isinstance(value, bool) or not isinstance(value, int) or value < lower or (upper is not None and value > upper):
        span = f"{lower} to {upper}" if upper is not None else f"{lower} or more"
        raise ConfigError(f"{name}: expected a whole number of days ({span}), not {value!r}")
    return value


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{name}: expected true or false, not {value!r}")
    return value


def _project_file(root: Path | None, name: str, value: Any) -> Path | None:
    """A file next to mkdocs.yml: a relative path that stays inside the project (no ``..`` out of
    it, no absolute path, no symbolic link leading out), so no option can make goldenthread read
    (and quote) another file on the machine."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name}: expected a file path relative to mkdocs.yml")
    text = value.strip()
    pure = PurePosixPath(text.replace("\\", "/"))
    if pure.is_absolute() or PureWindowsPath(text).drive or ".." in pure.parts:
        raise ConfigError(f"{name}: {text!r} must be a path inside the project, relative to mkdocs.yml")
    if root is None:
        return None
    path = root / text
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python 3.11, 3.12)
        inside = False
    if not inside:
        raise ConfigError(f"{name}: {text!r} leads outside the project (a symbolic link?); use a file inside it")
    return path


#: One folder name of a generated page's path: it becomes a URL and a folder in the site.
_SEGMENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _site_folder(name: str, value: Any) -> str:
    """A folder inside the site for generated pages (``items``, ``views/team``): relative, plain names."""
    if not isinstance(value, str):
        raise ConfigError(f"{name}: expected a folder name such as 'items'")
    text = value.strip().strip("/")
    if not text:
        return ""
    bad = [part for part in text.split("/") if not _SEGMENT_RE.match(part) or part in (".", "..")]
    if value.strip().startswith("/") or bad:
        raise ConfigError(
            f"{name}: {value!r} must be a folder inside the site: names of letters, digits, '.', '_' "
            "and '-' separated by '/', without '..'"
        )
    return text


def _date_window(value: Any) -> DateWindow:
    """``date_window: [1900, 2200]``: first and last year, inside MIN_YEAR–MAX_YEAR."""
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ConfigError(f"date_window: expected [first year, last year] such as [1900, 2200], not {value!r}")
    first, last = value
    if not MIN_YEAR <= first <= last <= MAX_YEAR:
        raise ConfigError(f"date_window: years must be in order and between {MIN_YEAR} and {MAX_YEAR}, not {value!r}")
    return DateWindow(first, last)


def _choice(name: str, value: Any) -> str:
    allowed = BY_NAME[name].choices
    if value not in allowed:
        raise ConfigError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for goldenthread's needs, without running Python tags.

    ``!ENV`` is resolved as MkDocs resolves it (pyyaml-env-tag: a variable, or a list of variables
    whose last entry is the default); other tags (``!!python/name``, ``!relative``) are read as
    their text, which goldenthread does not use.
    """


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)
_TolerantLoader.add_constructor("!ENV", construct_env_tag)

#: The names MkDocs looks for, in its order.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


def load_mkdocs_yml(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """``mkdocs.yml`` as MkDocs reads it: ``!ENV`` resolved, ``INHERIT`` merged (mergedeep: mappings
    merged key by key, everything else, lists included, replaced by the inheriting file)."""
    resolved = path.resolve()
    if resolved in _seen:
        raise ConfigError(f"{path}: INHERIT loops back to a file that inherits it")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping")
    if "INHERIT" in data:
        parent_name = data.pop("INHERIT")
        if not isinstance(parent_name, str) or not parent_name.strip():
            raise ConfigError(f"{path}: INHERIT: expected the path of a configuration file")
        parent_path = path.parent / parent_name
        if not parent_path.is_file():
            raise ConfigError(f"{path}: inherited config file {parent_name!r} does not exist at {parent_path}")
        parent = load_mkdocs_yml(parent_path, (*_seen, resolved))
        data = mergedeep.merge(parent, data)
    return dict(data)


def find_mkdocs_yml(start: Path | None = None) -> Path | None:
    """The ``mkdocs.yml`` of the project that holds ``start`` (default: the working directory).

    Looks in ``start`` and then each folder above it, as git and most linters find their
    configuration, so ``goldenthread check content/plans`` from anywhere uses the project's options.
    """
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def goldenthread_options(data: Mapping[str, Any]) -> dict[str, Any]:
    """goldenthread's options from a loaded mkdocs.yml (plugins as a list or as a mapping)."""
    plugins = data.get("plugins")
    options: dict[str, Any] = {}
    if isinstance(plugins, dict):
        return dict(plugins.get("goldenthread") or {})
    for entry in plugins or []:
        if isinstance(entry, dict) and "goldenthread" in entry:
            options = dict(entry["goldenthread"] or {})
        elif entry == "goldenthread":
            options = {}
    return options


@dataclass(frozen=True)
class ProjectConfig:
    """What the CLI needs from ``mkdocs.yml``: the docs_dir and goldenthread's options."""

    root: Path
    docs_dir: Path
    options: dict[str, Any]
    config_file: Path | None
    #: the whole file as MkDocs reads it (INHERIT merged, !ENV resolved); empty without a file
    data: dict[str, Any] = field(default_factory=dict)


def read_project_config(path: Path | None = None, *, start: Path | None = None) -> ProjectConfig:
    """goldenthread's options and docs_dir from ``mkdocs.yml`` (or defaults when there is none).

    ``path`` is the file given with ``-f``; without it the file is found from ``start`` (the
    folder a command was pointed at, else the working directory) upwards. ``docs_dir`` is
    relative to the file, as in MkDocs.
    """
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: no such configuration file")
        config_file: Path | None = path
    else:
        config_file = find_mkdocs_yml(start)
    if config_file is None:
        cwd = Path.cwd()
        return ProjectConfig(cwd, cwd / "content", {}, None)
    data = load_mkdocs_yml(config_file)
    root = config_file.resolve().parent
    docs_dir = data.get("docs_dir", "docs")
    if not isinstance(docs_dir, str) or not docs_dir.strip():
        raise ConfigError(f"{config_file}: docs_dir: expected a folder path, not {docs_dir!r}")
    return ProjectConfig(root, root / docs_dir, goldenthread_options(data), config_file, data)
