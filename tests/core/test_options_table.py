"""The plugin's options are declared once (core/options.py): the MkDocs config class, Settings
and the README's options table all list the same options, with the table's defaults."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from goldenthread.core.config import ConfigError, Settings, parse_settings
from goldenthread.core.options import DEFAULTS, OPTIONS, markdown_table
from goldenthread.plugin import GoldenthreadPlugin

README = Path(__file__).resolve().parents[2] / "README.md"
NAMES = [o.name for o in OPTIONS]


def _readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("| Option | Default | Meaning |")
    return text[start : text.index("\n\n", start) + 1]


def test_the_plugin_config_class_declares_the_table() -> None:
    schema = dict(GoldenthreadPlugin.config_class._schema)
    assert list(schema) == NAMES
    plugin = GoldenthreadPlugin()
    errors, _ = plugin.load_config({})
    assert errors == []
    assert {k: plugin.config[k] for k in NAMES} == DEFAULTS


def test_settings_fields_are_the_options_settings() -> None:
    fields = {f.name for f in dataclasses.fields(Settings)}
    assert fields == {o.setting for o in OPTIONS if o.setting}
    adapter_only = {o.name for o in OPTIONS if not o.setting}
    assert adapter_only == {"enabled", "mermaid", "allow_html", "preview"}


def test_the_readme_table_is_the_option_table() -> None:
    assert _readme_table() == markdown_table(), "paste goldenthread.core.options.markdown_table() into README.md"
    assert re.findall(r"^\| `(\w+)` \|", _readme_table(), flags=re.M) == NAMES


def test_parse_settings_takes_its_defaults_and_checks_from_the_table() -> None:
    s = parse_settings({})
    for o in OPTIONS:
        if o.setting and o.kind in ("text", "choice", "number", "integer", "bool") and not o.setting.endswith("_path"):
            assert getattr(s, o.setting) == o.default, o.name
    for o in OPTIONS:
        if o.kind == "choice":
            with pytest.raises(ConfigError, match=f"{o.name}: 'nope' is not one of {', '.join(o.choices)}"):
                parse_settings({o.name: "nope"})
    with pytest.raises(ConfigError, match="unknown goldenthread option"):
        parse_settings({"no_such_option": 1})
