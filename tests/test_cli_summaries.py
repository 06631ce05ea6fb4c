"""`perfgoals --help` lists the commands from cli/summaries.py: the same text as their own help."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest

from perfgoals import i18n
from perfgoals.cli.main import LAZY_COMMANDS, localize, main
from perfgoals.cli.summaries import SUMMARIES
from tests.conftest import ROOT


def real(name: str) -> click.Command:
    module, _, attr = LAZY_COMMANDS[name].partition(":")
    command = getattr(importlib.import_module(module), attr)
    assert isinstance(command, click.Command)
    return localize(command)


def test_every_command_has_a_summary() -> None:
    assert sorted(SUMMARIES) == sorted(LAZY_COMMANDS)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_a_summary_is_the_first_paragraph_of_the_commands_help(name: str, language: str) -> None:
    i18n.set_language(language)
    try:
        command = real(name)
        for limit in (20, 45, 66, 120, 400):
            summary = click.Command(name, help=i18n._(SUMMARIES[name])).get_short_help_str(limit)
            assert summary == command.get_short_help_str(limit), (name, limit)
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_groups_help_is_what_click_draws_from_the_commands(language: str) -> None:
    i18n.set_language(language)
    try:
        for width in (60, 80, 200):
            ctx = click.Context(main, info_name="perfgoals", terminal_width=width)
            lazy = click.HelpFormatter(width=width)
            main.format_commands(ctx, lazy)
            group = click.Group(commands={name: real(name) for name in LAZY_COMMANDS})
            drawn = click.HelpFormatter(width=width)
            click.Group.format_commands(group, ctx, drawn)
            assert lazy.getvalue() == drawn.getvalue()
    finally:
        i18n.set_language("en")


def test_the_groups_help_imports_no_command_and_no_model() -> None:
    code = (
        "import sys\n"
        "from perfgoals.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('pydantic', 'lark', 'perfgoals.cli.')\n"
        "loaded = [m for m in sys.modules if m.startswith(heavy)]\n"
        "print(sorted(loaded), file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "check" in run.stdout
    assert run.stderr.strip() == "['perfgoals.cli.main', 'perfgoals.cli.summaries']"
