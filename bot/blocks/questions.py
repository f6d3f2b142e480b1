"""The question DMs: a page of one capability item, the intro, the closing message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.blocks.adaptive import skipped_note
from bot.blocks.common import (
    MESSAGE_BLOCKS_MAX,
    Block,
    actions,
    answer_label,
    button,
    confirm_dialog,
    context,
    divider,
    header,
    message,
    option,
    overflow,
    section,
)
from bot.i18n import N_, _, format_day, ngettext, said
from bot.slack.ids import Action, MessageRef, More, MoreRef, PageRef, QuestionRef, answer_action_id
from bot.slack.mrkdwn import clip, esc, link, mention
from questionnaire.conversation import ItemPage, has_evidence, is_open, needs_evidence
from questionnaire.domain import (
    Answer,
    Assessment,
    Evidence,
    EvidenceKind,
    RequirementState,
    ReviewState,
)
from questionnaire.estimates import rough_time
from questionnaire.framework import Framework, Located

ANSWER_EMOJI = {
    Answer.MET: ":white_check_mark:",
    Answer.PARTIAL: ":large_yellow_circle:",
    Answer.NOT_MET: ":x:",
    Answer.NOT_APPLICABLE: ":heavy_minus_sign:",
}
EVIDENCE_LINKS_SHOWN = 3
NOT_APPLICABLE_SHOWN = 160  # characters of not-applicable guidance on a page; Guidance shows all
COMMENT_SHOWN = 200  # characters of a comment on the page; the modal shows it whole
# A requirement's ⋯ menu: the rarer actions, kept off the row of answer buttons.
MORE_MENU = (
    (More.GUIDANCE, N_("Guidance")),
    (More.EVIDENCE, N_("Add evidence")),
    (More.COMMENT, N_("Add a comment")),
    (More.HAND_ON, N_("Not me (hand on)")),
)
EDIT_COMMENT = N_("Edit comment")  # the comment option once there is one


PAGE_ACTIONS = "a:"  # block id prefix of a question's buttons on a page
QUESTION_BLOCK = "q:"  # block id prefix of a question's text on a page
THREAD_HINT = N_(
    ":thread: Reply in this thread with a link or a file to add evidence "
    "(name the question's id if several owe it)."
)
NONE_MET_LABEL = N_("None of the rest is met")


def on_question_page(block_id: str | None) -> bool:
    """True when a clicked element sits on a question page (not a reminder or the like)."""
    return (block_id or "").startswith(PAGE_ACTIONS)


def questions_shown(blocks: object) -> tuple[str, ...]:
    """The requirement ids of the question blocks of a page's message as Slack sends it back
    (at most a message's fifty blocks; whatever else a forged one holds is left out)."""
    if not isinstance(blocks, list):
        return ()
    ids = (
        block.get("block_id") if isinstance(block, dict) else None
        for block in blocks[:MESSAGE_BLOCKS_MAX]
    )
    return tuple(
        block_id.removeprefix(QUESTION_BLOCK)
        for block_id in ids
        if isinstance(block_id, str)
        and block_id.startswith(QUESTION_BLOCK)
        and block_id != QUESTION_BLOCK
    )


def slack_date(moment: datetime) -> str:
    """A date Slack renders in the reader's own time zone."""
    return f"<!date^{int(moment.timestamp())}^{{date_short}}|{moment:%Y-%m-%d}>"


def evidence_line(item: Evidence) -> str:
    label = item.title or item.url or item.note or _("evidence")
    shown = link(item.url, clip(label, 80)) if item.url else esc(clip(label, 120))
    if item.review is ReviewState.REJECTED:
        reason = esc(item.review_reason) if item.review_reason else _("no reason given")
        return _("~%(evidence)s~ (rejected: %(reason)s)") % {"evidence": shown, "reason": reason}
    return shown


def comment_excerpt(comment: str) -> str:
    """A comment on one line, clipped and escaped, for the page's status line."""
    return esc(clip(" ".join(comment.split()), COMMENT_SHOWN))


def menu_label(verb: More, label: str, state: RequirementState | None) -> str:
    """The ⋯ menu's label for `verb`: "Edit comment" when the requirement has a comment."""
    edit = verb is More.COMMENT and state is not None and state.comment
    return _(EDIT_COMMENT) if edit else _(label)


def status_line(
    loc: Located,
    state: RequirementState | None,
    evidence: Sequence[Evidence],
    reader: str | None = None,
) -> str | None:
    """What has been recorded for a requirement, by whom; None when nothing has.
    `reader` is the person the page is for: a hand-off to them reads "handed to you"."""
    parts = []
    if state is not None and state.answer is not None:
        answer = state.answer
        if state.to_confirm:
            parts.append(
                _(":arrows_counterclockwise: Last time: *%(answer)s*. Confirm or change.")
                % {"answer": answer_label(answer)}
            )
        else:
            label = f"{ANSWER_EMOJI[answer]} *{answer_label(answer)}*"
            by, at = state.answered_by, state.answered_at
            if by and at:
                line = _("%(answer)s by %(person)s on %(date)s")
            elif by:
                line = _("%(answer)s by %(person)s")
            elif at:
                line = _("%(answer)s on %(date)s")
            else:
                line = "%(answer)s"
            parts.append(
                line
                % {
                    "answer": label,
                    "person": mention(by) if by else "",
                    "date": slack_date(at) if at else "",
                }
            )
    if state is not None and state.comment:
        parts.append(f":speech_balloon: _{comment_excerpt(state.comment)}_")
    if state is not None and state.delegated_to and state.answer is None:  # until answered
        if state.delegated_to == reader:
            parts.append(_(":arrow_right: handed to you"))
        else:
            parts.append(
                _(":arrow_right: handed to %(person)s") % {"person": mention(state.delegated_to)}
            )
    mine = [e for e in evidence if e.requirement_id == loc.requirement.id]
    if mine:
        shown = ", ".join(evidence_line(e) for e in mine[:EVIDENCE_LINKS_SHOWN])
        hidden = len(mine) - EVIDENCE_LINKS_SHOWN
        more = _(" and %(num)d more") % {"num": hidden} if hidden > 0 else ""
        parts.append(f":paperclip: {shown}{more}")
    elif needs_evidence(loc, state):
        parts.append(_(":warning: Evidence needed: use *Add evidence*."))
    return "  ·  ".join(parts) if parts else None


def requirement_blocks(
    framework: Framework,
    page: ItemPage,
    loc: Located,
    state: RequirementState | None,
    evidence: Sequence[Evidence],
    assessment_id: int,
    locale: str,
    owner: str | None = None,
    *,
    first_of_subitem: bool = False,
) -> list[Block]:
    req = loc.requirement
    ref = QuestionRef(a=assessment_id, r=req.id, i=page.item_id, p=page.page, u=owner).dump()
    needs = _(" · :paperclip: evidence required") if req.evidence.required else ""
    level = said(framework.level_label(req.level, locale))
    text = f"*{level}* · `{esc(req.id)}`{needs}\n{esc(req.text.get(locale))}"
    text += not_applicable_line(loc, locale, with_subitem=first_of_subitem)
    chosen = None if state is None or state.to_confirm else state.answer
    buttons = [
        button(answer_label(a), answer_action_id(a), ref, style="primary" if a is chosen else None)
        for a in Answer
    ]
    owes = owes_evidence(loc, state, evidence)
    if owes:  # what this requirement waits for stays one click away
        buttons.append(button(_("Add evidence"), Action.ADD_EVIDENCE, ref))
    menu = [
        option(
            menu_label(verb, label, state),
            MoreRef(v=verb, a=assessment_id, r=req.id, p=page.page, u=owner).option_value(),
        )
        for verb, label in MORE_MENU
        if not (owes and verb is More.EVIDENCE)
    ]
    blocks = [section(text, block_id=f"{QUESTION_BLOCK}{req.id}")]
    line = status_line(loc, state, evidence, owner)
    if line:
        blocks.append(context(line))
    blocks.append(
        actions(*buttons, overflow(Action.MORE, menu), block_id=f"{PAGE_ACTIONS}{req.id}")
    )
    return blocks


def not_applicable_line(loc: Located, locale: str, *, with_subitem: bool) -> str:
    """A short line on when answering Not applicable is right: the requirement's own guidance,
    else (on the first of its sub-item's questions on a page) the sub-item's; `` without one."""
    guidance = loc.requirement.not_applicable_when
    if guidance is None and with_subitem:
        guidance = loc.subitem.not_applicable_when
    if guidance is None:
        return ""
    shown = esc(clip(" ".join(guidance.get(locale).split()), NOT_APPLICABLE_SHOWN))
    label = _("Not applicable when:")
    return f"\n:heavy_minus_sign: _{label} {shown}_"


def owes_evidence(
    loc: Located, state: RequirementState | None, evidence: Sequence[Evidence]
) -> bool:
    """Answered met or partially met, evidence required, and none attached that stands."""
    return needs_evidence(loc, state) and not has_evidence(loc.requirement.id, evidence)


def to_confirm_count(page: ItemPage, states: Mapping[str, RequirementState]) -> int:
    """Questions on the page whose answer came over from last time and awaits confirmation."""
    return sum(
        1
        for loc in page.requirements
        if (state := states.get(loc.requirement.id)) is not None and state.to_confirm
    )


def question_page(
    framework: Framework,
    assessment: Assessment,
    page: ItemPage,
    states: Mapping[str, RequirementState],
    evidence: Sequence[Evidence],
    locale: str = "en",
    owner: str | None = None,
) -> dict[str, Any]:
    """One page of one capability item's questions for one person (`owner`)."""
    assert assessment.id is not None
    item, domain = page.work.item, page.work.domain
    numbers = {"num": page.item_number, "count": page.item_count}
    where = f"{esc(domain.name.get(locale))} · " + _("item %(num)d of %(count)d") % numbers
    if page.page_count > 1:
        pages = {"num": page.page + 1, "count": page.page_count}
        where += " · " + _("page %(num)d of %(count)d") % pages
    blocks: list[Block] = [
        header(item.name.get(locale)),
        context(f"*{esc(assessment.name)}* · {where}"),
    ]
    seen_subitems: set[str] = set()
    for loc in page.requirements:
        blocks.append(divider())
        blocks += requirement_blocks(
            framework,
            page,
            loc,
            states.get(loc.requirement.id),
            evidence,
            assessment.id,
            locale,
            owner,
            first_of_subitem=loc.subitem.id not in seen_subitems,
        )
        seen_subitems.add(loc.subitem.id)
    open_now = sum(1 for loc in page.requirements if is_open(states.get(loc.requirement.id)))
    answered = len(page.requirements) - open_now
    blocks.append(divider())
    item_ref = PageRef(a=assessment.id, i=item.id, p=page.page, u=owner).dump()
    footer = [button(_("Hand this item on"), Action.HANDOFF_ITEM, item_ref)]
    to_confirm = to_confirm_count(page, states)
    if to_confirm:
        label = _("Confirm last time's answers (%(num)d)") % {"num": to_confirm}
        footer.insert(0, button(label, Action.CONFIRM_PAGE, item_ref, style="primary"))
    if open_now >= 2:
        footer.append(none_met_button(item_ref, open_now))
    blocks.append(actions(*footer, block_id="page_footer"))
    counts = {"num": answered, "count": len(page.requirements)}
    blocks.append(context(_("%(num)d of %(count)d answered on this page.") % counts))
    if any(
        owes_evidence(loc, states.get(loc.requirement.id), evidence) for loc in page.requirements
    ):
        blocks.append(context(_(THREAD_HINT)))
    note = skipped_note(framework, assessment, item, states, owner, locale)
    blocks += [note] if note else []
    still = ngettext("%(num)d question open", "%(num)d questions open", open_now) % {
        "num": open_now
    }
    fallback = _("%(name)s: %(item)s (%(where)s), %(open)s") % {
        "name": assessment.name,
        "item": item.name.get(locale),
        "where": where,
        "open": still,
    }
    return message(fallback, blocks)


def none_met_button(page_ref: str, open_now: int) -> Block:
    """Answer the rest of the page Not met in one click, after Slack's confirmation."""
    ask = confirm_dialog(
        _("Answer the rest Not met?"),
        ngettext(
            "Record *Not met* for the %(num)d open question on this page?",
            "Record *Not met* for the %(num)d open questions on this page?",
            open_now,
        )
        % {"num": open_now},
        _("Record Not met"),
    )
    return button(_(NONE_MET_LABEL), Action.NONE_MET, page_ref, confirm=ask)


def evidence_what(url: str | None, title: str | None) -> str:
    """One piece of evidence as a confirmation names it: its link, or "a note"."""
    return link(url, clip(title or url, 80)) if url else _("a note")


def replied(added: Sequence[tuple[EvidenceKind, str, str | None]]) -> str:
    """What a thread reply attached: its one link, else how many links and files."""
    if len(added) == 1:
        _kind, url, title = added[0]
        return evidence_what(url, title)
    files = sum(1 for kind, _url, _title in added if kind is EvidenceKind.FILE)
    links = len(added) - files
    if links and files:
        return _("%(links)s and %(files)s") % {"links": _links(links), "files": _files(files)}
    return _links(links) if links else _files(files)


def _links(count: int) -> str:
    return ngettext("%(num)d link", "%(num)d links", count) % {"num": count}


def _files(count: int) -> str:
    return ngettext("%(num)d file", "%(num)d files", count) % {"num": count}


def attached(assessment: Assessment, requirement_id: str, what: str) -> str:
    """The one way an attachment is confirmed; `what` is mrkdwn (see `evidence_what`)."""
    return _(":paperclip: Attached %(what)s as evidence for `%(id)s` (*%(name)s*).") % {
        "what": what,
        "id": esc(requirement_id),
        "name": esc(assessment.name),
    }


def all_done(
    framework: Framework,
    assessment: Assessment,
    owed: Sequence[Located],
    locale: str = "en",
    answered: bool = True,
    handed_on: bool = False,
    owns: bool = True,
    skipped: bool = False,
) -> dict[str, Any]:
    """The closing message when a person has no open question left. Only someone who `answered`
    something is thanked; the others learn why nothing is left (handed on, skipped by adaptive
    questioning, or no role)."""
    assert assessment.id is not None
    name = esc(assessment.name)
    names = {"name": name}
    if answered:
        headline = (
            _(":tada: You have answered all your questions in *%(name)s*. Thank you!") % names
        )
        fallback = _("All your questions in %(name)s are answered.") % {"name": assessment.name}
    else:
        headline = _("You have no open questions in *%(name)s*.") % names
        if handed_on:
            headline += " " + _("You handed yours on.")
        elif skipped:
            headline += " " + _(
                "Yours are not asked: a lower level of their sub-items is already blocked."
            )
        elif not owns:
            headline += " " + _("You no longer hold a role in *%(name)s*.") % names
        fallback = headline.replace("*", "")
    blocks: list[Block] = [section(headline)]
    if owed:
        lines = [
            f"• `{esc(loc.requirement.id)}` {esc(clip(loc.requirement.text.get(locale), 120))}"
            for loc in owed[:15]
        ]
        more = "\n" + _("…and %(num)d more.") % {"num": len(owed) - 15} if len(owed) > 15 else ""
        owing = ngettext(
            "Evidence is still owed for %(num)d requirement",
            "Evidence is still owed for %(num)d requirements",
            len(owed),
        ) % {"num": len(owed)}
        head = _("*%(owing)s:*") % {"owing": owing}
        blocks.append(section(head + "\n" + "\n".join(lines) + more))
        fallback += " " + _("%(owing)s.") % {"owing": owing}
        for loc in owed[:5]:
            ref = QuestionRef(a=assessment.id, r=loc.requirement.id, i=loc.item.id).dump()
            blocks.append(
                actions(
                    button(
                        _("Add evidence: %(id)s") % {"id": loc.requirement.id},
                        Action.ADD_EVIDENCE,
                        ref,
                    )
                )
            )
    elif answered:
        blocks.append(
            context(
                _("No evidence is owed. You can still change answers until the lead closes it.")
            )
        )
    return message(fallback, blocks)


def intro(
    framework: Framework,
    assessment: Assessment,
    questions: int,
    seconds: int,
    item_names: Sequence[str],
    roles: Sequence[str],
    locale: str = "en",
) -> dict[str, Any]:
    """The first DM to a role holder: what they are asked, about how long it takes, and Start.
    "At most": fewer questions may end up asked, never more."""
    assert assessment.id is not None
    role_names = ", ".join(esc(framework.role(r).name.get(locale)) for r in roles if r)
    items = "\n".join(f"• {esc(n)}" for n in item_names[:10])
    if len(item_names) > 10:
        items += "\n" + _("…and %(num)d more") % {"num": len(item_names) - 10}
    part = _("at most %(questions)s, %(time)s") % {
        "questions": ngettext("%(num)d question", "%(num)d questions", questions)
        % {"num": questions},
        "time": said(rough_time(seconds)),
    }
    values = {
        "lead": mention(assessment.lead_id),
        "name": esc(assessment.name),
        "project": esc(assessment.project),
        "roles": role_names or _("lead"),
        "num": len(item_names),
        "due": format_day(assessment.due_date) if assessment.due_date else "",
        "items": items,
        "part": part,
    }
    started = (
        _(":wave: %(lead)s started the maturity assessment *%(name)s* for *%(project)s*.") % values
    )
    asked = (
        ngettext(
            "As *%(roles)s* you answer questions in %(num)d capability item by %(due)s:",
            "As *%(roles)s* you answer questions in %(num)d capability items by %(due)s:",
            len(item_names),
        )
        if assessment.due_date
        else ngettext(
            "As *%(roles)s* you answer questions in %(num)d capability item:",
            "As *%(roles)s* you answer questions in %(num)d capability items:",
            len(item_names),
        )
    ) % values
    yours = (
        _("Your part: *%(part)s*. You can stop any time and continue where you left off.") % values
    )
    how = _("I'll ask one item at a time; answer with the buttons, and add evidence as you go.")
    text = f"{started}\n{asked}\n{items}\n{yours}\n{how}"
    ref = PageRef(a=assessment.id).dump()
    blocks = [section(text), actions(button(_("Start"), Action.CONTINUE, ref, style="primary"))]
    fallback = _("%(name)s: your part is %(part)s") % values
    return message(fallback, blocks)


def carry_ref(assessment_id: int, page: ItemPage, channel: str, ts: str) -> str:
    return MessageRef(a=assessment_id, i=page.item_id, p=page.page, c=channel, ts=ts).dump(3000)
