"""The store under many writers, killed writers, odd URLs and paths, on both databases."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from perfgoals.actuals.reader import read_actuals
from perfgoals.language.parser import parse_file
from perfgoals.language.policy import CENTRAL
from perfgoals.scoring import score
from perfgoals.store import Store, connection
from tests.cli_process import assert_clean, run_cli
from tests.conftest import ROOT, SEED_RULESET
from tests.store.test_reliability import assert_consistent
from tests.store.writer import big_ruleset

ACTUALS = ROOT / "samples" / "xingtai-kfq-2023-actuals.csv"
WRITERS = 20


def _together(count: int, work: object) -> list[BaseException]:
    """Run work(i) in `count` threads released at once; the exceptions they raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)  # type: ignore[operator]
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return errors


def test_twenty_writers_of_one_department_and_year_all_keep_their_saves(db_url: str) -> None:
    with Store(db_url) as store:
        store.initialise()
    seed = parse_file(SEED_RULESET)
    versions: list[int] = []

    def save(i: int) -> None:
        with Store(db_url) as store:
            versions.append(store.save_ruleset(big_ruleset(seed, 1000 + i, 1)).version)

    assert _together(WRITERS, save) == []
    assert sorted(versions) == list(range(1, WRITERS + 1))
    assert assert_consistent(db_url) == list(range(1, WRITERS + 1))


def test_twenty_writers_of_the_same_content_make_one_version(db_url: str) -> None:
    with Store(db_url) as store:
        store.initialise()
    seed = parse_file(SEED_RULESET)
    versions: list[int] = []

    def save(_: int) -> None:
        with Store(db_url) as store:
            versions.append(store.save_ruleset(big_ruleset(seed, 7, 1)).version)

    assert _together(WRITERS, save) == []
    assert versions == [1] * WRITERS
    assert assert_consistent(db_url) == [1]


def test_twenty_score_saves_at_once_are_all_kept(db_url: str) -> None:
    # Same ruleset, same policy, each with its own actuals: one version, one policy row,
    # twenty assessments and twenty runs.
    with Store(db_url) as store:
        store.initialise()
    ruleset = parse_file(SEED_RULESET)
    base = read_actuals(ACTUALS)

    def save(i: int) -> None:
        assessment = base.model_copy(update={"year": 2023, "projects": base.projects[: i + 1]})
        result = score(ruleset, assessment, CENTRAL)
        with Store(db_url) as store:
            store.save_score(result, ruleset, assessment, CENTRAL)

    assert _together(WRITERS, save) == []
    with Store(db_url) as store:
        (summary,) = store.versions()
        assert len(store.runs(summary.ruleset.id)) == WRITERS
        assert len(store.assessment_ids(summary.ruleset.id)) == WRITERS


# ------------------------------------------------------------------ killed at random points


