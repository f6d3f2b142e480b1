"""The start modal over signed HTTP: the framework's provenance in a line, the "Modules in scope"
field for a framework with `scope`, and "continue from" limited to the same framework."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devkit.demo import scenario
from devkit.demo.harness import Harness, start
from devkit.standin import options_value, plain_text_value, users_value
from tests.bot.conftest import MONDAY_9_UTC, QUICKCHECK
from tests.framework.helpers import SCOPED

LEAD = scenario.LEAD[0]
PM = scenario.HOLDERS["product_owner"][0]
CAICT = "caict-mlops-dev-mgmt"


@pytest.fixture
def harness(tmp_path: Path, migrated_sqlite: Path) -> Iterator[Harness]:
    """The bot with the scoped test framework (modules DATA and MODEL) next to the bundled ones."""
    database = shutil.copyfile(migrated_sqlite, tmp_path / "bot.sqlite3")
    with start(f"sqlite:///{database}", MONDAY_9_UTC, frameworks_dir=SCOPED.parent) as h:
        scenario.setup_workspace(h)
        yield h


def _modal(h: Harness) -> dict[str, Any]:
    view = h.slack.open_modal(LEAD)
    assert view is not None
    return {"blocks": view.body.get("blocks", [])}


def _block(modal: dict[str, Any], block_id: str) -> dict[str, Any] | None:
    return next((b for b in modal["blocks"] if b.get("block_id") == block_id), None)


def _open_with(h: Harness, framework_id: str) -> dict[str, Any]:
    h.users.slash_command(LEAD, "start", channel_id=scenario.CHANNEL[0])
    h.users.block_action(LEAD, "value", block_id="framework", selected_option=framework_id)
    return _modal(h)


def _values(framework_id: str, name: str, **extra: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": {"value": plain_text_value(name)},
        "project": {"value": plain_text_value("Our platform")},
        "framework": {
            "value": {"type": "static_select", "selected_option": {"value": framework_id}}
        },
        "channel": {
            "value": {"type": "conversations_select", "selected_conversation": scenario.CHANNEL[0]}
        },
    }
    return values | extra


def test_a_framework_with_scope_offers_its_modules_all_picked(harness: Harness) -> None:
    modal = _open_with(harness, "scoped")
    block = _block(modal, "scope")
    assert block is not None and block["type"] == "input" and not block.get("optional")
    element = block["element"]
    assert element["type"] == "multi_static_select"
    assert [o["value"] for o in element["options"]] == ["DATA", "MODEL"]
    assert element["initial_options"] == element["options"]
    notes = [b for b in modal["blocks"] if b["type"] == "context"]
    assert any(
        "About this framework: Written for the test suite." in e["text"]
        and "Nothing here" not in e["text"]  # the first sentence only
        for b in notes
        for e in b["elements"]
    )


def test_a_framework_without_scope_has_no_scope_field(harness: Harness) -> None:
    harness.users.slash_command(LEAD, "start", channel_id=scenario.CHANNEL[0])
    modal = _modal(harness)
    assert _block(modal, "scope") is None
    assert "About this framework: Structured after the CAICT" in str(modal["blocks"])


def test_modules_left_out_are_stored_and_none_at_all_is_refused(harness: Harness) -> None:
    _open_with(harness, "scoped")
    role = {"role:vendor_pm": {"users": users_value([PM])}}
    none = {"scope": {"value": options_value([], kind="multi_static_select")}}
    refused = harness.users.view_submission(
        LEAD, "start_assessment", _values("scoped", "Nothing", **role, **none)
    )
    assert refused.body["response_action"] == "errors"
    assert refused.body["errors"] == {"scope": "Keep at least one module in scope."}
    forged = {"scope": {"value": options_value(["DATA", "NOPE"], kind="multi_static_select")}}
    refused = harness.users.view_submission(
        LEAD, "start_assessment", _values("scoped", "Forged", **role, **forged)
    )
    assert refused.body["errors"] == {"scope": "Pick modules from the list."}
    data_only = {"scope": {"value": options_value(["DATA"], kind="multi_static_select")}}
    response = harness.users.view_submission(
        LEAD, "start_assessment", _values("scoped", "Data only", **role, **data_only)
    )
    assert response.status == 200 and not response.body, response.body
    with harness.services.uow() as uow:
        found = uow.assessments.by_name(harness.team_id, "Data only")
    assert found is not None and found.out_of_scope == ("MODEL",)
    kickoff = harness.slack.messages(scenario.CHANNEL[0])[-1]
    assert "(3 questions)" in str(kickoff.blocks)  # the two of MODEL are not asked
    assert "Not in scope (not asked, not counted): Models." in str(kickoff.blocks)


def test_continue_from_offers_and_accepts_only_the_same_framework(harness: Harness) -> None:
    quick = scenario.start_assessment(harness, framework=QUICKCHECK, name="Quick", adaptive=False)
    caict = scenario.start_assessment(harness, name="Full", adaptive=False)
    modal = _open_with(harness, QUICKCHECK)
    block = _block(modal, "previous")
    assert block is not None
    assert [o["value"] for o in block["element"]["options"]] == [str(quick)]
    harness.users.block_action(LEAD, "value", block_id="framework", selected_option="scoped")
    assert _block(_modal(harness), "previous") is None  # nothing of this framework to continue
    # A forged value naming an assessment of another framework: refused on the field.
    harness.users.block_action(LEAD, "value", block_id="framework", selected_option=CAICT)
    forged = {
        "previous": {"value": {"type": "static_select", "selected_option": {"value": str(quick)}}}
    }
    refused = harness.users.view_submission(
        LEAD, "start_assessment", _values(CAICT, "Again", **forged)
    )
    assert refused.body["response_action"] == "errors"
    assert refused.body["errors"] == {
        "previous": "“Quick” was assessed against another framework (mlops-quickcheck): "
        "continue an assessment of caict-mlops-dev-mgmt, or none."
    }
    assert caict != quick


def test_a_forged_continue_from_with_no_such_field_is_refused_on_the_framework(
    harness: Harness,
) -> None:
    quick = scenario.start_assessment(harness, framework=QUICKCHECK, name="Quick", adaptive=False)
    modal = _open_with(harness, "scoped")
    assert _block(modal, "previous") is None
    forged = {
        "previous": {"value": {"type": "static_select", "selected_option": {"value": str(quick)}}}
    }
    refused = harness.users.view_submission(
        LEAD, "start_assessment", _values("scoped", "Again", **forged)
    )
    assert refused.body["errors"] == {
        "framework": "“Quick” was assessed against another framework (mlops-quickcheck): "
        "continue an assessment of scoped, or none."
    }
    with harness.services.uow() as uow:
        assert uow.assessments.by_name(harness.team_id, "Again") is None
