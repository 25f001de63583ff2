"""What an ordinary build prints: no noise that buries the problems worth reading."""

from __future__ import annotations

import logging
from pathlib import Path

from site_helpers import build_site, write_site
from wikis import wiki


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_generated_pages_left_out_of_a_nav_are_not_listed(tmp_path: Path) -> None:
    """With a nav, MkDocs lists every page it leaves out: the generated item pages are meant to be."""
    files = {**wiki("minimal"), "notes.md": "# Notes\n"}
    config = write_site(
        tmp_path,
        files,
        None,
        extra={"nav": ["index.md", {"Traceability": "traceability.md"}]},
    )
    logger = logging.getLogger("mkdocs")
    handler = _Records()
    old = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        build_site(config)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    omitted = [m for m in handler.messages if 'not included in the "nav"' in m]
    assert len(omitted) == 1, handler.messages  # the team's own page left out is still listed
    assert "notes.md" in omitted[0]
    assert "items/" not in omitted[0] and "budget.md" not in omitted[0]