def _kill_at_random(args: list[str], seconds: float, rng: random.Random) -> int:
    process = subprocess.Popen(
        [sys.executable, "-m", "perfgoals", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(rng.uniform(0.0, seconds))
    process.send_signal(signal.SIGKILL)
    _, err = process.communicate(timeout=120)
    assert "Traceback" not in err, err
    return process.returncode


def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    result = run_cli(args, cwd=ROOT)
    assert_clean(result, codes=(0, 1))
    return time.perf_counter() - start


def test_score_save_and_a_large_save_killed_at_random_points_leave_whole_data(
    db_url: str, tmp_path: Path
) -> None:
    with Store(db_url) as store:
        store.initialise()
    seed = parse_file(SEED_RULESET)
    large = tmp_path / "large.perf"
    from perfgoals.language.formatter import format_ruleset

    large.write_text(format_ruleset(big_ruleset(seed, 1, 8)), encoding="utf-8")
    score_save = ["score", str(SEED_RULESET), str(ACTUALS), "--save", "--db", db_url]
    large_save = ["save", str(large), "--db", db_url]
    # How long each takes whole, measured here: the kills fall anywhere inside that time.
    durations = {"score": _timed(score_save), "save": _timed(large_save)}
    with Store(db_url) as store:
        runs_before = len(store.runs(store.versions()[0].ruleset.id))
    rng = random.Random(18)
    for attempt in range(3):
        for name, args in (("score", score_save), ("save", large_save)):
            changed = tmp_path / f"changed-{name}-{attempt}.perf"
            source = (large if name == "save" else SEED_RULESET).read_text(encoding="utf-8")
            changed.write_text(source.replace("888 场", f"{900 + attempt} 场"), encoding="utf-8")
            args = [*args[:1], str(changed), *args[2:]]
            _kill_at_random(args, durations[name], rng)
            versions = assert_consistent(db_url)
            assert versions == list(range(1, len(versions) + 1))
    with Store(db_url) as store:
        for summary in store.versions():
            for run in store.runs(summary.ruleset.id):
                loaded = store.load_run(run.id)
                assert loaded is not None
        assert len(store.runs(store.versions()[0].ruleset.id)) >= runs_before
    # …and every command still works on the database afterwards.
    assert_clean(run_cli(score_save, cwd=ROOT), codes=(0, 1))
    assert_clean(run_cli(["db", "list", "--db", db_url], cwd=ROOT), codes=(0,))


# ------------------------------------------------------------------ URLs, paths, folders


def test_an_empty_db_option_is_an_error_not_the_default_database(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    result = run_cli(["db", "list", "--db", ""], cwd=tmp_path, env=env)
    assert_clean(result, codes=(2,))
    assert "--db is empty" in result.stderr
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "command", [["db", "list"], ["save", str(SEED_RULESET)], ["db", "show", "开发区综合办", "2023"]]
)
def test_a_mistyped_db_path_creates_no_database(command: list[str], tmp_path: Path) -> None:
    typo = tmp_path / "perfgoasl.db"
    result = run_cli([*command, "--db", str(typo)], cwd=tmp_path)
    assert_clean(result, codes=(2,))
    assert "no database at" in result.stderr and "db init" in result.stderr
    assert not typo.exists()
    assert run_cli(["db", "init", "--db", str(typo)], cwd=tmp_path).returncode == 0
    assert typo.exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://someone:s3cretpw@127.0.0.1:1/perfgoals",
        "postgresql://someone@127.0.0.1:1/perfgoals?password=s3cretpw",
        "postgresql://someone:s3cretpw@127.0.0.1:notaport/perfgoals",
        "mysql://someone:s3cretpw@127.0.0.1/perfgoals",
        "postgresql+nodriver://someone:s3cretpw@127.0.0.1/perfgoals",
    ],
)
def test_a_password_is_never_printed(url: str, tmp_path: Path) -> None:
    commands = [["db", "list"]] + ([["save", str(SEED_RULESET)]] if "password=" in url else [])
    for command in commands:
        result = run_cli([*command, "--db", url], cwd=tmp_path, timeout=60)
        assert_clean(result, codes=(2,))
        assert "s3cretpw" not in result.stderr + result.stdout, result.stderr
        assert result.stderr.strip()


def test_sqlite_in_a_read_only_folder_can_be_listed_and_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ro" / "store.db"
    path.parent.mkdir()
    assert run_cli(["db", "init", "--db", str(path)], cwd=tmp_path).returncode == 0
    assert run_cli(["save", str(SEED_RULESET), "--db", str(path)], cwd=tmp_path).returncode == 0
    os.chmod(path, 0o444)
    os.chmod(path.parent, 0o555)
    try:
        if os.geteuid() == 0:
            # Root writes anywhere; what this user may write is what perfgoals asks about.
            monkeypatch.setattr(connection, "_writable", lambda _path: False)
        with Store(str(path)) as store:
            assert [v.ruleset.department for v in store.versions()] == ["开发区综合办"]
            assert store.engine.url.database and "immutable=1" in store.engine.url.database
            store.load_ruleset(store.versions()[0].ruleset.id)
        assert sorted(p.name for p in path.parent.iterdir()) == ["store.db"]
    finally:
        os.chmod(path.parent, 0o755)
