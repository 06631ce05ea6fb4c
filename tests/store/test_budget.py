"""The budget tables of a disclosure, kept with its ruleset version, in SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys

from perfgoals.importer.budget import read_budget
from perfgoals.importer.build import checked
from perfgoals.importer.disclosure import import_disclosure
from perfgoals.store import Store
from tests.conftest import ROOT, SEED_DISCLOSURE

SEED_BUDGET = read_budget(SEED_DISCLOSURE)
SEED_PROJECTS = checked(import_disclosure(SEED_DISCLOSURE)[0], "seed")


def test_budget_round_trip(db_url: str) -> None:
    with Store(db_url, create=True) as store:
        version, new = store.save_budget(SEED_PROJECTS, SEED_BUDGET)
        assert new and version.new
        again, new_again = store.save_budget(SEED_PROJECTS, SEED_BUDGET)
        assert (again.id, again.new, new_again) == (version.id, False, False)
        loaded = store.load_budget(version.id)
    assert loaded == SEED_BUDGET
    assert loaded is not None and loaded.to_json_dict() == SEED_BUDGET.to_json_dict()


def test_a_ruleset_without_budget_has_none(db_url: str) -> None:
    with Store(db_url, create=True) as store:
        version = store.save_ruleset(SEED_PROJECTS)
        assert store.load_budget(version.id) is None


def test_a_changed_budget_replaces_the_one_kept(db_url: str) -> None:
    with Store(db_url, create=True) as store:
        version, _ = store.save_budget(SEED_PROJECTS, SEED_BUDGET)
        fewer = SEED_BUDGET.model_copy(update={"tables": SEED_BUDGET.tables[:2]})
        assert store.save_budget(SEED_PROJECTS, fewer)[1]
        loaded = store.load_budget(version.id)
    assert loaded is not None and len(loaded.tables) == 2


def test_save_command_keeps_the_budget_of_a_disclosure(db_url: str) -> None:
    run = [sys.executable, "-m", "perfgoals", "save", str(SEED_DISCLOSURE), "--db", db_url]
    out = subprocess.run([*run, "--format", "json"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    saved = json.loads(out.stdout)
    assert (saved["new"], saved["budget_tables"], saved["budget_new"]) == (True, 9, True)
    with Store(db_url) as store:
        assert store.load_budget(saved["ruleset"]["id"]) == SEED_BUDGET
    text = subprocess.run(run, cwd=ROOT, capture_output=True, text=True)
    assert "budget tables (9): unchanged, already stored" in text.stdout


def test_save_command_keeps_the_budget_of_a_perf_file(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A .perf with a 部门预算 block is the same ruleset version as its disclosure, with the
    same tables kept (as the .perf gives them: the same figures, positions in the .perf)."""
    perf = tmp_path / "seed.perf"
    run = [sys.executable, "-m", "perfgoals"]
    made = subprocess.run(
        [*run, "import", str(SEED_DISCLOSURE), "-q", "-o", str(perf)], cwd=ROOT, check=False
    )
    assert made.returncode == 0
    save = [*run, "save", "--db", db_url, "--format", "json"]
    first = subprocess.run(
        [*save, str(SEED_DISCLOSURE)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    out = subprocess.run([*save, str(perf)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    saved = json.loads(out.stdout)
    assert saved["ruleset"]["id"] == json.loads(first.stdout)["ruleset"]["id"]
    assert (saved["new"], saved["budget_tables"]) == (False, 9)
    with Store(db_url) as store:
        kept = store.load_budget(saved["ruleset"]["id"])
    assert kept is not None
    uncommented = [[r.model_copy(update={"comments": ()}) for r in t.rows] for t in kept.tables]
    assert uncommented == [list(t.rows) for t in SEED_BUDGET.tables]
    assert sum(bool(r.comments) for t in kept.tables for r in t.rows) > 0  # the repairs noted
