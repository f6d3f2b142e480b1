"""Enterprise Grid, org-wide installs and Slack Connect, through the real app over signed HTTP.

Each request the people of the other tests send (a slash command, a click, a modal submitted,
a select's options, a message shortcut, a thread reply) is re-sent in the shape Slack gives it
in each setting, and must do what it does in a plain workspace: the bot scopes every request to
the workspace it is installed in, never to the `team` the payload names (null in an org-wide
install; the clicker's own organisation in a Slack Connect channel).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Unpack
from urllib.parse import parse_qsl, urlencode

import pytest

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Response, SendOptions, plain_text_value

from .steps import CHANNEL, NAME, PAUL, page_of, reply_text

Payload = dict[str, Any]
ORG, OTHER = "E0ORG", "T0OTHER"


def org_wide(p: Payload, team: str) -> None:
    """Installed on the whole Grid org: interactivity has `team: null`, the workspace only in
    `user.team_id`; events carry the enterprise in their authorizations."""
    if p.get("type") == "event_callback":
        p.update(enterprise_id=ORG, is_enterprise_install=True)
        p["authorizations"] = [
            {"enterprise_id": ORG, "team_id": None, "is_bot": True, "is_enterprise_install": True}
        ]
    elif "command" in p:
        p.update(enterprise_id=ORG, is_enterprise_install="true")
    else:
        p.update(team=None, enterprise={"id": ORG, "name": "Org"}, is_enterprise_install=True)
        p["user"]["team_id"] = team


def grid(p: Payload, team: str) -> None:
    """A workspace of a Grid org, installed in that workspace: the enterprise rides along."""
    if p.get("type") == "event_callback":
        p["enterprise_id"] = ORG
        p["authorizations"][0]["enterprise_id"] = ORG
    elif "command" in p:
        p["enterprise_id"] = ORG
    else:
        p["enterprise"] = {"id": ORG, "name": "Org"}
        p["user"]["enterprise_id"] = ORG


def connect(p: Payload, team: str) -> None:
    """A Slack Connect channel: the payload's team is the clicker's organisation; the installing
    workspace is only in `view.app_installed_team_id` and the events' authorizations."""
    if p.get("type") == "event_callback":
        p.update(team_id=OTHER, is_ext_shared_channel=True)
        p["event"]["user_team"] = OTHER
    elif "command" in p:
        p["team_id"] = OTHER
    else:
        p["team"] = {"id": OTHER, "domain": "other-org"}
        p["user"]["team_id"] = OTHER
        if isinstance(p.get("view"), dict):
            p["view"].update(team_id=OTHER, app_installed_team_id=team)


VARIANTS: dict[str, Callable[[Payload, str], None]] = {
    "org-wide install": org_wide,
    "Grid workspace": grid,
    "Slack Connect": connect,
}


@contextmanager
def reshaped(h: Harness, variant: Callable[[Payload, str], None]) -> Iterator[None]:
    """Every request the stand-in's people send, reshaped as `variant` says, still signed."""
    real = h.users.post

    def post(body: str, content_type: str, **options: Unpack[SendOptions]) -> Response:
        if content_type == "application/json":
            payload = json.loads(body)
            variant(payload, h.team_id)
            body = json.dumps(payload)
        else:
            fields = dict(parse_qsl(body))
            if "payload" in fields:
                payload = json.loads(fields["payload"])
                variant(payload, h.team_id)
                fields["payload"] = json.dumps(payload)
            else:
                variant(fields, h.team_id)
            body = urlencode(fields)
        return real(body, content_type, **options)

    h.users.post = post  # type: ignore[method-assign]
    try:
        yield
    finally:
        h.users.post = real  # type: ignore[method-assign]


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_kind_of_request_works_in_each_setting(
    started: tuple[Harness, int], variant: str
) -> None:
    h, aid = started
    with reshaped(h, VARIANTS[variant]):
        # A slash command finds the assessment of the installing workspace.
        status = h.users.slash_command(PAUL, f"status {NAME}", channel_id=CHANNEL)
        assert status.status == 200 and NAME in reply_text(status)
        # A click answers, and its page refreshes.
        scenario.click(h, PAUL, "continue")
        first, second = scenario.open_questions(h, PAUL)[:2]
        scenario.click(h, PAUL, "answer:met", requirement=first)
        # A modal submitted: a comment saved.
        scenario.pick_from_menu(h, PAUL, "Add a comment", requirement=first, page=page_of(h, PAUL))
        values = {"comment": {"value": plain_text_value("Done for the main pipeline")}}
        assert h.users.view_submission(PAUL, "answer_comment", values).status == 200
        # A message shortcut opens its modal; the requirement picker offers the question.
        posted = h.slack.add_message(CHANNEL, PAUL, "Runbook: https://wiki.example.com/runbook")
        assert h.users.message_shortcut(PAUL, "attach_as_evidence", posted, CHANNEL).status == 200
        offered = h.users.block_suggestion(PAUL, "requirement", second).body
        options = offered.get("options") or [
            o for g in offered.get("option_groups", []) for o in g["options"]
        ]
        assert f"{aid}:{second}" in [o["value"] for o in options]
        # A thread reply on the page attaches a link to the question it names.
        scenario.click(h, PAUL, "answer:met", requirement=second)
        link = "https://wiki.example.com/evidence"
        scenario.reply_in_thread(h, PAUL, page_of(h, PAUL), f"for {second}: <{link}>")

    with h.services.uow() as uow:
        states = uow.answers.states(h.team_id, aid)
        evidence = uow.evidence.for_assessment(h.team_id, aid)
    assert states[first].answer.value == "met" and states[second].answer.value == "met"
    assert states[first].comment == "Done for the main pipeline"
    assert [(e.requirement_id, e.url) for e in evidence] == [(second, link)]
    # Installed org-wide, the workspace's organisation is noted from its requests: its
    # scheduled jobs and deliveries, which know only the workspace, find the org's token.
    with h.services.uow() as uow:
        org = uow.orgs.org_of(h.team_id)
    assert org == (ORG if variant == "org-wide install" else None)
