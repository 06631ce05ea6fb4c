"""The `perfgoals` command: the group in `main`, one module per command family."""

import os
import sys

# pydantic scans every installed package's entry points for plugins the first time a model is
# built; perfgoals uses none, and the scan is a visible share of a short command's start-up.
# Only this process is affected: the command owns it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .main import main

__all__ = ["main", "run"]


def run() -> None:
    """The `perfgoals` program (its console script and `python -m perfgoals`): the command
    group, writing to streams that a closed pipe cannot break (cli.pipes)."""
    from .pipes import survive_closed_pipes

    survive_closed_pipes()
    try:
        try:
            main()
        finally:
            sys.stdout.flush()  # here, not at exit, where a failure is no message of ours
    except OSError as error:  # an output that cannot be written: stdout on a full disk
        from .common import cannot_write

        cannot_write(error)
