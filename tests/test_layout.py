"""The package layout's contracts: arrows run one way, heavy libraries stay in their rooms,
modules fit in a reader's head, and the public API keeps its names."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "perfgoals"

# Each stage and the stages it may import. Anything not listed is forbidden, so a new arrow is
# a decision made here, in review, rather than an accident.
ALLOWED: dict[str, set[str]] = {
    "i18n": set(),
    "language": set(),
    "tables": {"language"},
    "actuals": {"language", "tables"},
    "scoring": {"language", "actuals"},
    "checks": {"language", "scoring"},
    "importer": {"language", "tables", "actuals", "scoring"},
    "reports": {"language", "tables", "actuals", "scoring", "importer", "monitoring"},
    "monitoring": {"language", "tables", "actuals", "scoring"},
    "store": {"language", "actuals", "scoring", "monitoring"},
    "cli": {
        "language",
        "tables",
        "actuals",
        "scoring",
        "monitoring",
        "checks",
        "importer",
        "reports",
        "store",
    },
}
TOP_LEVEL = {"__init__", "__main__"}  # the thin API and `python -m perfgoals`
# Stages every stage may import: the interface's languages (perfgoals.i18n) speak for them all.
EVERYWHERE = {"i18n"}

# Third-party libraries and the only stages (or modules) that may import them.
HEAVY: dict[str, tuple[str, ...]] = {
    "lark": ("perfgoals.language.parser",),
    "openpyxl": ("perfgoals.tables", "perfgoals.reports"),
    "xlrd": ("perfgoals.tables.xls",),
    "pdfplumber": ("perfgoals.tables.pdf",),
    "opencc": ("perfgoals.tables.chinese",),
    "sqlmodel": ("perfgoals.store",),
    "sqlalchemy": ("perfgoals.store",),
}
MAX_LINES = 600


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def imports(name: str, path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, as absolute names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            out.add(module)
            out |= {f"{module}.{a.name}" for a in node.names}
    return out


ALL = dict(modules())


def stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "__init__"


def test_every_stage_is_listed() -> None:
    stages = {stage(m) for m in ALL} - TOP_LEVEL
    assert stages == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(ALL))
def test_arrows_run_one_way(name: str) -> None:
    own = stage(name)
    if own in TOP_LEVEL:
        return
    wrong = sorted(
        m
        for m in imports(name, ALL[name])
        if m in ALL and stage(m) not in TOP_LEVEL | EVERYWHERE | {own} | ALLOWED[own]
    )
    assert wrong == [], f"{name} imports {wrong}: {own} may import only {sorted(ALLOWED[own])}"


def test_no_import_circles() -> None:
    graph = {
        name: {m for m in imports(name, path) if m in ALL and not name.startswith(m + ".")} - {name}
        for name, path in ALL.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert circles == []


def test_heavy_libraries_stay_in_their_rooms() -> None:
    offenders = []
    for name, path in ALL.items():
        for module in imports(name, path):
            allowed = HEAVY.get(module.split(".")[0])
            if allowed is not None and not any(
                name == a or name.startswith(a + ".") for a in allowed
            ):
                offenders.append(f"{name} imports {module}")
    assert offenders == []


def test_modules_fit_in_a_readers_head() -> None:
    long = {
        name: n
        for name, path in ALL.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_public_api_keeps_its_names() -> None:
    code = (
        "import perfgoals\n"
        "names = ['Diagnostic', 'Indicator', 'Level1', 'Level2', 'Nature', 'PerfgoalsError',"
        " 'Project', 'Ruleset', 'SourceError', 'Span', 'ValueSyntaxError', '__version__',"
        " 'format_ruleset', 'parse_file', 'parse_ruleset', 'parse_value']\n"
        "assert sorted(perfgoals.__all__) == sorted(names), perfgoals.__all__\n"
        "for n in names: getattr(perfgoals, n)\n"
        'r = perfgoals.parse_ruleset(\'project "p" { 产出 { 数量 "x" "888 场" } }\')\n'
        "assert perfgoals.format_ruleset(r).startswith('project')\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
