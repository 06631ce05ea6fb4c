"""Pausing Python's cyclic garbage collector while a large acyclic structure is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after.

    Models and results are trees without cycles, so reference counting frees them alone. While
    millions of their nodes are created, each generation-0 threshold would start a collection
    that walks everything still alive, again and again: at a province's scale that is half the
    time of a parse or a scoring run.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
