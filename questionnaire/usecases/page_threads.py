"""Evidence from a reply in a question page's thread (or an evidence request's, from older
versions): the reply's links and files go to the question it names, else to the one question on
the page that owes evidence; when that does not decide it, the reply is kept and its author picks
the question. Each is confirmed in the thread, and the pages showing the question refreshed."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from questionnaire.conversation import agenda, evidence_owed, page_of
from questionnaire.domain import EvidenceItem, PendingReply, Position, ThreadAnchor
from questionnaire.outbox import EvidenceAttached, EvidencePicker, Note, RefreshPage, family_key
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import Clock, UnitOfWork, UnitOfWorkFactory
from questionnaire.usecases import follow_up
from questionnaire.usecases.context import (
    AssessmentView,
    get_assessment,
    load_view,
    lock_checked,
    require_may_answer,
)
from questionnaire.usecases.errors import Duplicate, UseCaseError
from questionnaire.usecases.evidence import attach


@dataclass(frozen=True, slots=True)
class ThreadReply:
    """A message in the thread of a bot message, as the Events API delivered it (`text` as
    Slack sent it: escaped, with its markup)."""

    team_id: str
    event_id: str
    channel: str
    thread_ts: str
    user_id: str
    items: Sequence[EvidenceItem]  # links and files: kind, url, title
    text: str = ""
    unreadable_files: int = 0  # files Slack showed without a link (Slack Connect, plan limit)


NO_EVIDENCE_IN_REPLY = N_(
    "Reply with a link or attach a file and I'll add it as evidence "
    "(name the question's id if several owe it)."
)
NOTHING_TO_ATTACH_TO = N_(
    "Nothing on this page takes evidence any more. Use *Add evidence* on the question instead."
)
UNREADABLE_FILE = N_(
    "I can't open that file: Slack doesn't show me files shared from another organisation or "
    "hidden by the workspace's plan. Reply with a link to it instead, or use *Add evidence*."
)
HINT_AGAIN_AFTER = timedelta(hours=12)  # one how-to note per person and thread in that time

SLACK_MARKUP = re.compile(r"<([^>|]*)(?:\|([^>]*))?>")  # <url|label>, <@U…>, <!here>
WORD = re.compile(r"[\w.\-]+")


def named_requirements(text: str, requirement_ids: Sequence[str]) -> list[str]:
    """The ids among `requirement_ids` that the text names as a whole word, ignoring case, in
    the order given. Slack's escaping (&amp; &lt; &gt;), its formatting (`code`, *bold*,
    _italic_) and its markup (a link counts by its label) do not hide an id."""
    plain = SLACK_MARKUP.sub(lambda m: m.group(2) or "", text)
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    words = {word.strip("._-").casefold() for word in WORD.findall(plain)}
    return [rid for rid in requirement_ids if rid.casefold() in words]


def choose(view: AssessmentView, anchor: ThreadAnchor, text: str) -> tuple[str | None, list[str]]:
    """The question a reply is evidence for, or None and the questions to pick from: the one
    of the evidence request; else of the page as it is now, the one the reply names, else the
    one owing evidence, else (none owes) the only one; several of a kind are offered."""
    if anchor.requirement_id is not None:
        return anchor.requirement_id, []
    page = anchor.page
    shown = page and page_of(agenda(view.routing, page.user_id), page.item_id, page.page)
    if not shown:
        return None, []
    on_page = [loc.requirement.id for loc in shown.requirements]
    owed = [
        loc.requirement.id for loc in evidence_owed(shown.requirements, view.states, view.evidence)
    ]
    candidates = named_requirements(text, on_page) or owed or on_page
    return (candidates[0], []) if len(candidates) == 1 else (None, candidates)


def attach_items(
    uow: UnitOfWork,
    now: datetime,
    team_id: str,
    assessment_id: int,
    requirement_id: str,
    actor: str,
    items: Sequence[EvidenceItem],
    admins: Collection[str],
) -> tuple[list[tuple[str, str, str | None]], UseCaseError | None]:
    """Attach each item in turn; what was attached (kind, url, title), and the refusal that
    stopped it (what came before a refusal stays)."""
    added: list[tuple[str, str, str | None]] = []
    for kind, url, title in items:
        try:
            attach(
                uow,
                now,
                team_id,
                assessment_id,
                requirement_id,
                actor,
                kind,
                url,
                title,
                None,
                admins,
            )
        except UseCaseError as exc:
            return added, exc
        added.append((kind.value, url, title))
    return added, None


def confirm(
    uow: UnitOfWork,
    view: AssessmentView,
    page: Position | None,
    done: EvidenceAttached,
    key: str,
    actor: str,
    now: datetime,
) -> None:
    """Queue the thread's confirmation and the refresh of the thread's page and of the pages
    showing the question now, so none of them still says evidence is needed."""
    team = view.assessment.team_id
    follow_up.queue(uow, team, key, done, now)
    if page is not None and page.channel_id and page.message_ts:
        message = RefreshPage(
            done.assessment_id,
            page.user_id,
            page.item_id,
            page.page,
            page.channel_id,
            page.message_ts,
        )
        follow_up.refresh(uow, team, message, now)
    follow_up.refresh_origin(uow, view, done.requirement_id, actor, None, now)


def hint(uow: UnitOfWork, reply: ThreadReply, now: datetime) -> None:
    """Say how to add evidence, once per person and thread in HINT_AGAIN_AFTER: a chat in the
    thread ("thanks!") is not answered every time."""
    family = f"hint:{reply.channel}:{reply.thread_ts}:{reply.user_id}"
    last = uow.outbox.latest(reply.team_id, [family]).get(family)
    if last is not None and now - last < HINT_AGAIN_AFTER:
        return
    tell = Note(reply.channel, NO_EVIDENCE_IN_REPLY, reply.thread_ts)
    follow_up.queue(uow, reply.team_id, family_key(family, now.isoformat()), tell, now)


def attach_from_thread(
    uow_factory: UnitOfWorkFactory, clock: Clock, reply: ThreadReply, admins: Collection[str] = ()
) -> int:
    """A reply in a page's (or an evidence request's) thread: attach its links and files to the
    question `choose` finds, or keep them and ask in the thread which question they are for,
    with the confirmation and refreshes queued in one transaction with the event id: a retried
    event is applied once, and a crash before the commit leaves it to Slack's retry. Returns
    how many were attached (Duplicate: a retry)."""
    now = clock.now()
    team = reply.team_id
    with uow_factory() as uow:
        follow_up.once(uow, team, f"event:{reply.event_id}", now)
        anchor = uow.prompts.find(team, reply.channel, reply.thread_ts)
        if anchor is None:  # a thread of something else: nothing to do, and nothing again
            uow.commit()
            return 0
        if not reply.items and reply.unreadable_files:  # a file was meant: say why it can't be
            tell = Note(reply.channel, UNREADABLE_FILE, reply.thread_ts)
            follow_up.queue(uow, team, f"unreadable:{reply.event_id}", tell, now)
            uow.commit()
            return 0
        if not reply.items:
            hint(uow, reply, now)
            uow.commit()
            return 0
        view = load_view(uow, team, anchor.assessment_id)
        target, choices = choose(view, anchor, reply.text)
        key = f"reply:{reply.event_id}"
        added: list[tuple[str, str, str | None]] = []
        refusal: UseCaseError | None = None
        if target is not None:
            added, refusal = attach_items(
                uow, now, team, anchor.assessment_id, target, reply.user_id, reply.items, admins
            )
            if added:
                done = EvidenceAttached(
                    anchor.assessment_id, target, reply.channel, reply.thread_ts, tuple(added)
                )
                confirm(uow, view, anchor.page, done, key, reply.user_id, now)
        elif choices:
            try:
                ask_which(uow, view, reply, choices, key, admins, now)
            except UseCaseError as exc:
                refusal = exc
        else:
            tell = Note(reply.channel, NOTHING_TO_ATTACH_TO, reply.thread_ts, mrkdwn=True)
            follow_up.queue(uow, team, key, tell, now)
        if refusal is not None:
            message = refusal.args[0] if refusal.args else str(refusal)
            say = Note.said(reply.channel, message, reply.thread_ts, icon=":warning:")
            follow_up.queue(uow, team, f"refused:{reply.event_id}", say, now)
        uow.commit()
    return len(added)


def ask_which(
    uow: UnitOfWork,
    view: AssessmentView,
    reply: ThreadReply,
    choices: Sequence[str],
    key: str,
    admins: Collection[str],
    now: datetime,
) -> None:
    """Keep the reply's items and queue the picker of `choices` in its thread (NotAllowed when
    its author may answer none of them: nothing is kept)."""
    assessment_id = view.assessment.id
    assert assessment_id is not None
    mine = [rid for rid in choices if view.routing.may_answer(reply.user_id, rid, admins)]
    if not mine:
        require_may_answer(view.routing, choices[:1], reply.user_id, admins)  # raises NotAllowed
    pending = PendingReply(
        assessment_id, reply.user_id, reply.channel, reply.thread_ts, tuple(reply.items), now
    )
    kept = uow.prompts.keep(view.assessment.team_id, pending)
    assert kept.id is not None
    ask = EvidencePicker(assessment_id, kept.id, reply.channel, reply.thread_ts, tuple(mine))
    follow_up.queue(uow, view.assessment.team_id, key, ask, now)


def attach_kept(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    reply_id: int,
    requirement_id: str,
    actor: str,
    picker_ts: str,
    admins: Collection[str] = (),
) -> int:
    """The picker's choice: attach the kept reply's items to `requirement_id`, forget the reply,
    and queue the picker (`picker_ts`) edited into the confirmation and the pages refreshed.
    Only someone who may answer the question may pick (NotAllowed: the reply stays kept);
    Duplicate when the reply was attached already (a double click), NotFound when its
    assessment was deleted. How many were attached."""
    now = clock.now()
    with uow_factory() as uow:
        kept = uow.prompts.pending(team_id, reply_id)
        if kept is None or kept.assessment_id != assessment_id:
            get_assessment(uow, team_id, assessment_id)  # NotFound when deleted
            raise Duplicate(Phrase(N_("That reply's evidence is attached already.")))
        lock_checked(uow, team_id, assessment_id, [requirement_id], actor, admins)
        added, refusal = attach_items(
            uow, now, team_id, assessment_id, requirement_id, actor, kept.items, admins
        )
        if refusal is not None and not added:
            raise refusal  # nothing attached: the reply stays kept
        uow.prompts.drop(team_id, reply_id)
        aid = assessment_id
        view = load_view(uow, team_id, aid)
        anchor = uow.prompts.find(team_id, kept.channel_id, kept.thread_ts)
        done = EvidenceAttached(
            aid, requirement_id, kept.channel_id, kept.thread_ts, tuple(added), ts=picker_ts
        )
        page = anchor.page if anchor is not None else None
        confirm(uow, view, page, done, f"picked:{reply_id}", actor, now)
        uow.commit()
    return len(added)
