"""``goldenthread check --strict`` and ``mkdocs build --strict`` agree on every content problem.

A team runs the check in CI or a pre-commit hook and trusts that a green check means a green
build. Every bad-input case (tests/bad_input_cases.py ``CASES``) and every rule fixture
(tests/rule_fixtures.py ``RULE_FIXTURES``) is written beside the same clean wiki with the same
``mkdocs.yml``; both commands run in that folder and must both pass or both fail, and neither
may end in a traceback. Both run in-process, as their command lines run them (``goldenthread.cli``
and ``load_config`` + ``build``, which is all ``mkdocs build --strict`` does): 150 subprocesses
would spend most of their time importing MkDocs and the theme. tests/rules/test_bad_input.py
runs the real ``mkdocs build`` command for a subset.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest

from bad_input_cases import CASES, Case, case_options, write_case
from hardening_helpers import run_cli
from rule_fixtures import FIXTURES
from site_helpers import _run_build, capture_mkdocs_warnings, write_files, write_site
from wikis import TODAY, VALID_WIKI

#: name -> a bad-input case, or the content files of a rule fixture
SUBJECTS: dict[str, Case | dict[str, str]] = {
    **{f"case-{c.name}": c for c in CASES if c.path is None},
    **{f"fixture-{name}": files for name, files in FIXTURES.items()},
}


def _write(root: Path, subject: Case | dict[str, str]) -> None:
    if isinstance(subject, Case):
        write_site(root, {}, case_options(subject))
        write_case(root, subject)
    else:
        write_site(root, {}, {"today": TODAY})
        write_files(root / "content", {**VALID_WIKI, **subject})


def build_strict(root: Path) -> tuple[int, str]:
    """``mkdocs build --strict`` in ``root``, in-process: (1 if it aborted else 0, what it logged);
    any other exception is returned as a traceback, as the command line would print it."""
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


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, int, str]]:
    """name -> (check exit, check output, build exit, build output)."""
    out: dict[str, tuple[int, str, int, str]] = {}
    for name, subject in SUBJECTS.items():
        root = tmp_path_factory.mktemp(name[:40])
        _write(root, subject)
        out[name] = (*run_cli(root, ["check", "--strict"]), *build_strict(root))
    return out


def test_every_case_and_fixture_is_compared() -> None:
    assert len(SUBJECTS) >= 140
    assert any(name.startswith("fixture-GT001") for name in SUBJECTS)


@pytest.mark.parametrize("name", list(SUBJECTS))
def test_check_and_build_agree(name: str, outcomes: dict[str, tuple[int, str, int, str]]) -> None:
    check_exit, check_out, build_exit, build_out = outcomes[name]
    assert "Traceback" not in check_out, check_out[-3000:]
    assert "Traceback" not in build_out, build_out[-3000:]
    assert check_exit in (0, 1, 2), check_out[-3000:]  # 2: a configuration error
    assert (check_exit == 0) == (build_exit == 0), (
        f"check --strict exited {check_exit}, mkdocs build --strict exited {build_exit}\n"
        f"--- check\n{check_out[-2000:]}\n--- build\n{build_out[-3000:]}"
    )
