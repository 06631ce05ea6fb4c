"""A separate process that saves to the store, for the crash and concurrency tests.

    python -m tests.store.writer URL FIRST COUNT COPIES

saves COUNT rulesets (numbered from FIRST, each COPIES times the seed's projects) one by one,
printing `inside N` once a save's transaction has written its first rows and `saved N V`
when it is committed as version V. It waits for the file named by PERFGOALS_TEST_GO, if set,
before starting, so two writers start together.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from perfgoals.language.model import Ruleset
from perfgoals.language.parser import parse_file
from perfgoals.store import Store, repository
from tests.conftest import SEED_RULESET


def big_ruleset(seed: Ruleset, number: int, copies: int) -> Ruleset:
    """The seed's projects repeated `copies` times under new names; `number` makes it unique."""
    assert seed.header is not None
    projects = tuple(
        project.model_copy(update={"name": f"{project.name} #{copy}"})
        for copy in range(copies)
        for project in seed.projects
    )
    header = seed.header.model_copy(update={"title": f"ruleset {number}"})
    return seed.model_copy(update={"header": header, "projects": projects})


def main(url: str, first: int, count: int, copies: int) -> None:
    seed = parse_file(SEED_RULESET)
    original = repository.bulk_insert

    def announcing(connection: Any, target: Any, values: Any) -> None:
        original(connection, target, values)
        if target is repository.PROJECTS:
            print(f"inside {number}", flush=True)

    repository.bulk_insert = announcing  # type: ignore[assignment]
    go = os.environ.get("PERFGOALS_TEST_GO")
    while go and not Path(go).exists():
        time.sleep(0.005)
    with Store(url, create=True) as store:
        for number in range(first, first + count):
            saved = store.save_ruleset(big_ruleset(seed, number, copies))
            print(f"saved {number} {saved.version}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
