"""Fixtures of the import tests: real fragments of the seed disclosure, and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SEED_DISCLOSURE

SEED_LINES = SEED_DISCLOSURE.read_text(encoding="utf-8").split("\n")


def seed_lines(first: int, last: int) -> list[str]:
    """Lines first..last (1-based, inclusive) of the seed disclosure, exactly as they are."""
    return SEED_LINES[first - 1 : last]


@pytest.fixture
def write_text(tmp_path: Path) -> Callable[..., Path]:
    def write(lines: list[str], name: str = "fragment.txt") -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
