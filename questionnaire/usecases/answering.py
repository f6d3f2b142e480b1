"""Answering: record an answer, comment on it, attach evidence, hand on; permission-checked."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

from ..conversation import agenda, has_evidence, is_open, needs_evidence, page_of
from ..domain import Answer, Assessment, Evidence, EvidenceKind, RequirementState
from ..framework import Framework
from ..outbox import EvidenceAttached, NextPage, Note
from ..ports import Clock, UnitOfWork, UnitOfWorkFactory
from ..routing import Routing
from . import follow_up
from .context import (
    AssessmentView,
    get_assessment,
    load_view,
    lock_active,
    require_may_answer,
)
from .errors import Invalid, NotFound, UseCaseError
from .follow_up import PageAt

URL_MAX = 2000
TITLE_MAX = 200
NOTE_MAX = 2000
COMMENT_MAX = 1000


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    assessment: Assessment
    framework: Framework
    before: RequirementState | None
    after: RequirementState
    evidence_needed: bool  # met/partial on a requirement that needs evidence it does not have


def _open_with(
    uow: UnitOfWork, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
) -> tuple[Assessment, Framework]:
    """The open assessment (held until the transaction ends, so a close or delete waits) and
    its framework; NotFound for a requirement it does not have."""
    assessment = lock_active(uow, team_id, assessment_id)
    framework = uow.frameworks.load(assessment.framework_hash)
    for requirement_id in requirement_ids:
        if not framework.has_requirement(requirement_id):
            raise NotFound(f"Requirement {requirement_id} is not part of this assessment.")
    return assessment, framework


def _checked(
    uow: UnitOfWork,
    team_id: str,
    assessment_id: int,
    requirement_ids: Sequence[str],
    actor: str,
    admins: Collection[str],
) -> tuple[Assessment, Framework]:
    """The assessment and framework, after checking the actor may act on these requirements."""
    assessment, framework = _open_with(uow, team_id, assessment_id, requirement_ids)
    states: dict[str, RequirementState] = {}
    for requirement_id in requirement_ids:
        state = uow.answers.get(team_id, assessment_id, requirement_id)
        if state is not None:
            states[requirement_id] = state
    require_may_answer(Routing(framework, assessment, states), requirement_ids, actor, admins)
    return assessment, framework


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
    the same transaction: the page refreshed, an evidence request, the next page once this one
    is done, the completion summary once everything is."""
    with uow_factory() as uow:
        assessment, framework = _checked(
            uow, team_id, assessment_id, [requirement_id], actor, admins
        )
        now = clock.now()
        before, after = uow.answers.record(
            team_id, assessment_id, requirement_id, answer, actor, now
        )
        needed = needs_evidence(framework.locate(requirement_id), after) and not has_evidence(
            requirement_id, uow.evidence.for_assessment(team_id, assessment_id)
        )
        if page is not None:
            # What follows reads routing and states only (pages render when delivered).
            view = AssessmentView(
                assessment, framework, uow.answers.states(team_id, assessment_id), []
            )
            follow_up.after_answers(
                uow,
                view,
                page,
                [requirement_id] if needed else [],
                now,
                answered_open=is_open(before),
            )
        uow.commit()
    return AnswerOutcome(assessment, framework, before, after, needed)


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
        assessment, framework = _open_with(uow, team_id, assessment_id, requirement_ids or [])
        states = uow.answers.states(team_id, assessment_id)
        routing = Routing(framework, assessment, states)
        if requirement_ids is None:
            shown = page and page_of(agenda(routing, page.owner), page.item_id, page.page)
            requirement_ids = [loc.requirement.id for loc in shown.requirements] if shown else []
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
            uow.answers.record(team_id, assessment_id, rid, states[rid].answer, actor, now)[1]
            for rid in mine
        ]
        evidence = uow.evidence.for_assessment(team_id, assessment_id) if mine else []
        needed = [
            after.requirement_id
            for after in confirmed
            if needs_evidence(framework.locate(after.requirement_id), after)
            and not has_evidence(after.requirement_id, evidence)
        ]
        if page is not None:
            states |= {after.requirement_id: after for after in confirmed}
            view = AssessmentView(assessment, framework, states, evidence)
            follow_up.after_answers(uow, view, page, needed, now, answered_open=bool(confirmed))
        uow.commit()
    return ConfirmOutcome(assessment, framework, confirmed, needed)


