"""App Home: my open questions per assessment, evidence I owe, and the assessments I lead."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from .. import progress
from ..blocks.common import Block, actions, button, context, divider, header, section
from ..ids import Action, PageRef
from ..services import Services
from ..text import esc

ASSESSMENTS_SHOWN = 20


def home_view(services: Services, team_id: str, user_id: str) -> dict[str, Any]:
    blocks: list[Block] = [header("Maturity Bot")]
    rows = progress.my_assessments(services, team_id, user_id)
    if not rows:
        blocks.append(
            section("You're not part of any assessment yet. Start one with `/maturity start`.")
        )
    for assessment, _note in rows[:ASSESSMENTS_SHOWN]:
        assert assessment.id is not None
        people_, level = progress.of(services, assessment)
        mine = next((p for p in people_ if p.user_id == user_id), None)
        lines = [f"*{esc(assessment.name)}* ({esc(assessment.project)}), {assessment.status.value}"]
        if mine:
            lines.append(
                f"Your questions: {mine.answered}/{mine.questions} answered, {mine.evidence_owed} evidence owed."
            )
        if assessment.lead_id == user_id:
            done = sum(p.answered for p in people_)
            total = sum(p.questions for p in people_)
            lines.append(f"You lead it: {done}/{total} answered overall. {level}")
        blocks += [divider(), section("\n".join(lines))]
        if (
            assessment.is_active()
            and mine
            and (mine.answered < mine.questions or mine.evidence_owed)
        ):
            blocks.append(
                actions(
                    button(
                        "Continue",
                        Action.CONTINUE,
                        PageRef(a=assessment.id).dump(),
                        style="primary",
                    ),
                    block_id=f"home:{assessment.id}",
                )
            )
    if len(rows) > ASSESSMENTS_SHOWN:
        blocks.append(
            context(f"{len(rows) - ASSESSMENTS_SHOWN} older assessments: see `/maturity list`.")
        )
    return {"type": "home", "blocks": blocks[:100]}


def publish(services: Services, client: WebClient, team_id: str, user_id: str) -> None:
    client.views_publish(user_id=user_id, view=home_view(services, team_id, user_id))


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish(services, client, body["team_id"], event["user"])
