"""The portfolio read model and the anonymised benchmark, over an in-memory store."""

from __future__ import annotations

import pytest

from questionnaire.domain import AssessmentStatus
from questionnaire.readmodels.benchmark import OVERALL, anonymise, percentile, percentiles
from questionnaire.readmodels.portfolio import frameworks_in_use, gather_portfolio
from tests.fakes import MemoryStore
from tests.summary.helpers import CAICT

from .seeding import TEAM, seed_projects


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    memory = MemoryStore()
    seed_projects(memory.uow_factory())
    return memory


def _portfolio(store: MemoryStore):
    with store.uow_factory()() as uow:
        found = gather_portfolio(uow, TEAM, CAICT)
    assert found is not None
    return found


def test_one_row_per_project_case_insensitively_with_its_latest_assessment(
    store: MemoryStore,
) -> None:
    portfolio = _portfolio(store)
    assert [(p.project, p.assessment) for p in portfolio.projects] == [
        ("Churn <b>model</b>", "Churn spring review"),
        ("fraud DETECTION", "Fraud 2026"),
        ("Search ranking", "Search ranking Q1"),
    ]
    churn, fraud, search = portfolio.projects
    assert (churn.overall_level, fraud.overall_level, search.overall_level) == (3, 2, 0)
    assert fraud.status is AssessmentStatus.ACTIVE and fraud.provisional
    assert not churn.provisional
    assert len(portfolio.columns) == 10
    assert set(churn.items) == {c.id for c in portfolio.columns}
    assert set(churn.items.values()) == {3}


def test_change_against_the_projects_previous_assessment(store: MemoryStore) -> None:
    churn, fraud, _ = _portfolio(store).projects
    assert fraud.overall_change == 1
    assert set(fraud.item_changes.values()) == {1}
    assert churn.overall_change is None and churn.item_changes == {}


def test_scoped_to_the_workspace_and_the_framework(store: MemoryStore) -> None:
    with store.uow_factory()() as uow:
        assert frameworks_in_use(uow, TEAM) == [CAICT]
        assert gather_portfolio(uow, TEAM, "mlops-quickcheck") is None
        other = gather_portfolio(uow, "T0OTHER", CAICT)
    assert other is not None
    assert [p.project for p in other.projects] == ["Secret project"]


def test_the_benchmark_counts_levels_and_places_projects_in_it(store: MemoryStore) -> None:
    portfolio = _portfolio(store)
    bench = anonymise(portfolio)
    assert bench.projects == 3
    assert bench.overall == {0: 1, 2: 1, 3: 1}
    assert all(sum(counts.values()) == 3 for counts in bench.items.values())
    churn = portfolio.projects[0]
    found = percentiles(churn, bench)
    assert found[OVERALL] == 83  # 2 below, itself half: (2 + 0.5) / 3
    assert set(found) == {OVERALL, *churn.items}


def test_percentile_counts_ties_as_half() -> None:
    assert percentile({1: 2, 3: 2}, 3) == 75
    assert percentile({1: 4}, 0) == 0
    assert percentile({1: 4}, 5) == 100
    assert percentile({}, 2) is None
