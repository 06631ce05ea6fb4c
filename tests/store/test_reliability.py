"""A save is all or nothing: a killed writer leaves the previous state, two writers both land."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from perfgoals.language.parser import parse_ruleset
from perfgoals.store import Store
from tests.conftest import ROOT


def writer(
    url: str, first: int, count: int, copies: int, go: Path | None = None
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if go is not None:
        env["PERFGOALS_TEST_GO"] = str(go)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", url, str(first), str(count), str(copies)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_consistent(url: str) -> list[int]:
    """Every stored version is whole: its rows give back exactly its stored source text."""
    with Store(url) as store:
        found = store.versions()
        for summary in found:
            stored = store.load_ruleset(summary.ruleset.id)
            assert stored == parse_ruleset(store.ruleset_source(summary.ruleset.id))
        return [s.ruleset.version for s in found]


def test_a_writer_killed_mid_save_leaves_the_previous_state(db_url: str) -> None:
    with Store(db_url) as store:
        store.initialise()
    process = writer(db_url, 1, 3, 10)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line.split())
        if lines[-1] == ["inside", "2"]:
            break  # the second save has written its first rows and has many more to write
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert ["saved", "1", "1"] in lines
    versions = assert_consistent(db_url)
    assert versions == [1]  # the killed save left nothing behind
    # …and the database takes the next save as if nothing had happened.
    follow_up = writer(db_url, 2, 1, 2)
    out, err = follow_up.communicate(timeout=120)
    assert follow_up.returncode == 0, err
    assert out.splitlines()[-1] == "saved 2 2"
    assert assert_consistent(db_url) == [1, 2]


def test_two_writers_at_once_both_succeed_with_distinct_versions(
    db_url: str, tmp_path: Path
) -> None:
    with Store(db_url) as store:
        store.initialise()
    go = tmp_path / "go"
    first = writer(db_url, 100, 3, 1, go)
    second = writer(db_url, 200, 3, 1, go)
    go.touch()
    results = [p.communicate(timeout=300) for p in (first, second)]
    for process, (_, err) in zip((first, second), results, strict=True):
        assert process.returncode == 0, err
    saved = [
        line.split() for out, _ in results for line in out.splitlines() if line.startswith("saved")
    ]
    assert len(saved) == 6
    assert sorted(int(v) for _, _, v in saved) == list(range(1, 7))
    assert assert_consistent(db_url) == list(range(1, 7))


def test_two_writers_saving_the_same_content_make_one_version(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store:
        store.initialise()
    go = tmp_path / "go"
    processes = [writer(db_url, 7, 1, 1, go) for _ in range(2)]
    go.touch()
    outputs = [p.communicate(timeout=300) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert out.splitlines()[-1] == "saved 7 1"
    assert assert_consistent(db_url) == [1]
