"""Shared test fixtures: write a content folder, analyse it, and query the diagnostics.

* ``write_content(files, root=None)`` writes ``{relpath: text | bytes}`` under ``<tmp>/content``
  (text is written as UTF-8 exactly as given, no newline translation) and returns that folder.
* ``check(docs_dir, **options)`` is :func:`check_helpers.run_check`: it runs
  :func:`goldenthread.analysis.analyse` with :func:`goldenthread.core.config.parse_settings`
  (``today`` defaults to :data:`wikis.TODAY`, so no test depends on the machine's date). File
  labels are relative to the folder's parent, e.g. ``content/plans.yml``, as
  ``goldenthread check content`` prints them from a repository root.
* ``valid_wiki`` is a copy of :data:`wikis.VALID_WIKI`, the small clean wiki (objective, KPIs,
  plan, campaign, tactic) that rule tests extend with one mistake each.

Nothing is defined here that a test module imports: the wikis and dates live in ``wikis.py``, the
analysis helpers in ``check_helpers.py``, the site helpers in ``site_helpers.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from check_helpers import Result, run_check
from site_helpers import write_files
from wikis import VALID_WIKI

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def write_content(tmp_path: Path) -> Callable[..., Path]:
    def write(files: Mapping[str, str | bytes], root: Path | None = None) -> Path:
        return write_files(root or tmp_path / "content", files)

    return write


@pytest.fixture
def check() -> Callable[..., Result]:
    return run_check


@pytest.fixture
def valid_wiki() -> dict[str, str]:
    return dict(VALID_WIKI)
