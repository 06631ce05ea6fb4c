"""What every command module shares: exit codes, the error wrapper, file lists, output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..i18n import _, os_reason
from ..language.errors import PerfgoalsError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2

F = TypeVar("F", bound=Callable[..., Any])


def fail(error: PerfgoalsError) -> NoReturn:
    """Report unusable input on stderr and exit 2."""
    click.echo(str(error), err=True)
    sys.exit(EXIT_UNUSABLE)


def reports_errors(func: F) -> F:
    """Turn the project's own errors into a message and exit code 2, never a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PerfgoalsError as error:
            fail(error)
        except BrokenPipeError:
            # The reader of stdout stopped. Under `run` (the program) a write never raises
            # this (cli.pipes); a caller of the group itself gets the group's end.
            raise
        except OSError as error:
            # A write to an open file names none: a full disk's error is the -o file's.
            cannot_write(error, kwargs.get("output"))

    return wrapper  # type: ignore[return-value]


def cannot_write(error: OSError, output: str | None = None) -> NoReturn:
    """An output that cannot be written (no such folder, no permission, a full disk): the
    same one line as any other unusable input, and exit 2. When stderr cannot be written
    either, the exit status is all that can be said."""
    from .pipes import discard

    if error.filename is not None:
        line = f"{error.filename}: {os_reason(error)}"
    elif output not in (None, "-"):
        line = f"{output}: {os_reason(error)}"
    else:  # the standard output (or error) stream: what it still holds is lost with it
        discard(sys.stdout)
        line = "perfgoals: " + _("cannot write the output: {reason}", reason=os_reason(error))
    try:
        click.echo(line, err=True)
    except OSError:
        discard(sys.stderr)
    sys.exit(EXIT_UNUSABLE)


def ruleset_files(paths: tuple[str, ...]) -> Iterator[Path]:
    """The files named, and the .perf files under the folders named, in a stable order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.perf") if p.is_file())
        else:
            yield path


def write_output(text: str, output: str | None, fmt: str | None = None) -> None:
    """A command's text to stdout (no -o, or -o -) or to the file -o names, as it is: newlines
    untranslated, and a CSV file (`fmt` csv) in the encoding `file_encoding` gives it."""
    if output is None or output == "-":
        click.echo(text, nl=not text.endswith("\n"))
    else:
        Path(output).write_text(text, encoding=file_encoding(fmt), newline="")


def file_encoding(fmt: str | None) -> str:
    """UTF-8, and for CSV with a byte-order mark: what Chinese Excel needs to open a CSV file as
    UTF-8 (perfgoals' own readers take either)."""
    return "utf-8-sig" if fmt == "csv" else "utf-8"


def output_width(output: str | None) -> int | None:
    """Columns to draw tables in: the terminal's, or COLUMNS when set; None for the default
    (files and pipes get the report's own width, so what is saved does not depend on who ran it)."""
    import os
    import shutil

    if output not in (None, "-"):
        return None
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None
