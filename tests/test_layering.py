"""The package tree is the pipeline: no stage imports a later one, and incremental/ is reached only by its seam."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "adviesarchief"
# files → documents → archive → views → pages → site → search
STAGES = ("load", "parse", "validate", "derive", "render", "write", "search")
# Shared by every stage: value types, the one error type, the config, the URL tree, text helpers.
CORE = frozenset({"config", "errors", "model", "text", "urls"})
# What runs the stages (and the fast-rebuild machinery, which may see them all).
DRIVERS = frozenset({"pipeline", "cli", "incremental", "authoring"})
MAX_LINES = 500


def modules() -> list[Path]:
    """Every module of the package."""
    return sorted(PACKAGE.rglob("*.py"))


def imported(path: Path) -> list[tuple[int, str]]:
    """Every module of the package that a module imports, with the line, as dotted names under the package."""
    tree = ast.parse(path.read_text("utf-8"))
    here = path.relative_to(PACKAGE).with_suffix("").parts
    package = here[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1] if node.level > 1 else package
                parts = [*base, *(node.module.split(".") if node.module else [])]
                names = [".".join([*parts, alias.name]) for alias in node.names] if not node.module else [".".join(parts)]
                found.extend((node.lineno, name) for name in names)
            elif node.module and node.module.startswith("adviesarchief"):
                rest = node.module.split(".")[1:]
                found.extend((node.lineno, ".".join([*rest, alias.name]) if not rest else ".".join(rest))
                             for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name.split(".", 1)[1]) for alias in node.names
                         if alias.name.startswith("adviesarchief."))
    return found


def owner(dotted: str) -> str:
    """The top-level package or module of a dotted name under the package."""
    return dotted.split(".")[0]


def violations() -> list[str]:
    """Every import that breaks the layering, as 'file:line: what'."""
    problems: list[str] = []
    for path in modules():
        rel = path.relative_to(PACKAGE)
        me = rel.parts[0].removesuffix(".py")
        for line, target in imported(path):
            other = owner(target)
            where = f"{rel}:{line}"
            if other == "incremental" and me != "incremental" and "." in target:
                problems.append(f"{where}: imports {target}, an internal of incremental/ (use its seam)")
            if other == "incremental" and me != "incremental" and me not in DRIVERS:
                problems.append(f"{where}: the stage {me} imports incremental/")
            if me in CORE and other not in CORE:
                problems.append(f"{where}: the core module {me} imports {other}")
            if me in STAGES and other in STAGES and STAGES.index(other) > STAGES.index(me):
                problems.append(f"{where}: the stage {me} imports the later stage {other}")
            if me in STAGES and other in DRIVERS:
                problems.append(f"{where}: the stage {me} imports {other}")
    return problems


def test_no_stage_imports_a_later_stage_and_incremental_is_reached_only_by_its_seam() -> None:
    assert violations() == []


def test_the_tree_shows_the_pipeline() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert set(STAGES) | {"incremental", "authoring"} == packages
    loose = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert loose == CORE | {"pipeline", "cli"}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_500_lines(path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= MAX_LINES


def test_the_checker_catches_a_stage_importing_a_later_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not vacuous: a parse module that imports render, and a render module that imports incremental, are caught."""
    fake = tmp_path / "adviesarchief"
    for name, text in {"parse/__init__.py": "", "parse/bad.py": "from ..render.routes import Output\n",
                       "render/__init__.py": "", "render/worse.py": "from ..incremental.store import SiteStore\n",
                       "incremental/__init__.py": "", "model.py": "from .derive import views\n"}.items():
        (fake / name).parent.mkdir(parents=True, exist_ok=True)
        (fake / name).write_text(text, "utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    found = violations()
    assert any("parse/bad.py:1: the stage parse imports the later stage render" in p for p in found), found
    assert any("render/worse.py:1: imports incremental.store, an internal" in p for p in found), found
    assert any("model.py:1: the core module model imports derive" in p for p in found), found
