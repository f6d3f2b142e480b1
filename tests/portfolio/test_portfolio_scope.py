"""A project assessed on some modules only: its other items are "not in scope" in the portfolio,
never a level, in Slack and in every portfolio format."""

from __future__ import annotations

import json

from bot.blocks.portfolio import NOT_IN_SCOPE_CELL, portfolio_message
from bot.reporting.portfolio.document import PortfolioReport
from bot.reporting.portfolio.render import render_portfolio
from questionnaire.loader.load import load_framework
from questionnaire.readmodels.portfolio import Portfolio, gather_portfolio
from tests.fakes import MemoryStore
from tests.framework.helpers import SCOPED
from tests.storage.helpers import TEAM_A, new_assessment


def _portfolio() -> Portfolio:
    store = MemoryStore()
    framework = load_framework(SCOPED)
    with store.uow_factory()() as uow:
        new_assessment(uow, name="Data only", framework=framework, out_of_scope=("MODEL",))
        new_assessment(uow, name="Both", framework=framework, project="Other product")
        uow.commit()
    with store.uow_factory()() as uow:
        found = gather_portfolio(uow, TEAM_A, "scoped")
    assert found is not None
    return found


def test_items_out_of_scope_have_no_level_and_are_named() -> None:
    portfolio = _portfolio()
    rows = {row.assessment: row for row in portfolio.projects}
    assert rows["Data only"].items == {"DATA.1": 0}
    assert rows["Data only"].not_in_scope == frozenset({"MODEL.1"})
    assert rows["Both"].items == {"DATA.1": 0, "MODEL.1": 0}
    assert rows["Both"].not_in_scope == frozenset()


def test_slack_shows_a_dash_cell_in_its_column() -> None:
    message = json.dumps(portfolio_message(_portfolio()), ensure_ascii=False)
    assert f"⬜0 {NOT_IN_SCOPE_CELL}" in message
    assert f"{NOT_IN_SCOPE_CELL} not in scope" in message  # the legend


def test_every_portfolio_format_says_not_in_scope() -> None:
    report = PortfolioReport(_portfolio())
    document = json.loads(render_portfolio(report, "json"))
    found = {p["assessment"]: p for p in document["projects"]}
    assert found["Data only"]["not_in_scope"] == ["MODEL.1"]
    assert "MODEL.1" not in found["Data only"]["items"]
    assert "not in scope" in render_portfolio(report, "csv")
    assert "Not in scope" in render_portfolio(report, "md")
    assert '<td class="small">Not in scope</td>' in render_portfolio(report, "html")
