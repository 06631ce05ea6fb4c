"""`python -m perfgoals`: the same as the `perfgoals` command."""

from .cli import run

run()
