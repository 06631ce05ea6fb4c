"""The `perfgoals` command: a thin layer over the API, with named exit codes.

Subcommands are imported only when they run, so `perfgoals fmt` or `perfgoals check` never
pay for SQLModel, openpyxl or rich, and `perfgoals --help` lists them from their summaries
(cli/summaries.py) without importing any. Machine output goes to stdout alone, messages to
stderr.
"""

from __future__ import annotations

import importlib
import inspect
import re
from functools import cache

import click

from .. import i18n
from ..language.width import display_width
from .summaries import SUMMARIES

# name → "module:function" of every command, one module per command family.
LAZY_COMMANDS: dict[str, str] = {
    "value": "perfgoals.cli.language:value",
    "export": "perfgoals.cli.language:export",
    "schema": "perfgoals.cli.language:schema",
    "fmt": "perfgoals.cli.language:fmt",
    "import": "perfgoals.cli.importer:import_command",
    "export-table": "perfgoals.cli.importer:export_table_command",
    "audit": "perfgoals.cli.importer:audit_command",
    "budget": "perfgoals.cli.budget:budget_command",
    "score": "perfgoals.cli.score:score",
    "policies": "perfgoals.cli.score:policies",
    "template": "perfgoals.cli.template:template_command",
    "monitor": "perfgoals.cli.monitor:monitor_command",
    "profiles": "perfgoals.cli.monitor:profiles_command",
    "check": "perfgoals.cli.check:check",
    "rules": "perfgoals.cli.check:rules",
    "compare": "perfgoals.cli.store:compare_command",
    "db": "perfgoals.cli.store:db",
    "save": "perfgoals.cli.store:save",
    "report": "perfgoals.cli.report:report_command",
}


def _speak_clicks_language() -> None:
    """Route click's own texts (Usage:, Options, its usage errors) through our catalog.

    Click marks them for gettext with the module-level `_` and `ngettext` of each of its
    modules, bound to gettext's global domain; rebinding them lets those texts follow --lang and
    PERFGOALS_LANG like ours. Their Chinese is in perfgoals.po with the rest.
    """
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
        click.utils,
    ):
        if hasattr(module, "_"):
            setattr(module, "_", i18n._)  # noqa: B010 (mypy does not know the module's `_`)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", i18n.ngettext)  # noqa: B010


_speak_clicks_language()


# A wide character (CJK, full-width punctuation) on its own, a run of other non-space text, or
# spaces: Chinese breaks between any two characters, other text between words. Compiled on
# first use: the range up to U+10FFFF takes milliseconds that only help text needs.
@cache
def _wrap_tokens() -> re.Pattern[str]:
    return re.compile(r"[\u2e80-\U0010ffff]|[^\s\u2e80-\U0010ffff]+|\s+")


_NO_LINE_START = set("，。、；：？！）》」』”’…")


def _wrap_wide(
    text: str,
    width: int = 78,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """click's wrap_text, measuring columns as a terminal does: a Chinese character takes two.

    Click counts characters, so Chinese help ran twice as wide as the terminal and, having no
    spaces, was never broken. Text without wide characters is left to click.
    """
    if not any(display_width(ch) == 2 for ch in text):
        return _click_wrap_text(text, width, initial_indent, subsequent_indent, preserve_paragraphs)
    paragraphs = re.split(r"\n\s*\n", text) if preserve_paragraphs else [text]
    out = []
    for paragraph in paragraphs:
        lines: list[str] = []
        prefix, line, used = initial_indent, "", 0
        for token in _wrap_tokens().findall(" ".join(paragraph.split())):
            if token.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            w = display_width(token)
            if line and used + w > width - len(prefix) and token not in _NO_LINE_START:
                lines.append(prefix + line.rstrip())
                prefix, line, used = subsequent_indent, "", 0
            line, used = line + token, used + w
        lines.append(prefix + line.rstrip())
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _term_width(x: str) -> int:
    """click's term_len in terminal columns: an option's Chinese metavar (`文件`) takes four,
    so the help column after it lines up."""
    return display_width(click.unstyle(x))


_click_wrap_text = click.formatting.wrap_text
click.formatting.wrap_text = _wrap_wide
setattr(click.formatting, "term_len", _term_width)  # noqa: B010 (not in its stubs' exports)


def localize(command: click.Command) -> click.Command:
    """Show `command`'s help, its options' and its subcommands' in the current language.

    The English texts stay the msgids, kept aside on first use, so a process that switches
    language (the test suite does) shows each in the language in force when help is drawn.
    """
    for item in [command, *command.params]:
        for field in ("help", "short_help"):
            english = item.__dict__.setdefault(f"_english_{field}", getattr(item, field, None))
            if english:
                # A command's help is its docstring, indented as written; the msgid is not.
                msgid = inspect.cleandoc(english) if item is command else english
                setattr(item, field, i18n._(msgid))
    # Click makes the --help option on first use and keeps it, its text in the language of
    # that moment: let it be made again in this one.
    if "_help_option" in command.__dict__:
        command.__dict__["_help_option"] = None
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localize(sub)
    return command


def _language_named(args: list[str]) -> str | None:
    """The value of the group's --lang, looked up before click parses, so that help and errors
    drawn while parsing are already in that language."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        elif arg.startswith("-"):
            continue
        else:
            return None  # the command's name: the group's own options end here
        return value if value in i18n.LANGUAGES else None
    return None


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    # Decided once per command: every message would otherwise read the environment again.
    i18n.set_language(value or i18n.language_from_environment())


class LazyGroup(click.Group):
    """A group whose listed commands are imported on first use, with help in the user's
    language."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        i18n.set_language(_language_named(args))
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        localize(self)
        super().format_help(ctx, formatter)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(LAZY_COMMANDS)  # every command is lazy: none is added to the group

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's list of commands, each one's summary taken from SUMMARIES."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            # A stand-in with the summary as its help shortens it as click does the real one.
            stand_in = click.Command(name, help=i18n._(SUMMARIES[name]))
            rows.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section(i18n._("Commands")):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in LAZY_COMMANDS:
            return None
        module_name, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return localize(command)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            # click suggests only the commands it has loaded; these are imported on use.
            from difflib import get_close_matches

            close = get_close_matches(name, self.list_commands(ctx))
            message = i18n._("No such command {name}.", name=repr(name))
            if len(close) == 1:
                message += " " + i18n._("Did you mean {name}?", name=repr(close[0]))
            elif close:
                names = ", ".join(map(repr, close))
                message += " " + i18n._("Did you mean one of: {names}?", names=names)
            raise click.UsageError(message, ctx)
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perfgoals")
@click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    is_eager=True,
    expose_value=False,
    callback=_set_language,
    help="Language of help and messages: zh (Chinese) or en (English). "
    "Default: PERFGOALS_LANG, else the locale; Chinese when none is set.",
)
def main() -> None:
    """Performance targets of public budgets: write, check, score, import, store."""
