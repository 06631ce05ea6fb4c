"""Standard streams that a closed pipe cannot break, set up by the program before any command.

`perfgoals rules | head -1`: head reads a line and exits, and the next write to the pipe fails.
A command should not fail for that, nor stop before it knows its exit status; it runs on, its
output going nowhere, and exits with the status it would have had. Only errno, io, os and sys
are imported here: the program's start-up is every command's.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any


class _PipeEnd(io.FileIO):
    """The file under stdout or stderr. When its reader has gone (`perfgoals rules | head -1`)
    the descriptor is pointed at the null device, as Python's documentation on SIGPIPE advises,
    and the write goes there: nothing is raised, and what follows is written nowhere."""

    def write(self, data: Any, /) -> int:
        try:
            return super().write(data)
        except OSError as error:
            if not reader_gone(error):
                raise
            to_null(self.fileno())
            return super().write(data)


def to_null(descriptor: int) -> None:
    """Point the descriptor at the null device: what is still written to it goes nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def discard(stream: Any) -> None:
    """Send what the stream still holds, and all it is given later, nowhere (its file cannot
    be written): so that the flush at exit does not fail again."""
    try:
        to_null(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return  # no file under it (a test runner's stream): nothing is flushed at exit


def reader_gone(error: OSError, platform: str = sys.platform) -> bool:
    """Whether a failed write means the pipe's reader has gone: EPIPE, or on Windows EINVAL,
    which is what a write to a closed pipe raises there."""
    if isinstance(error, BrokenPipeError):
        return True
    return platform == "win32" and error.errno == errno.EINVAL


def survive_closed_pipes() -> None:
    """Let stdout and stderr outlive their readers: a command whose output is no longer read
    runs on to its end and exits with the status it would have had, saying nothing (its reader
    wants nothing more). Streams that are no files (a test runner's) or are terminals (no pipe to
    close) are left as they are; the others are rebuilt over a _PipeEnd, with their encoding,
    errors and buffering."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            descriptor = stream.fileno()
        except (AttributeError, OSError, ValueError):
            continue
        if os.isatty(descriptor):
            continue
        stream.flush()
        raw = _PipeEnd(descriptor, "w", closefd=False)
        # -u (PYTHONUNBUFFERED) gives the streams no buffer: neither does their replacement.
        unbuffered = isinstance(getattr(stream, "buffer", None), io.RawIOBase)
        replacement = io.TextIOWrapper(
            raw if unbuffered else io.BufferedWriter(raw),
            encoding=stream.encoding,
            errors=stream.errors,
            newline=None if sys.platform == "win32" else "\n",  # as Python's own streams
            line_buffering=stream.line_buffering,
            write_through=stream.write_through,
        )
        setattr(sys, name, replacement)
