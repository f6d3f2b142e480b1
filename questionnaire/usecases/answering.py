"""Answering: record an answer, confirm last time's, answer the rest of a page Not met, comment
on it, show the next page; permission-checked. Evidence and hand-offs have their own modules."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta

from questionnaire.conversation import (
    agenda,
    is_open,
    needs_evidence,
    next_page,
    page_of,
)
from questionnaire.domain import Answer, Assessment, RequirementState
from questionnaire.framework import Framework
from questionnaire.outbox import NextPage, RefreshPage, family_key
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import Clock, UnitOfWork, UnitOfWorkFactory
from questionnaire.routing import Routing
from questionnaire.usecases import follow_up
from questionnaire.usecases.context import (
    AssessmentView,
    load_view,
    lock_active,
    lock_checked,
    lock_with_states,
    require_may_answer,
)
from questionnaire.usecases.errors import Invalid
from questionnaire.usecases.follow_up import PageAt

COMMENT_MAX = 1000


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    assessment: Assessment
    framework: Framework
    before: RequirementState | None
    after: RequirementState
    evidence_needed: bool  # met/partial on a requirement that needs evidence it does not have
    view: AssessmentView  # as committed, with its page's evidence: what its pages are drawn from


def record_answer(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    requirement_id: str,
    answer: Answer | None,
    actor: str,
    admins: Collection[str] = (),
    page: PageAt | None = None,
) -> AnswerOutcome:
    """Record (or clear) one answer. Clicked on a question page (`page`), queue what follows in
    the same transaction: the page refreshed (showing any evidence owed), the next page once
    this one is done, the completion summary once everything is."""
    with uow_factory() as uow:
        # Every state is read once, with the assessment: what follows needs them, and so does
        # the check.
        assessment, framework, states = lock_with_states(
            uow, team_id, assessment_id, [requirement_id]
        )
        routing = Routing(framework, assessment, states)
        require_may_answer(routing, [requirement_id], actor, admins)
        follow_up.require_own_page(assessment, page, actor, admins)
        now = clock.now()
        # The assessment is held and `states` read under it: the write needs no read of its own.
        before = states.get(requirement_id)
        # Whether its evidence stands comes with the write (one indexed lookup), and so does
        # the evidence of the questions the clicked page showed: a click costs the same
        # whatever evidence the assessment holds.
        asked = list(page.shown) if page else []
        recorded = uow.answers.record_held(
            team_id, assessment_id, requirement_id, answer, actor, now, before, asked
        )
        after = recorded.after
        needed = needs_evidence(framework.locate(requirement_id), after) and not (
            recorded.evidence_stands
        )
        # What follows reads routing and states only (pages render when delivered).
        view = AssessmentView(assessment, framework, states | {requirement_id: after}, [])
        if page is not None:
            shown = follow_up.after_answers(uow, view, page, now, answered_open=is_open(before))
            # The refreshed page's evidence: its delivery draws it from this view. The answer
            # rarely changes which questions the page shows (adaptive questioning may skip or
            # bring back some); those it adds have their evidence read here.
            ids = follow_up.requirement_ids(shown)
            found = [e for e in recorded.evidence if e.requirement_id in ids]
            missing = [rid for rid in ids if rid not in asked]
            if missing:
                found += uow.evidence.for_requirements(team_id, assessment_id, missing)
                found.sort(key=lambda piece: piece.id or 0)  # oldest first, as read alone
            view = view.with_evidence(found, of=ids)
        follow_up.bring_back(
            uow, routing, view.routing, follow_up.request_key(None, actor, now), now
        )
        uow.commit()
    return AnswerOutcome(assessment, framework, before, after, needed, view)


@dataclass(frozen=True, slots=True)
class ConfirmOutcome:
    assessment: Assessment
    framework: Framework
    confirmed: list[RequirementState]  # after confirming, in the order asked
    evidence_needed: list[str]  # confirmed met/partial that need evidence they do not have


def confirm_answers(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    requirement_ids: Sequence[str] | None,
    actor: str,
    admins: Collection[str] = (),
    page: PageAt | None = None,
) -> ConfirmOutcome:
    """Confirm the carried-over ("to confirm") answers among these requirements (None: those on
    `page`) that the actor may answer, as if each were clicked again: same answer, by the
    actor, now, one history row each; clicked on a page, what follows is queued as after a
    click. The others are left alone; NotAllowed when the actor may confirm none of them."""
    with uow_factory() as uow:
        assessment, framework, states = lock_with_states(
            uow, team_id, assessment_id, requirement_ids or []
        )
        follow_up.require_own_page(assessment, page, actor, admins)
        routing = Routing(framework, assessment, states)
        if requirement_ids is None:
            requirement_ids = on_page(routing, page)
        pending = [
            rid
            for rid in dict.fromkeys(requirement_ids)
            if (state := states.get(rid)) is not None and state.to_confirm
        ]
        mine = [rid for rid in pending if routing.may_answer(actor, rid, admins)]
        if pending and not mine:
            require_may_answer(routing, pending[:1], actor, admins)  # raises NotAllowed
        now = clock.now()
        confirmed = [
            uow.answers.record_held(
                team_id, assessment_id, rid, states[rid].answer, actor, now, states[rid]
            ).after
            for rid in mine
        ]
        due = [
            after.requirement_id
            for after in confirmed
            if needs_evidence(framework.locate(after.requirement_id), after)
        ]
        stands = uow.evidence.standing(team_id, assessment_id, due)
        needed = [rid for rid in due if rid not in stands]
        # What follows reads routing and states only (pages render when delivered).
        view = AssessmentView(
            assessment, framework, states | {after.requirement_id: after for after in confirmed}, []
        )
        if page is not None:
            follow_up.after_answers(uow, view, page, now, answered_open=bool(confirmed))
        key = follow_up.request_key(None, actor, now)
        follow_up.bring_back(uow, routing, view.routing, key, now)
        uow.commit()
    return ConfirmOutcome(assessment, framework, confirmed, needed)


def on_page(routing: Routing, page: PageAt | None) -> list[str]:
    """The requirements the page shows now (none when it shows nothing any more)."""
    shown = page and page_of(agenda(routing, page.owner), page.item_id, page.page)
    return [loc.requirement.id for loc in shown.requirements] if shown else []


def none_met(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    actor: str,
    page: PageAt,
    admins: Collection[str] = (),
) -> list[RequirementState]:
    """ "None of the rest is met": record Not met for every open question on the page (as it is
    now) that the actor may answer, one history row each, and queue what follows as after a
    click. A second click finds nothing open and does nothing; NotAllowed when the actor may
    answer none of the open ones."""
    with uow_factory() as uow:
        assessment, framework, states = lock_with_states(uow, team_id, assessment_id, [])
        follow_up.require_own_page(assessment, page, actor, admins)
        routing = Routing(framework, assessment, states)
        still_open = [rid for rid in on_page(routing, page) if is_open(states.get(rid))]
        mine = [rid for rid in still_open if routing.may_answer(actor, rid, admins)]
        if still_open and not mine:
            require_may_answer(routing, still_open[:1], actor, admins)  # raises NotAllowed
        now = clock.now()
        recorded = [
            uow.answers.record_held(
                team_id, assessment_id, rid, Answer.NOT_MET, actor, now, states.get(rid)
            ).after
            for rid in mine
        ]
        if recorded:
            states |= {after.requirement_id: after for after in recorded}
            view = AssessmentView(assessment, framework, states, [])
            follow_up.after_answers(uow, view, page, now, answered_open=True)
        uow.commit()
    return recorded


def clean_comment(text: str | None) -> str | None:
    """A comment as it is stored: trimmed, None when empty; Invalid when it is too long."""
    cleaned = (text or "").strip()
    if len(cleaned) > COMMENT_MAX:
        raise Invalid(
            {
                "comment": Phrase(
                    N_("Keep the comment to %(max)d characters; this one has %(num)d."),
                    max=COMMENT_MAX,
                    num=len(cleaned),
                )
            }
        )
    return cleaned or None


def set_comment(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    requirement_id: str,
    comment: str | None,
    actor: str,
    admins: Collection[str] = (),
    *,
    page: PageAt | None = None,
    once: str | None = None,
) -> RequirementState:
    """Add, change or (with empty text) remove the comment on a requirement's answer; whoever
    may answer it may comment. The answer, who gave it and when are kept. The page the modal
    came from (`page`), else the pages showing the requirement, are refreshed to show it;
    `once` (the modal's view id) makes a double submission save it once."""
    text = clean_comment(comment)
    with uow_factory() as uow:
        now = clock.now()
        follow_up.once(uow, team_id, once, now)
        assessment, _ = lock_checked(uow, team_id, assessment_id, [requirement_id], actor, admins)
        follow_up.require_own_page(assessment, page, actor, admins)
        _, after = uow.answers.set_comment(team_id, assessment_id, requirement_id, text, actor, now)
        view = load_view(uow, team_id, assessment_id)
        follow_up.refresh_origin(uow, view, requirement_id, actor, page, now)
        uow.commit()
    return after


SHOW_AGAIN_AFTER = timedelta(seconds=30)  # a second Start/Continue sooner is a double click


def show_next_page(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    user_id: str,
) -> bool:
    """Start / Continue: queue the person's next open page (or their closing message), unless
    one was queued in the last SHOW_AGAIN_AFTER (a double click, or Start and Continue clicked
    together); False then. Clicked again later, it posts the page afresh. Closed when the
    assessment is: its questions can no longer be answered. A first Start when the next page
    was already posted (handed over before they began) re-renders that page, not a copy."""
    now = clock.now()
    with uow_factory() as uow:
        lock_active(uow, team_id, assessment_id)  # held: two clicks are decided one by one
        family = f"show:{assessment_id}:{user_id}"
        last = uow.outbox.latest(team_id, [family]).get(family)
        if last is not None and now - last < SHOW_AGAIN_AFTER:
            return False
        message: NextPage | RefreshPage = NextPage(assessment_id, user_id)
        if last is None:  # their first Start: a page handed to them may wait below it already
            message = waiting_page(uow, team_id, assessment_id, user_id) or message
        follow_up.queue(uow, team_id, family_key(family, now.isoformat()), message, now)
        uow.commit()
    return True


def waiting_page(
    uow: UnitOfWork, team_id: str, assessment_id: int, user_id: str
) -> RefreshPage | None:
    """The person's current page message, re-rendered, when it is the page they would be shown
    next (so Start does not post it twice); None otherwise."""
    pos = uow.positions.get(team_id, assessment_id, user_id)
    if pos is None or not pos.channel_id or not pos.message_ts:
        return None
    view = load_view(uow, team_id, assessment_id, evidence=False)  # the page needs states only
    shown = next_page(agenda(view.routing, user_id), view.states)
    if shown is None or (shown.item_id, shown.page) != (pos.item_id, pos.page):
        return None
    return RefreshPage(
        assessment_id, user_id, pos.item_id, pos.page, pos.channel_id, pos.message_ts
    )
