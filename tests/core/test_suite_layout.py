"""The test suite's own layout: test modules share helpers and fixtures, never each other.

What tests share lives in helper modules beside ``conftest.py`` (``wikis.py``, ``check_helpers.py``,
``site_helpers.py``…) or on disk under ``tests/fixtures/``. A test module that imports another
one runs that module's tests' set-up at import and ties two files together that a reader would
not look for; importing ``conftest`` loads it a second time under another name.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
FOLDERS = ("core", "domain", "rules", "views", "review", "site", "browser", "cli")


def _python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "fixtures" not in p.relative_to(TESTS).parts)


def _imported(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, node.lineno))
    return found


def test_no_test_module_imports_another_or_conftest() -> None:
    offenders = [
        f"{path.relative_to(TESTS)}:{line}: imports {name}"
        for path in _python_files()
        for name, line in _imported(path)
        if name.split(".")[0].startswith("test_") or name.split(".")[0] == "conftest"
    ]
    assert offenders == []


def test_test_modules_sit_in_the_layer_folders_with_unique_names() -> None:
    modules = [p for p in _python_files() if p.name.startswith("test_")]
    assert modules, "no test modules found"
    misplaced = [str(p.relative_to(TESTS)) for p in modules if p.parent.parent != TESTS or p.parent.name not in FOLDERS]
    assert misplaced == []
    repeated = [name for name, n in Counter(p.name for p in modules).items() if n > 1]
    assert repeated == []


def test_conftest_does_not_extend_the_import_path() -> None:
    """The helpers are importable because pytest puts ``tests/`` on the path for ``conftest.py``."""
    tree = ast.parse((TESTS / "conftest.py").read_text(encoding="utf-8"))
    paths = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "path"]
    assert paths == []
