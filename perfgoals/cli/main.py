"""The `perfgoals` command: a thin layer over the API, with named exit codes.

Subcommands are imported only when they run, so `perfgoals fmt` or `perfgoals check` never
pay for SQLModel, openpyxl or rich. Machine output goes to stdout alone, messages to stderr.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from .common import EXIT_FINDINGS

# name → "module:function" of every command, one module per command family.
LAZY_COMMANDS: dict[str, str] = {
    "value": "perfgoals.cli.language:value",
    "export": "perfgoals.cli.language:export",
    "schema": "perfgoals.cli.language:schema",
    "fmt": "perfgoals.cli.language:fmt",
    "import": "perfgoals.cli.importer:import_command",
    "export-table": "perfgoals.cli.importer:export_table_command",
    "audit": "perfgoals.cli.importer:audit_command",
    "score": "perfgoals.cli.score:score",
    "policies": "perfgoals.cli.score:policies",
    "template": "perfgoals.cli.template:template_command",
    "check": "perfgoals.cli.check:check",
    "rules": "perfgoals.cli.check:rules",
    "compare": "perfgoals.cli.store:compare_command",
    "db": "perfgoals.cli.store:db",
    "save": "perfgoals.cli.store:save",
}


class LazyGroup(click.Group):
    """A group whose listed commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            # click suggests only the commands it has loaded; these are imported on use.
            from difflib import get_close_matches

            close = get_close_matches(name, self.list_commands(ctx))
            message = f"No such command {name!r}."
            if len(close) == 1:
                message += f" Did you mean {close[0]!r}?"
            elif close:
                message += f" Did you mean one of: {', '.join(map(repr, close))}?"
            raise click.UsageError(message, ctx)
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command; a reader that stops early (`| head`) ends it quietly."""
        try:
            return super().main(*args, **kwargs)
        except BrokenPipeError:
            quiet_stdout()
            sys.exit(EXIT_FINDINGS)


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (a test runner's buffer)
        pass
    finally:
        os.close(devnull)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perfgoals")
def main() -> None:
    """Performance targets of public budgets: write, check, score, import, store."""
