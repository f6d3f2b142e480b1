"""Answering: record an answer, comment on it, attach evidence, hand on; permission-checked."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from ..conversation import has_evidence, needs_evidence
from ..domain import Answer, Assessment, Evidence, EvidenceKind, RequirementState
from ..framework import Framework
from ..ports import Clock, UnitOfWork, UnitOfWorkFactory
from ..routing import Routing
from .context import get_assessment, require_active, require_may_answer
from .errors import Invalid, NotFound

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
    """The open assessment and its framework; NotFound for a requirement it does not have."""
    assessment = get_assessment(uow, team_id, assessment_id)
    require_active(assessment)
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
) -> AnswerOutcome:
    """Record (or clear) one answer; a constant handful of statements whatever the framework size."""
    with uow_factory() as uow:
        assessment, framework = _checked(
            uow, team_id, assessment_id, [requirement_id], actor, admins
        )
        before, after = uow.answers.record(
            team_id, assessment_id, requirement_id, answer, actor, clock.now()
        )
        needed = needs_evidence(framework.locate(requirement_id), after) and not has_evidence(
            requirement_id, uow.evidence.for_assessment(team_id, assessment_id)
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
    requirement_ids: Sequence[str],
    actor: str,
    admins: Collection[str] = (),
) -> ConfirmOutcome:
    """Confirm the carried-over ("to confirm") answers among these requirements that the actor
    may answer, as if each were clicked again: same answer, by the actor, now, one history row
    each. The others are left alone; NotAllowed when the actor may confirm none of them.
    A constant handful of statements plus `record`'s per confirmed answer."""
    with uow_factory() as uow:
        assessment, framework = _open_with(uow, team_id, assessment_id, requirement_ids)
        states = uow.answers.states(team_id, assessment_id)
        routing = Routing(framework, assessment, states)
        pending = [
            rid
            for rid in dict.fromkeys(requirement_ids)
            if (state := states.get(rid)) is not None and state.to_confirm
        ]
        mine = [rid for rid in pending if routing.may_answer(actor, rid, admins)]
        if pending and not mine:
            require_may_answer(routing, pending[:1], actor, admins)  # raises NotAllowed
        evidence = uow.evidence.for_assessment(team_id, assessment_id) if mine else []
        now = clock.now()
        confirmed = [
            uow.answers.record(team_id, assessment_id, rid, states[rid].answer, actor, now)[1]
            for rid in mine
        ]
        uow.commit()
    needed = [
        after.requirement_id
        for after in confirmed
        if needs_evidence(framework.locate(after.requirement_id), after)
        and not has_evidence(after.requirement_id, evidence)
    ]
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
    if kind in (EvidenceKind.LINK, EvidenceKind.NOTE):
        errors = validate_evidence(url, title, note)
        if errors:
            raise Invalid(errors)
    kind = EvidenceKind.LINK if kind is EvidenceKind.NOTE and url else kind
    with uow_factory() as uow:
        _checked(uow, team_id, assessment_id, [requirement_id], actor, admins)
        evidence = uow.evidence.add(
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
        uow.commit()
    return evidence


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
