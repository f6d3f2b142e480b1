"""Deleting an assessment: the confirmation modal and the notes that follow."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import input_block, message, modal, plain, section
from bot.blocks.messages import status_word
from bot.i18n import _, ngettext
from bot.slack.ids import View
from bot.slack.mrkdwn import esc, mention
from questionnaire.outbox import Deleted
from questionnaire.usecases.deletion import DeletionImpact

CONFIRM_BLOCK = "confirm"


def _lost(answers: int, evidence: int, people: int) -> str:
    return _("%(answers)s, %(evidence)s and the questions of %(people)s") % {
        "answers": ngettext("%(num)d answer", "%(num)d answers", answers) % {"num": answers},
        "evidence": ngettext("%(num)d piece of evidence", "%(num)d pieces of evidence", evidence)
        % {"num": evidence},
        "people": ngettext("%(num)d person", "%(num)d people", people) % {"num": people},
    }


def delete_modal(impact: DeletionImpact, private_metadata: str) -> dict[str, Any]:
    """Names what will be lost and asks for the assessment's name before deleting it."""
    a = impact.assessment
    blocks = [
        section(
            _(
                ":warning: This permanently deletes *%(name)s* (%(project)s, %(status)s) with "
                "%(lost)s. Pending questions in people's DMs stop working. This cannot be undone."
            )
            % {
                "name": esc(a.name),
                "project": esc(a.project),
                "status": status_word(a),
                "lost": _lost(impact.answers, impact.evidence, impact.people),
            }
        ),
        input_block(
            CONFIRM_BLOCK,
            _("Type the assessment's name to confirm"),
            {
                "type": "plain_text_input",
                "action_id": "value",
                "max_length": 200,
                "placeholder": plain(a.name, 150),
            },
        ),
    ]
    return modal(
        View.DELETE,
        _("Delete assessment"),
        blocks,
        submit=_("Delete"),
        private_metadata=private_metadata,
    )


def name_matches(typed: str | None, name: str) -> bool:
    """The confirmation: the name as typed, ignoring case and surrounding spaces."""
    return (typed or "").strip().casefold() == name.strip().casefold()


def deleted_note(gone: Deleted) -> dict[str, Any]:
    """Posted to the summary channel once the assessment is gone."""
    text = _(
        ":wastebasket: %(actor)s deleted the assessment *%(name)s* (%(project)s) with %(lost)s."
    ) % {
        "actor": mention(gone.actor),
        "name": esc(gone.name),
        "project": esc(gone.project),
        "lost": _lost(gone.answers, gone.evidence, gone.people),
    }
    return message(_("%(name)s was deleted") % {"name": esc(gone.name)}, [section(text)])


def retired_page(gone: Deleted) -> dict[str, Any]:
    """Replaces a person's open question page once its assessment is deleted."""
    text = _(":wastebasket: %(actor)s deleted *%(name)s*: these questions are gone.") % {
        "actor": mention(gone.actor),
        "name": esc(gone.name),
    }
    return message(_("%(name)s was deleted") % {"name": esc(gone.name)}, [section(text)])
