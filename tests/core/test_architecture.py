"""The layer order is the architecture: no module imports a layer above its own.

Lowest first: ``core`` (content to model) → ``domain`` (figures from the graph) → the pipeline
(``validate``, ``analysis``) → ``views`` and ``review`` (siblings: neither imports the other) → the
adapters (``plugin.py``, ``cli.py``, ``commands/``). Only ``plugin.py`` imports MkDocs or its theme:
MkDocs 1.x is frozen and 2.0 drops plugins, so everything below the adapter must outlive it.
See ARCHITECTURE.md.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "goldenthread"
FORBIDDEN = ("mkdocs", "material", "pymdownx")

#: Rank of each layer; a module may import its own rank or lower (views and review share a rank
#: but are kept apart by SIBLINGS).
RANKS = {"core": 0, "domain": 1, "pipeline": 2, "views": 3, "review": 3, "adapter": 4, "api": 5}
SIBLINGS = {("views", "review"), ("review", "views")}
PIPELINE = {"analysis", "validate"}
ADAPTER = {"plugin", "cli", "__main__"}


def layer_of(module: str) -> str:
    """The layer of a dotted module name inside the package (``core.load``, ``plugin``…)."""
    head = module.split(".")[0]
    if head in ("core", "domain", "views", "review"):
        return head
    if head == "commands" or head in ADAPTER:
        return "adapter"
    if head in PIPELINE:
        return "pipeline"
    if head in ("", "__init__"):
        return "api"
    raise AssertionError(f"module {module!r} is in no layer: place it in one of {sorted(RANKS)}")


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts)


def imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module, line) for every import in the file, lazy ones inside functions included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(PACKAGE)
    package = list(rel.parent.parts)
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                out.append((node.module or "", node.lineno))
                continue
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            parts = [*base, *(node.module.split(".") if node.module else [])]
            target = ".".join(["goldenthread", *parts])
            for alias in node.names:  # from .x import a, b: each name may be a module
                is_module = (PACKAGE.joinpath(*parts, alias.name + ".py")).is_file() or (
                    PACKAGE.joinpath(*parts, alias.name).is_dir()
                )
                out.append((f"{target}.{alias.name}" if is_module else target, node.lineno))
    return out


def internal(name: str) -> str | None:
    if name == "goldenthread":
        return ""
    if name.startswith("goldenthread."):
        rest = name.removeprefix("goldenthread.")
        return rest
    return None


MODULES = sorted(PACKAGE.rglob("*.py"))


def upward_imports(path: Path) -> list[str]:
    me = module_name(path)
    mine = layer_of(me)
    bad = []
    for name, line in imports(path):
        target = internal(name)
        if target is None:
            continue
        theirs = layer_of(target)
        if RANKS[theirs] > RANKS[mine] or (mine, theirs) in SIBLINGS:
            bad.append(f"{path.relative_to(PACKAGE)}:{line} ({mine}) imports {target or 'goldenthread'} ({theirs})")
    return bad


def test_every_module_has_a_layer() -> None:
    assert len(MODULES) > 40
    for path in MODULES:
        layer_of(module_name(path))


#: every module but the package's __init__, which is the public API and re-exports from every layer
LAYERED = [p for p in MODULES if p != PACKAGE / "__init__.py"]


@pytest.mark.parametrize("path", LAYERED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    assert upward_imports(path) == []


def test_the_layer_check_catches_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard the guard: a core module that imports the pipeline is reported."""
    core = tmp_path / "core"
    core.mkdir()
    bad = core / "model.py"
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "budget.py").write_text("", encoding="utf-8")
    bad.write_text("from ..analysis import analyse\nfrom ..domain import budget\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    assert [m.split(" imports ")[1] for m in upward_imports(bad)] == ["analysis (pipeline)", "domain.budget (domain)"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_adapter_imports_mkdocs(path: Path) -> None:
    if path == PACKAGE / "plugin.py":
        return
    bad = sorted({n for n, _ in imports(path) if n.split(".")[0] in FORBIDDEN})
    assert bad == [], f"{path.relative_to(PACKAGE)} imports {bad}: only plugin.py may"


def test_the_cli_runs_without_mkdocs_loaded() -> None:
    """Importing and running the CLI loads no mkdocs module."""
    code = (
        "import sys; from goldenthread import cli; cli.main(['schema']) ; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')]; "
        "sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def import_graph(modules: list[Path]) -> dict[str, set[str]]:
    """Module -> the package modules it imports (lazy imports inside functions included)."""
    known = {module_name(p) for p in modules}
    graph: dict[str, set[str]] = {}
    for path in modules:
        targets: set[str] = set()
        for name, _ in imports(path):
            target = internal(name)
            # ``from ..core.model import Item`` names a module; an attribute path is trimmed to it
            while target is not None and target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target is not None and target in known:
                targets.add(target)
        me = module_name(path)
        graph[me] = targets - {me}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or in a circle (Tarjan's SCCs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_import_cycle_between_package_modules() -> None:
    """Modules import each other in one direction only, lazy imports too: a cycle hides the order."""
    assert import_cycles(import_graph(MODULES)) == []


def test_the_cycle_check_catches_a_lazy_import_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard the guard: a module importing another inside a function, which imports it back, is a cycle."""
    views = tmp_path / "views"
    views.mkdir()
    (views / "pages.py").write_text("def all():\n    from .dashboards import pages\n", encoding="utf-8")
    (views / "dashboards.py").write_text("from .pages import front_matter\n", encoding="utf-8")
    (views / "render.py").write_text("from .pages import front_matter\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    modules = sorted(tmp_path.rglob("*.py"))
    assert import_cycles(import_graph(modules)) == [["views.dashboards", "views.pages"]]
