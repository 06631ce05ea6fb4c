"""Standard streams that a closed pipe cannot break, set up by the program before any command.

`perfgoals rules | head -1`: head reads a line and exits, and the next write to the pipe fails.
A command should not fail for that, nor stop before it knows its exit status; it runs on, its
output going nowhere, and exits with the status it would have had. Only io, os and sys are
imported here: the program's start-up is every command's.
"""

from __future__ import annotations

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
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, self.fileno())
            finally:
                os.close(devnull)
            return super().write(data)


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
