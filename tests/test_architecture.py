"""The one rule that is not negotiable: the core never imports MkDocs (or its theme and extensions).

MkDocs 1.x is frozen and 2.0 drops plugins; only plugin.py may know about MkDocs, so the core can
outlive the adapter (the CLI and `goldenthread generate` run without it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "goldenthread"
ADAPTERS = {"plugin.py"}
FORBIDDEN = ("mkdocs", "material", "pymdownx")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


CORE = sorted(p for p in PACKAGE.rglob("*.py") if p.name not in ADAPTERS)


def test_the_core_is_everything_but_the_adapter() -> None:
    assert len(CORE) > 20 and (PACKAGE / "plugin.py").is_file()


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_does_not_import_mkdocs(path: Path) -> None:
    bad = sorted(n for n in _imports(path) if n.split(".")[0] in FORBIDDEN)
    assert bad == [], f"{path.relative_to(PACKAGE)} imports {bad}: only plugin.py may"


def test_the_cli_runs_without_mkdocs_loaded() -> None:
    """Importing and running the CLI's check loads no mkdocs module."""
    import subprocess
    import sys

    code = ("import sys; from goldenthread import cli; cli.main(['schema']) ; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')]; "
            "sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
