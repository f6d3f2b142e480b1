"""Evidence: attach links, notes, files and Slack messages to a requirement, from a modal or a
reply in an evidence prompt's thread, with the confirmations and page refreshes they owe."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

from questionnaire.domain import Evidence, EvidenceKind
from questionnaire.outbox import EvidenceAdded, EvidenceAttached, Note
from questionnaire.ports import Clock, UnitOfWork, UnitOfWorkFactory
from questionnaire.usecases import follow_up
from questionnaire.usecases.context import load_view, lock_checked
from questionnaire.usecases.errors import Invalid, UseCaseError
from questionnaire.usecases.follow_up import PageAt

URL_MAX = 2000
TITLE_MAX = 200
NOTE_MAX = 2000


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
    page: PageAt | None = None,
    prompt: tuple[str, str] | None = None,
    once: str | None = None,
) -> Evidence:
    """Attach evidence to a requirement (a link, a file, a Slack message or a note), and queue
    what that owes: the question page the modal came from (`page`) re-rendered to show it; or
    else the pages showing the requirement refreshed and one confirmation, in the evidence
    prompt it came from (`prompt`: channel, ts) or by DM. `once` (the modal's view id) makes a
    double submission attach it once (Duplicate)."""
    with uow_factory() as uow:
        now = clock.now()
        follow_up.once(uow, team_id, once, now)
        evidence = attach(
            uow, now, team_id, assessment_id, requirement_id, actor, kind, url, title, note, admins
        )
        view = load_view(uow, team_id, assessment_id)
        follow_up.refresh_origin(uow, view, requirement_id, actor, page, now)
        if page is None:  # a refreshed page shows the evidence itself: no other confirmation
            assert evidence.id is not None
            channel, ts = prompt or (None, None)
            done = EvidenceAdded(assessment_id, evidence.id, actor, channel, ts)
            follow_up.queue(uow, team_id, f"added:{evidence.id}", done, now)
        uow.commit()
    return evidence


def attach(
    uow: UnitOfWork,
    now: datetime,
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
    lock_checked(uow, team_id, assessment_id, [requirement_id], actor, admins)
    return uow.evidence.add(
        team_id,
        Evidence(
            assessment_id=assessment_id,
            requirement_id=requirement_id,
            kind=kind,
            added_by=actor,
            added_at=now,
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
                attach(
                    uow, now, team, assessment_id, requirement_id, reply.user_id,
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
            follow_up.refresh_origin(uow, view, requirement_id, reply.user_id, None, now)
        uow.commit()
    return len(added)
