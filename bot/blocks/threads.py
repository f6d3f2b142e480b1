"""What the bot says in a question page's thread: the picker of the question a reply is
evidence for, and the confirmation it turns into."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.common import Block, actions, button, message, option, section
from bot.blocks.questions import attached
from bot.i18n import _
from bot.slack.ids import Action, KeptRef, pick_action_id
from bot.slack.mrkdwn import clip, esc
from questionnaire.domain import Assessment
from questionnaire.framework import Framework

BUTTONS_MAX = 5  # more choices than this are a menu
PICKER_BLOCK = "evidence_for"


def choice_label(framework: Framework, requirement_id: str, locale: str, limit: int) -> str:
    """A question as a choice names it: its id and the start of its text."""
    text = framework.locate(requirement_id).requirement.text.get(locale)
    return clip(f"{requirement_id} · {text}", limit)


def evidence_picker(
    framework: Framework,
    assessment: Assessment,
    reply_id: int,
    requirement_ids: Sequence[str],
    what: str,
    locale: str = "en",
) -> dict[str, Any]:
    """Ask which question a kept reply (`what` it holds, mrkdwn) is evidence for: a button per
    question, or a menu when there are more than BUTTONS_MAX."""
    assert assessment.id is not None
    refs = [KeptRef(a=assessment.id, k=reply_id, r=rid) for rid in requirement_ids]
    element: Block
    if len(refs) <= BUTTONS_MAX:
        element = actions(
            *(
                button(choice_label(framework, ref.r, locale, 75), pick_action_id(n), ref.dump())
                for n, ref in enumerate(refs)
            ),
            block_id=PICKER_BLOCK,
        )
    else:
        menu = {
            "type": "static_select",
            "action_id": Action.PICK_EVIDENCE,
            "placeholder": {"type": "plain_text", "text": _("Pick the question")},
            "options": [
                option(choice_label(framework, ref.r, locale, 75), ref.option_value())
                for ref in refs[:100]
            ],
        }
        element = actions(menu, block_id=PICKER_BLOCK)
    text = _("Which question should I attach %(what)s to? I keep it until you pick one.") % {
        "what": what
    }
    fallback = _("Which question is this evidence for (%(name)s)?") % {"name": esc(assessment.name)}
    return message(fallback, [section(text), element])


def picked(assessment: Assessment, requirement_id: str, what: str) -> dict[str, Any]:
    """The picker once a question was picked: the confirmation, without the choices."""
    text = attached(assessment, requirement_id, what)
    fallback = _("Evidence attached to %(id)s in %(name)s") % {
        "id": esc(requirement_id),
        "name": esc(assessment.name),
    }
    return message(fallback, [section(text)])
