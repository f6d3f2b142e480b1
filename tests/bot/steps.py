"""Steps shared by the contract tests of lead commands, Home, hand-off, evidence and delete."""

from __future__ import annotations

from typing import Any

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message, Response, View, plain_text_value, users_value
from questionnaire.usecases.context import AssessmentView, load_view

LEAD, EVE, ADMIN = scenario.LEAD[0], "U0EVE", "U0ADMIN"
PAUL, MARIA, DAN, PIA = (
    scenario.HOLDERS[role][0]
    for role in ("product_owner", "project_manager", "data_engineer", "platform_engineer")
)
CHANNEL = scenario.CHANNEL[0]
NAME = scenario.ASSESSMENT


def view_of(h: Harness, assessment_id: int) -> AssessmentView:
    with h.services.uow() as uow:
        return load_view(uow, h.team_id, assessment_id)


def reply_text(response: Response) -> str:
    """The text of a slash command's immediate (ephemeral) reply."""
    return str(response.body.get("text", "")) if isinstance(response.body, dict) else ""


def start_another(
    h: Harness, name: str, lead: str = LEAD, roles: dict[str, list[str]] | None = None
) -> int:
    """Start a small second assessment (mlops-quickcheck) through the start modal."""
    h.users.slash_command(lead, "start", channel_id=CHANNEL)
    values: dict[str, Any] = {
        "name": {"value": plain_text_value(name)},
        "project": {"value": plain_text_value("second project")},
        "framework": {
            "value": {"type": "static_select", "selected_option": {"value": "mlops-quickcheck"}}
        },
        "channel": {"value": {"type": "conversations_select", "selected_conversation": CHANNEL}},
    }
    for role, users in (roles or {}).items():
        values[f"role:{role}"] = {"users": users_value(users)}
    response = h.users.view_submission(lead, "start_assessment", values)
    assert response.status == 200 and not response.body, response.body
    with h.services.uow() as uow:
        found = uow.assessments.by_name(h.team_id, name)
    assert found is not None and found.id is not None
    return found.id


def told(h: Harness, user_id: str) -> list[str]:
    """What the bot told the user: their ephemeral notes anywhere and their DMs, oldest first."""
    dm = h.slack.dm_channel(user_id)
    return [
        m.text
        for m in h.slack.messages()
        if m.ephemeral_to == user_id or (m.channel == dm and not m.is_ephemeral)
    ]


def page_of(h: Harness, user_id: str) -> Message:
    """The newest question page in the user's DM."""
    return next(
        m
        for m in reversed(h.slack.messages(user_id))
        if any(b.get("block_id", "").startswith("a:") for b in m.blocks or [])
    )


def click_on(h: Harness, user_id: str, page: Message, action_id: str, block_id: str) -> Response:
    """`user_id` clicks a button of `page` (which may be someone else's page)."""
    block = next(b for b in page.blocks if b.get("block_id") == block_id)
    button = next(e for e in block["elements"] if e["action_id"] == action_id)
    return h.users.block_action(
        user_id, action_id, value=button["value"], block_id=block_id, message=page
    )


def give_role(h: Harness, assessment_id: int, role: str, users: list[str]) -> None:
    """The lead gives `role` to `users` through `/maturity assign` (other roles unchanged)."""
    h.users.slash_command(LEAD, "assign")
    roles = view_of(h, assessment_id).assessment.roles | {role: users}
    form = {f"role:{r}": {"users": users_value(u)} for r, u in roles.items()}
    assert h.users.view_submission(LEAD, "assign_roles", form).status == 200


def open_from_menu(h: Harness, user_id: str, label: str) -> tuple[str, View]:
    """The user starts and picks `label` from the ⋯ menu of their first open question: that
    question, and the modal it opened."""
    scenario.click(h, user_id, "continue")
    first = scenario.open_questions(h, user_id)[0]
    scenario.pick_from_menu(h, user_id, label, requirement=first)
    modal = h.slack.open_modal(user_id)
    assert modal is not None
    return first, modal


def submit_twice(h: Harness, user_id: str, callback_id: str, values: Any, view_id: str) -> None:
    """Submit one modal twice, as Slack may (a double click, a retried request)."""
    for _ in range(2):
        response = h.users.view_submission(user_id, callback_id, values, view_id=view_id)
        assert response.status == 200 and not response.body
