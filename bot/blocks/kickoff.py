"""The kickoff posted to an assessment's channel when it starts, in the channel's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.common import Block, context, header, message, section
from bot.i18n import _, current_locale, format_day, ngettext, said
from bot.i18n.terms import level_label, sentences
from bot.slack.mrkdwn import esc, mention
from questionnaire.domain import Assessment
from questionnaire.estimates import rough_time
from questionnaire.framework import Framework
from questionnaire.usecases.start import OwnerShare

OWNERS_MAX = 20


def questions(count: int) -> str:
    """`1 question`, `12 questions`."""
    return ngettext("%(num)d question", "%(num)d questions", count) % {"num": count}


def kickoff(
    framework: Framework,
    assessment: Assessment,
    shares: Sequence[OwnerShare],
    fallback_roles: Sequence[str],
) -> dict[str, Any]:
    """Posted to the summary channel when an assessment starts."""
    locale = current_locale()
    total = sum(s.questions for s in shares)
    owners = "\n".join(_owner_line(framework, assessment, s) for s in shares[:OWNERS_MAX])
    values = {
        "lead": mention(assessment.lead_id),
        "name": esc(assessment.name),
        "project": esc(assessment.project),
        "framework": esc(framework.title.get(locale)),
        "questions": questions(total),
    }
    parts = [
        _("%(lead)s started *%(name)s* for *%(project)s* against _%(framework)s_ (%(questions)s).")
        % values
    ]
    if assessment.due_date:
        parts.append(_("Due *%(day)s*.") % {"day": format_day(assessment.due_date)})
    if assessment.target_level:
        label = level_label(framework, assessment.target_level)
        parts.append(_("Target: *%(level)s*.") % {"level": esc(label)})
    who_answers = _("Who answers what")
    blocks: list[Block] = [
        header(_("Maturity assessment started: %(name)s") % {"name": assessment.name}),
        section(f"{sentences(parts)}\n*{who_answers}*\n{owners}"),
    ]
    if fallback_roles:
        names = _(", ").join(framework.role(r).name.get(locale) for r in fallback_roles)
        blocks.append(
            context(
                _("No one holds %(roles)s: those questions go to the lead.") % {"roles": esc(names)}
            )
        )
    left_out = [d.name.get(locale) for d in framework.domains if d.id in assessment.out_of_scope]
    if left_out:
        note = _("Not in scope (not asked, not counted): %(domains)s.")
        blocks.append(context(note % {"domains": esc(_(", ").join(left_out))}))
    how = [_("Each person gets their questions by DM, one capability item at a time.")]
    if assessment.adaptive:
        how.append(
            _(
                "Adaptive questioning is on: questions above a level already blocked are skipped, "
                "so most people answer fewer than their share."
            )
        )
    blocks.append(context(sentences(how)))
    fallback = _("%(name)s started: %(questions)s for %(project)s") % values
    return message(fallback, blocks)


def _owner_line(framework: Framework, assessment: Assessment, share: OwnerShare) -> str:
    """`• @ana: up to 12 questions, about 20 min (Data engineer)`."""
    roles = _(", ").join(framework.role(r).name.get(current_locale()) for r in share.roles)
    values = {
        "who": mention(share.user_id),
        "questions": questions(share.questions),
        "time": said(rough_time(share.seconds)),
        "roles": esc(roles),
    }
    if assessment.adaptive:  # some will be skipped: say so, honestly
        return _("• %(who)s: up to %(questions)s, %(time)s (%(roles)s)") % values
    return _("• %(who)s: %(questions)s, %(time)s (%(roles)s)") % values
