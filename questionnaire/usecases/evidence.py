"""Evidence: attach links, notes, files and Slack messages to a requirement from a modal, with
the page refreshes that show it (thread replies: questionnaire.usecases.page_threads)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from urllib.parse import urlparse

from questionnaire.domain import Evidence, EvidenceKind
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import Clock, UnitOfWork, UnitOfWorkFactory
from questionnaire.usecases import follow_up
from questionnaire.usecases.context import load_view, lock_checked
from questionnaire.usecases.errors import Invalid
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
            errors["url"] = Phrase(N_("Enter a full link starting with http:// or https://."))
        elif len(url) > URL_MAX:
            errors["url"] = Phrase(N_("That link is longer than %(max)d characters."), max=URL_MAX)
        elif any(ch.isspace() for ch in url):
            errors["url"] = Phrase(N_("A link cannot contain spaces."))
    if title and len(title) > TITLE_MAX:
        errors["title"] = Phrase(N_("Keep the title under %(max)d characters."), max=TITLE_MAX)
    if note and len(note) > NOTE_MAX:
        errors["note"] = Phrase(N_("Keep the note under %(max)d characters."), max=NOTE_MAX)
    if not url and not (note or "").strip() and "url" not in errors:
        errors["url"] = Phrase(N_("Add a link or a note (or both)."))
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
    once: str | None = None,
) -> Evidence:
    """Attach evidence to a requirement (a link, a file, a Slack message or a note), and queue
    the refresh that shows it: the question page the modal came from (`page`), else the pages
    showing the requirement now. Nothing else is posted: the page, or the modal itself (the
    bot's part), is the confirmation. `once` (the modal's view id) makes a double submission
    attach it once (Duplicate)."""
    with uow_factory() as uow:
        now = clock.now()
        follow_up.once(uow, team_id, once, now)
        evidence = attach(
            uow, now, team_id, assessment_id, requirement_id, actor, kind, url, title, note, admins
        )
        view = load_view(uow, team_id, assessment_id)
        follow_up.require_own_page(view.assessment, page, actor, admins)
        follow_up.refresh_origin(uow, view, requirement_id, actor, page, now)
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
