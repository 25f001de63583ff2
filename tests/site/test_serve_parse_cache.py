"""``mkdocs serve`` keeps parsed files between rebuilds, but not across a change of schema.

Rebuilds are driven in-process as ``mkdocs/commands/serve.py`` drives them: ``on_startup``
once, then ``load_config`` again before each build, which keeps the plugin instance (and its
parse cache). Custom fields come from ``mkdocs.yml``, so editing them there must re-parse files
that did not change.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from site_helpers import capture_mkdocs_warnings, site_config, write_site
from wikis import VALID_WIKI, edit

SERVE_URL = "http://127.0.0.1:8000/"

#: The minimal wiki with a field (``region``) that ``mkdocs.yml`` does not declare yet.
WIKI = edit(VALID_WIKI, "plan.yml", "    plan: PLAN-2027\n", "    region: EMEA\n    plan: PLAN-2027\n")


def _rebuild(config_file: Path, site_dir: Path, first: bool) -> tuple[Any, list[logging.LogRecord]]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with capture_mkdocs_warnings() as records:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        if first:
            config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=False)
    return config.plugins["goldenthread"], list(records)


def _unknown_region(records: list[logging.LogRecord]) -> list[str]:
    return [r.getMessage() for r in records if "GT020" in r.getMessage() and "region" in r.getMessage()]


def test_a_schema_change_in_mkdocs_yml_reparses_unchanged_files(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, WIKI)
    site_dir = tmp_path / "site"
    plugin, records = _rebuild(config_file, site_dir, first=True)
    assert _unknown_region(records), "the undeclared field is reported"

    # The same configuration again: every file comes from the cache.
    misses = plugin.cache.misses
    again, records = _rebuild(config_file, site_dir, first=False)
    assert again is plugin
    assert plugin.cache.misses == misses
    assert _unknown_region(records)

    # Declare the field in mkdocs.yml; no content file changes.
    config_file.write_text(site_config({"fields": {"campaign": {"region": {"kind": "text"}}}}), encoding="utf-8")
    again, records = _rebuild(config_file, site_dir, first=False)
    assert again is plugin
    assert plugin.cache.misses > misses, "files are parsed again with the new schema"
    assert not _unknown_region(records)
