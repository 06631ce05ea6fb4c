"""Saving then loading gives back equal models: rulesets, assessments, policies, results."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from perfgoals.language.assessment import Actual, Assessment, IndicatorRef, ProjectActuals, Tier
from perfgoals.language.formatter import format_ruleset
from perfgoals.language.model import Header, Ruleset
from perfgoals.language.policy import CENTRAL, Policy, ReverseRule
from perfgoals.language.values import parse_value
from perfgoals.scoring import score
from perfgoals.store import Store, save_score
from tests.conftest import examples
from tests.store.sample import assessment_of
from tests.strategies import rulesets

# What a reader can hand the store: NUL and lone surrogates are refused at read time
# (tests/store/test_unstorable.py), so a model never holds them.
STORABLE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=5
)

SHARED = settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def with_key(ruleset: Ruleset, department: str = "测试部门", year: int = 2023) -> Ruleset:
    header = ruleset.header or Header()
    return ruleset.model_copy(
        update={"header": header.model_copy(update={"department": department, "year": year})}
    )


def test_seed_ruleset_round_trip(db_url: str, seed_ruleset: Ruleset) -> None:
    with Store(db_url, create=True) as store:
        saved = store.save_ruleset(seed_ruleset)
        assert (saved.department, saved.year, saved.version, saved.new) == (
            "开发区综合办",
            2023,
            1,
            True,
        )
        assert store.load_ruleset(saved.id) == seed_ruleset
        assert store.ruleset_source(saved.id) == format_ruleset(seed_ruleset)


def test_same_content_is_one_version_and_changed_content_the_next(
    db_url: str, seed_ruleset: Ruleset
) -> None:
    changed = seed_ruleset.model_copy(update={"projects": seed_ruleset.projects[:-1]})
    other_year = with_key(seed_ruleset, "开发区综合办", 2024)
    with Store(db_url, create=True) as store:
        first = store.save_ruleset(seed_ruleset)
        again = store.save_ruleset(seed_ruleset)
        second = store.save_ruleset(changed)
        third = store.save_ruleset(other_year)
        back_to_first = store.save_ruleset(seed_ruleset)
        assert (again.id, again.version, again.new) == (first.id, 1, False)
        assert (second.version, second.new) == (2, True)
        assert (third.year, third.version) == (2024, 1)
        assert back_to_first.id == first.id  # idempotent: the content is stored as version 1
        assert [s.ruleset.version for s in store.versions("开发区综合办")] == [1, 2, 1]
        assert store.find_version("开发区综合办", 2023).version == 2
        assert store.load_ruleset(second.id) == changed


def test_seed_assessment_and_score_round_trip_and_reproduce(
    db_url: str, seed_ruleset: Ruleset
) -> None:
    assessment = assessment_of(seed_ruleset)
    policy = CENTRAL.model_copy(update={"reverse": ReverseRule.LINEAR})
    result = score(seed_ruleset, assessment, policy)
    saved = save_score(result, seed_ruleset, assessment, policy, db=db_url)
    with Store(db_url) as store:
        run = store.load_run(saved.run_id)
        assert run.result == result
        assert run.ruleset == seed_ruleset
        assert run.assessment == assessment
        assert run.policy == policy
        # Any past score can be reproduced from what the run recorded.
        assert score(run.ruleset, run.assessment, run.policy) == run.result
        # The same ruleset, assessment and policy are stored once; each scoring is a run.
        again = store.save_score(result, seed_ruleset, assessment, policy)
        assert (again.ruleset.id, again.assessment_id, again.policy_id) == (
            saved.ruleset.id,
            saved.assessment_id,
            saved.policy_id,
        )
        assert again.run_id != saved.run_id
        assert [r.id for r in store.runs(saved.ruleset.id)] == [saved.run_id, again.run_id]


def test_origins_of_actuals_are_kept(db_url: str, seed_ruleset: Ruleset) -> None:
    assessment = assessment_of(seed_ruleset)
    with Store(db_url, create=True) as store:
        saved = store.save_assessment(seed_ruleset, assessment)
        back = store.load_assessment(saved.id)
    first = assessment.projects[0].actuals[0].origin
    assert back.projects[0].actuals[0].origin.describe() == first.describe() == "actuals.csv:2:3"


def test_policy_source_text_is_stored_as_given(db_url: str, seed_ruleset: Ruleset) -> None:
    assessment = assessment_of(seed_ruleset)
    result = score(seed_ruleset, assessment, CENTRAL)
    text = 'policy "central" {\n  # as written in the policy file\n}\n'
    saved = save_score(result, seed_ruleset, assessment, CENTRAL, db=db_url, policy_source=text)
    with Store(db_url) as store:
        run = store.load_run(saved.run_id)
    assert run.policy_source == text
    assert run.policy == CENTRAL


@given(ruleset=rulesets())
@example(ruleset=Ruleset())
@SHARED
def test_any_ruleset_round_trips(shared_db_url: str, ruleset: Ruleset) -> None:
    ruleset = with_key(ruleset)
    with Store(shared_db_url, create=True) as store:
        saved = store.save_ruleset(ruleset)
        assert store.load_ruleset(saved.id) == ruleset
        assert store.save_ruleset(ruleset).id == saved.id


ACTUAL_TEXTS = st.sampled_from(
    ["0", "50%", "100%", "120%", "888 场", "7万元", "8.2 万元", "6月底前", "2024年3月", "良", "/"]
)


@st.composite
def assessments(draw: st.DrawFn, ruleset: Ruleset) -> Assessment:
    """Any actuals for the seed ruleset: values, tiers, points, gaps, not applicable."""
    projects = []
    for project in draw(st.lists(st.sampled_from(ruleset.projects), max_size=4, unique=True)):
        actuals = []
        for indicator in draw(st.lists(st.sampled_from(project.indicators), max_size=5)):
            ref = IndicatorRef(name=indicator.name)
            kind = draw(st.sampled_from(["value", "tier", "na"]))
            if kind == "value":
                actuals.append(Actual(indicator=ref, value=parse_value(draw(ACTUAL_TEXTS))))
            elif kind == "tier":
                actuals.append(
                    Actual(
                        indicator=ref,
                        tier=draw(st.sampled_from(Tier)),
                        points=draw(st.none() | st.decimals(0, 20, places=2)),
                    )
                )
            else:
                actuals.append(Actual(indicator=ref, not_applicable=True))
        money = st.none() | st.decimals(0, 10**7, places=2)
        projects.append(
            ProjectActuals(
                project=project.name,
                adjusted_budget=draw(money),
                executed=draw(money),
                explanation=draw(st.none() | STORABLE_TEXT),
                actuals=tuple(actuals),
            )
        )
    return Assessment(year=2023, projects=tuple(projects))


@st.composite
def scorings(draw: st.DrawFn) -> tuple[Assessment, Policy]:
    from perfgoals.language.parser import parse_file
    from tests.conftest import SEED_RULESET

    ruleset = parse_file(SEED_RULESET)
    policy = CENTRAL.model_copy(
        update={
            "reverse": draw(st.sampled_from(ReverseRule)),
            "execution": draw(st.sampled_from([Decimal(10), Decimal(20)])),
        }
    )
    return draw(assessments(ruleset)), policy


@given(scoring=scorings())
@SHARED
def test_any_score_result_round_trips(
    shared_db_url: str, seed_ruleset: Ruleset, scoring: tuple[Assessment, Policy]
) -> None:
    assessment, policy = scoring
    result = score(seed_ruleset, assessment, policy)
    with Store(shared_db_url, create=True) as store:
        run = store.load_run(store.save_score(result, seed_ruleset, assessment, policy).run_id)
    assert run.result == result
    assert run.assessment == assessment
    assert run.policy == policy