def clean_comment(text: str | None) -> str | None:
    """A comment as it is stored: trimmed, None when empty; Invalid when it is too long."""
    cleaned = (text or "").strip()
    if len(cleaned) > COMMENT_MAX:
        raise Invalid(
            {
                "comment": f"Keep the comment to {COMMENT_MAX} characters; "
                f"this one has {len(cleaned)}."
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
) -> RequirementState:
    """Add, change or (with empty text) remove the comment on a requirement's answer; whoever
    may answer it may comment. The answer, who gave it and when are kept."""
    text = clean_comment(comment)
    with uow_factory() as uow:
        _checked(uow, team_id, assessment_id, [requirement_id], actor, admins)
        _, after = uow.answers.set_comment(
            team_id, assessment_id, requirement_id, text, actor, clock.now()
        )
        uow.commit()
    return after


def validate_evidence(url: str | None, title: str | None, note: str | None) -> dict[str, str]:
    """Field -> message for an evidence form: a URL must be http(s) and sane, or a note given."""
    errors: dict[str, str] = {}
    url = (url or "").strip()
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            errors["url"] = "Enter a full link starting with http:// or https://."
        elif len(url) > URL_MAX:
            errors["url"] = f"That link is longer than {URL_MAX} characters."
        elif any(ch.isspace() for ch in url):
            errors["url"] = "A link cannot contain spaces."
    if title and len(title) > TITLE_MAX:
        errors["title"] = f"Keep the title under {TITLE_MAX} characters."
    if note and len(note) > NOTE_MAX:
        errors["note"] = f"Keep the note under {NOTE_MAX} characters."
    if not url and not (note or "").strip() and "url" not in errors:
        errors["url"] = "Add a link or a note (or both)."
    return errors


def add_evidence(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    requirement_id: str,
    actor: str,
    *,
    kind: EvidenceKind,
    url: str | None = None,
    title: str | None = None,
    note: str | None = None,
    admins: Collection[str] = (),
) -> Evidence:
    """Attach evidence to a requirement (a link, a file, a Slack message or a note)."""
    with uow_factory() as uow:
        evidence = _attach(
            uow,
            clock,
            team_id,
            assessment_id,
            requirement_id,
            actor,
            kind,
            url,
            title,
            note,
            admins,
        )
        uow.commit()
    return evidence


def _attach(
    uow: UnitOfWork,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    requirement_id: str,
    actor: str,
    kind: EvidenceKind,
    url: str | None,
    title: str | None,
    note: str | None,
    admins: Collection[str],
) -> Evidence:
    """Add one piece of evidence in the caller's transaction, after the checks (Invalid for a
    bad link or note, NotAllowed for someone who may not answer the question)."""
    if kind in (EvidenceKind.LINK, EvidenceKind.NOTE):
        errors = validate_evidence(url, title, note)
        if errors:
            raise Invalid(errors)
    kind = EvidenceKind.LINK if kind is EvidenceKind.NOTE and url else kind
    _checked(uow, team_id, assessment_id, [requirement_id], actor, admins)
    return uow.evidence.add(
        team_id,
        Evidence(
            assessment_id=assessment_id,
            requirement_id=requirement_id,
            kind=kind,
            added_by=actor,
            added_at=clock.now(),
            url=(url or "").strip() or None,
            title=(title or "").strip() or None,
            note=(note or "").strip() or None,
        ),
    )


@dataclass(frozen=True, slots=True)
class ThreadReply:
    """A message in the thread of a bot message, as the Events API delivered it."""

    team_id: str
    event_id: str
    channel: str
    thread_ts: str
    user_id: str
    items: Sequence[tuple[EvidenceKind, str, str | None]]  # links and files: kind, url, title


NO_EVIDENCE_IN_REPLY = "Reply with a link or attach a file and I'll add it as evidence."


def attach_from_thread(
    uow_factory: UnitOfWorkFactory, clock: Clock, reply: ThreadReply, admins: Collection[str] = ()
) -> int:
    """A reply in an evidence request's thread: attach its links and files to the requirement,
    and queue the thread's confirmation and the refresh of the pages that show it, all in one
    transaction with the event id, so a retried event is applied once and a crash before the
    commit leaves it to Slack's retry. Returns how many were attached (Duplicate: a retry)."""
    now = clock.now()
    team = reply.team_id
    with uow_factory() as uow:
        follow_up.once(uow, team, f"event:{reply.event_id}", now)
        prompt = uow.prompts.find(team, reply.channel, reply.thread_ts)
        if prompt is None:  # a thread of something else: nothing to do, and nothing again
            uow.commit()
            return 0
        assessment_id, requirement_id = prompt
        key = f"reply:{reply.event_id}"
        if not reply.items:
            tell = Note(reply.channel, NO_EVIDENCE_IN_REPLY, reply.thread_ts)
            follow_up.queue(uow, team, key, tell, now)
            uow.commit()
            return 0
        added: list[tuple[str, str, str | None]] = []
        for kind, url, title in reply.items:
            try:
                _attach(
                    uow, clock, team, assessment_id, requirement_id, reply.user_id,
                    kind, url, title, None, admins,
                )  # fmt: skip
            except UseCaseError as exc:  # what came before the refusal stays, and is confirmed
                refusal = Note(reply.channel, f":warning: {exc}", reply.thread_ts)
                follow_up.queue(uow, team, f"refused:{reply.event_id}", refusal, now)
                break
            added.append((kind.value, url, title))
        if added:
            done = EvidenceAttached(
                assessment_id, requirement_id, reply.channel, reply.thread_ts, tuple(added)
            )
            follow_up.queue(uow, team, key, done, now)
            view = load_view(uow, team, assessment_id)
            people = [view.routing.owner(requirement_id), reply.user_id]
            follow_up.refresh_pages_showing(uow, view, requirement_id, people, now)
        uow.commit()
    return len(added)


def hand_off(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    requirement_ids: Sequence[str],
    to_user: str,
    actor: str,
    admins: Collection[str] = (),
) -> Assessment:
    """Reassign requirements to another person ("Not me"); recorded in the history."""
    if not requirement_ids:
        raise Invalid({"requirements": "Nothing to hand on."})
    if to_user == actor:
        raise Invalid({"user": "Pick someone other than yourself."})
    with uow_factory() as uow:
        assessment, _ = _checked(uow, team_id, assessment_id, requirement_ids, actor, admins)
        uow.answers.delegate(team_id, assessment_id, requirement_ids, to_user, actor, clock.now())
        uow.commit()
    return assessment


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
    together); False then. Clicked again later, it posts the page afresh."""
    now = clock.now()
    with uow_factory() as uow:
        # Held: two clicks at once are decided one after the other.
        if uow.assessments.lock(team_id, assessment_id) is None:
            get_assessment(uow, team_id, assessment_id)  # raises NotFound
        prefix = f"show:{assessment_id}:{user_id}:"
        last = uow.outbox.latest(team_id, [prefix]).get(prefix)
        if last is not None and now - last < SHOW_AGAIN_AFTER:
            return False
        message = NextPage(assessment_id, user_id)
        follow_up.queue(uow, team_id, f"{prefix}{now.isoformat()}", message, now)
        uow.commit()
    return True
