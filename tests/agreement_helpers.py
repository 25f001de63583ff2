"""``goldenthread check --strict`` and ``mkdocs build --strict`` run in one folder, to compare.

A team runs the check in CI or a pre-commit hook and trusts that a green check means a green
build, so every bad-input case (tests/rules/test_bad_input.py) and every rule fixture
(tests/rules/test_rules.py) runs both and they must agree. Both run in-process, as their command
lines run them (``goldenthread.cli`` and ``load_config`` + ``build``, which is all ``mkdocs build
--strict`` does): a subprocess each would spend most of its time importing MkDocs and the theme.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from hardening_helpers import run_cli
from site_helpers import _run_build, capture_mkdocs_warnings


def build_strict(root: Path) -> tuple[int, str]:
    """``mkdocs build --strict`` in ``root``: (1 if it aborted else 0, what it logged); any other
    exception comes back as a traceback, as the command line would print it."""
    from mkdocs.exceptions import Abort

    code, extra = 0, ""
    with capture_mkdocs_warnings() as records:
        try:
            _run_build(root / "mkdocs.yml", root / "site", strict=True)
        except Abort as exc:
            code, extra = 1, f"Aborted: {exc}"
        except Exception:
            code, extra = 1, "Traceback\n" + traceback.format_exc()
    return code, "\n".join([*(f"{r.levelname}: {r.getMessage()}" for r in records), extra])


def assert_check_and_build_agree(root: Path) -> None:
    """Both pass or both fail (exit 2 is a configuration error), and neither ends in a traceback."""
    check_exit, check_out = run_cli(root, ["check", "--strict"])
    build_exit, build_out = build_strict(root)
    assert "Traceback" not in check_out, check_out[-3000:]
    assert "Traceback" not in build_out, build_out[-3000:]
    assert check_exit in (0, 1, 2), check_out[-3000:]
    assert (check_exit == 0) == (build_exit == 0), (
        f"check --strict exited {check_exit}, mkdocs build --strict exited {build_exit}\n"
        f"--- check\n{check_out[-2000:]}\n--- build\n{build_out[-3000:]}"
    )
