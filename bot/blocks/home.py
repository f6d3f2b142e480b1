"""The App Home tab: per assessment, my open questions, the evidence I owe, and what I lead."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.common import Block, actions, button, context, divider, header, section
from bot.blocks.messages import named, status_word
from bot.i18n import _, format_day, said
from bot.slack.ids import Action, PageRef
from bot.slack.mrkdwn import clip, esc, mention
from questionnaire.conversation import evidence_owed, open_count
from questionnaire.estimates import rough_time, seconds_left
from questionnaire.readmodels.progress import level_line, people
from questionnaire.usecases.context import AssessmentView

ASSESSMENTS_SHOWN = 20  # 3 blocks each, well inside the 100 blocks of a Home tab
OWED_SHOWN = 5
PEOPLE_SHOWN = 10


def _mine(view: AssessmentView, user_id: str, locale: str) -> tuple[list[str], bool]:
    """Lines about the user's own questions and evidence; whether anything is left to do."""
    owned = view.routing.owned_by(user_id)
    if not owned:
        return [], False
    open_now = open_count(owned, view.states)
    lines = [
        _("Your questions: %(done)d of %(count)d answered, %(open)d open.")
        % {"done": len(owned) - open_now, "count": len(owned), "open": open_now}
    ]
    owed = evidence_owed(owned, view.states, view.evidence)
    if owed:
        shown = [
            f"• `{esc(loc.requirement.id)}` {esc(clip(loc.requirement.text.get(locale), 80))}"
            for loc in owed[:OWED_SHOWN]
        ]
        hidden = len(owed) - OWED_SHOWN
        more = [_("…and %(num)d more.") % {"num": hidden}] if hidden > 0 else []
        lines += [_("Evidence you owe (%(num)d):") % {"num": len(owed)}, *shown, *more]
    to_do = bool(open_now or owed)
    if to_do and view.assessment.is_active():
        seconds = seconds_left(view.framework, owned, view.states, view.evidence)
        lines.append(_("Time left: %(time)s.") % {"time": said(rough_time(seconds))})
    return lines, to_do


def _led(view: AssessmentView, locale: str) -> list[str]:
    """Progress of an assessment the user leads: overall, then per person."""
    everyone = people(view)
    done = sum(p.answered for p in everyone)
    total = sum(p.questions for p in everyone)
    overall = _("You lead it: %(done)d of %(count)d answered overall.") % {
        "done": done,
        "count": total,
    }
    lines = [f"{overall} {said(level_line(view, locale))}"]
    lines += [
        f"• {mention(p.user_id)}: {p.answered}/{p.questions}"
        + (_(", %(num)d evidence owed") % {"num": p.evidence_owed} if p.evidence_owed else "")
        for p in everyone[:PEOPLE_SHOWN]
    ]
    if len(everyone) > PEOPLE_SHOWN:
        hidden = len(everyone) - PEOPLE_SHOWN
        lines.append(_("…and %(num)d more people: see `/maturity status`.") % {"num": hidden})
    return lines


def home_tab(
    views: Sequence[AssessmentView], user_id: str, hidden: int = 0, locale: str = "en"
) -> dict[str, Any]:
    """The Home tab for the assessments the user leads or answers in (newest first)."""
    blocks: list[Block] = [header(_("Maturity Bot"))]
    if not views:
        blocks.append(
            section(_("You're not part of any assessment yet. Start one with `/maturity start`."))
        )
    for view in views:  # the caller chooses how many (see ASSESSMENTS_SHOWN)
        a = view.assessment
        assert a.id is not None
        due = (
            " · " + _("due %(date)s") % {"date": format_day(a.due_date)}
            if a.due_date and a.is_active()
            else ""
        )
        lines = [f"{named(a)} · {status_word(a)}{due}"]
        mine, to_do = _mine(view, user_id, locale)
        lines += mine
        if a.lead_id == user_id:
            lines += _led(view, locale)
        blocks += [divider(), section("\n".join(lines))]
        if a.is_active() and to_do:
            ref = PageRef(a=a.id).dump()
            continue_ = button(_("Continue"), Action.CONTINUE, ref, style="primary")
            blocks.append(actions(continue_, block_id=f"home:{a.id}"))
    if hidden:
        blocks.append(
            context(_("%(num)d older assessments: see `/maturity list`.") % {"num": hidden})
        )
    return {"type": "home", "blocks": blocks}
