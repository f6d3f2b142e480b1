"""Deleting an assessment: the confirmation modal and the notes that follow."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import input_block, message, modal, plain, section
from bot.blocks.messages import status_word
from bot.slack.ids import View
from bot.slack.mrkdwn import esc, mention, plural
from questionnaire.outbox import Deleted
from questionnaire.usecases.deletion import DeletionImpact

CONFIRM_BLOCK = "confirm"


def _lost(answers: int, evidence: int, people: int) -> str:
    pieces = plural(evidence, "piece of evidence", "pieces of evidence")
    return f"{plural(answers, 'answer')}, {pieces} and the questions of {plural(people, 'person', 'people')}"


def delete_modal(impact: DeletionImpact, private_metadata: str) -> dict[str, Any]:
    """Names what will be lost and asks for the assessment's name before deleting it."""
    a = impact.assessment
    blocks = [
        section(
            f":warning: This permanently deletes *{esc(a.name)}* ({esc(a.project)}, "
            f"{status_word(a)}) with {_lost(impact.answers, impact.evidence, impact.people)}. Pending questions in people's DMs stop "
            "working. This cannot be undone."
        ),
        input_block(
            CONFIRM_BLOCK,
            "Type the assessment's name to confirm",
            {
                "type": "plain_text_input",
                "action_id": "value",
                "max_length": 200,
                "placeholder": plain(a.name, 150),
            },
        ),
    ]
    return modal(
        View.DELETE, "Delete assessment", blocks, submit="Delete", private_metadata=private_metadata
    )


def name_matches(typed: str | None, name: str) -> bool:
    """The confirmation: the name as typed, ignoring case and surrounding spaces."""
    return (typed or "").strip().casefold() == name.strip().casefold()


def deleted_note(gone: Deleted) -> dict[str, Any]:
    """Posted to the summary channel once the assessment is gone."""
    text = (
        f":wastebasket: {mention(gone.actor)} deleted the assessment *{esc(gone.name)}* "
        f"({esc(gone.project)}) with {_lost(gone.answers, gone.evidence, gone.people)}."
    )
    return message(f"{esc(gone.name)} was deleted", [section(text)])


def retired_page(gone: Deleted) -> dict[str, Any]:
    """Replaces a person's open question page once its assessment is deleted."""
    text = (
        f":wastebasket: {mention(gone.actor)} deleted *{esc(gone.name)}*: these questions are gone."
    )
    return message(f"{esc(gone.name)} was deleted", [section(text)])
