"""Only the store imports SQLModel and SQLAlchemy, and commands that do not store never load it."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT


def test_only_the_store_imports_sqlmodel_or_sqlalchemy() -> None:
    offenders = []
    for path in (ROOT / "perfgoals").rglob("*.py"):
        if "store" in path.relative_to(ROOT / "perfgoals").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path}: {n}" for n in names if n.split(".")[0] in ("sqlmodel", "sqlalchemy")
            ]
    assert offenders == []


def test_the_cli_starts_without_the_store() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from perfgoals.cli import main\n"
        "CliRunner().invoke(main, ['--help'])\n"
        "CliRunner().invoke(main, ['value', '888 场'])\n"
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out == "[]\n"
