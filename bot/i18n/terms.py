"""The model's fixed terms in the current language (docs/glossary.md): level labels, gap reasons,
step kinds, and the language of an assessment's channel.

Framework names come from the framework's own per-locale texts; the words around them (`Level`,
`not met`, `evidence only`) from the catalogs."""

from __future__ import annotations

from bot.i18n import N_, _, current_locale, said
from questionnaire.domain import Assessment
from questionnaire.framework import Framework
from scoring import Reason, StepKind

# In this order wherever gaps are counted by reason: the worst first, open questions last.
REASONS = {
    Reason.NOT_MET: N_("not met"),
    Reason.PARTIALLY_MET: N_("partially met"),
    Reason.EVIDENCE_MISSING: N_("evidence missing"),
    Reason.EVIDENCE_REJECTED: N_("evidence rejected"),
    Reason.NOT_ASSESSED: N_("not assessed"),
    Reason.UNANSWERED: N_("unanswered"),
}
KINDS = {
    StepKind.EVIDENCE: N_("evidence only"),
    StepKind.PRACTICE: N_("practice"),
    StepKind.ANSWER: N_("to answer"),
    StepKind.NOT_ASSESSED: N_("not assessed, to answer"),
}


UNSPACED = ("zh",)  # languages whose sentences follow each other without a space


def sentences(parts: list[str]) -> str:
    """Sentences one after the other, as the current language writes them."""
    return ("" if current_locale() in UNSPACED else " ").join(part for part in parts if part)


def channel_locale(assessment: Assessment, default: str) -> str:
    """The language of the assessment's channel posts: the one chosen at its start, else
    `default` (the workspace's; assessments started before the setting have none)."""
    return assessment.channel_locale or default


def level_name(framework: Framework, number: int) -> str:
    """The level's own name (`Professional`, `专业级`); below level 1 `Not yet Basic`."""
    if number <= 0:
        return _("Not yet %(level)s") % {"level": framework.levels[0].name.get(current_locale())}
    return framework.level(number).name.get(current_locale())


def level_label(framework: Framework, number: int, *, long: bool = False) -> str:
    """`L2 · Professional` for compact rows, `Level 2 · Professional` (`long`) for headlines,
    in the current language (`专业级（L2）`)."""
    return said(framework.level_label(number, current_locale(), long=long))


def reason_label(reason: Reason) -> str:
    """`not met`, `evidence missing`, ..."""
    return _(REASONS[reason])


def reason_count(reason: Reason, count: int) -> str:
    """`4 not met`, `1 unanswered`: a count of gaps of one reason."""
    return _("%(num)d %(reason)s") % {"num": count, "reason": reason_label(reason)}


def kind_label(kind: StepKind, reason: Reason | None = None) -> str:
    """`evidence only`, `practice (not met)`, `to answer`, ..."""
    label = _(KINDS[kind])
    if reason in (Reason.PARTIALLY_MET, Reason.NOT_MET):
        return _("%(kind)s (%(reason)s)") % {"kind": label, "reason": reason_label(reason)}
    return label
