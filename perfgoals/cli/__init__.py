"""The `perfgoals` command: the group in `main`, one module per command family."""

from .main import main

__all__ = ["main"]
