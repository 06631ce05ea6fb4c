"""`python -m perfgoals`: the same as the `perfgoals` command."""

from .cli.main import main

main()
