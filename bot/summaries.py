"""Posting maturity summaries (channel, preview, completion), weekly digests and HTML reports.

Weekly digest, "what changed": nothing extra is stored. The previous digest's time is the claim
time of its slot (`reminders.last_sent(team, "digest:<id>")`, else the assessment's start); the
state as of then is replayed from the answer history (`summary_data.view_as_of`) and scored, and
the digest reports the difference to now: new and changed answers, evidence added, level changes,
gaps closed and opened.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from questionnaire.domain import Assessment, AssessmentStatus, ReminderPolicy
from questionnaire.ports import UnitOfWork
from questionnaire.reminder_policy import is_fresh, person_tz
from questionnaire.usecases.context import AssessmentView, load_view
from questionnaire.usecases.errors import NotFound

from .blocks.common import message, section
from .blocks.summary import digest_message, problem_note, summary_message, thread_messages
from .charts import summary_chart
from .digest_data import gather_digest
from .reports import build_report, render_html
from .services import Services
from .slack_io import Directory, Posted, error_code, explain, post, post_to_channel
from .summary_data import SummaryData, gather, score
from .text import esc

log = logging.getLogger(__name__)
DIGEST_MIN_GAP = timedelta(days=6)  # a digest posted this recently means this week's is done
NAMES_MAX = 60  # people looked up for a report's display names


def _views(
    services: Services, assessment: Assessment
) -> tuple[AssessmentView, AssessmentView | None]:
    assert assessment.id is not None
    with services.uow() as uow:
        return load_views(uow, assessment.team_id, assessment.id)


def load_views(
    uow: UnitOfWork, team_id: str, assessment_id: int
) -> tuple[AssessmentView, AssessmentView | None]:
    """The assessment's view and its previous assessment's (None when gone or never set)."""
    view = load_view(uow, team_id, assessment_id)
    previous_id = view.assessment.previous_id
    if previous_id is None:
        return view, None
    try:
        return view, load_view(uow, team_id, previous_id)
    except NotFound:
        return view, None


def publish(
    services: Services,
    client: WebClient,
    assessment: Assessment,
    *,
    requester: str,
    preview: bool = False,
    final: bool = False,
) -> None:
    """Post the summary: chart, short message and per-item thread, to the channel or (preview)
    to the requester only. Never fails on Slack errors: whoever must act is told by DM."""
    view, previous = _views(services, assessment)
    data = gather(view, previous, services.locale)
    payload = summary_message(data, preview=preview, final=final)
    a = data.assessment
    if preview:
        _publish_preview(client, data, payload, requester)
        return
    chart_problem = _upload_chart(client, a.channel_id, data, join=True)
    try:
        posted = post_to_channel(client, a.channel_id, payload)
    except SlackApiError as exc:
        log.warning("summary of assessment %s not posted: %s", a.id, error_code(exc))
        note = problem_note("summary", a.name, a.channel_id, explain(exc))
        _tell(
            client,
            {a.lead_id, requester},
            message(payload["text"], [section(note), *payload["blocks"]]),
        )
        return
    _post_thread(client, data, posted)
    if chart_problem is not None:
        note = problem_note("chart", a.name, a.channel_id, explain(chart_problem))
        _tell(client, {a.lead_id}, {"text": note})


def _publish_preview(
    client: WebClient, data: SummaryData, payload: dict[str, Any], requester: str
) -> None:
    """The summary in the requester's DM only: message, chart, thread."""
    try:
        posted = post(client, requester, payload)
    except SlackApiError as exc:  # the DM itself failed: there is nobody left to tell
        log.warning("summary preview not sent to %s: %s", requester, error_code(exc))
        return
    chart_problem = _upload_chart(client, posted.channel, data, join=False)
    _post_thread(client, data, posted)
    if chart_problem is not None:
        _tell(
            client,
            {requester},
            {"text": f"The chart could not be attached: {esc(explain(chart_problem))}"},
        )


def _post_thread(client: WebClient, data: SummaryData, posted: Posted) -> None:
    """The per-item breakdown under the summary; a failed page is logged (the summary stands)."""
    for page in thread_messages(data):
        try:
            post(client, posted.channel, page, thread_ts=posted.ts)
        except SlackApiError as exc:
            log.warning("summary thread of %s not posted: %s", data.assessment.id, error_code(exc))
            return


def _upload_chart(
    client: WebClient, channel: str, data: SummaryData, *, join: bool
) -> SlackApiError | None:
    """Upload the radar chart to the channel (joining it if needed); the error if it failed."""
    a = data.assessment
    png = summary_chart(data)
    upload: dict[str, Any] = {
        "channel": channel,
        "file": png,
        "filename": f"{_slug(a.name)}-maturity.png",
        "title": f"{a.name}: maturity by capability item",
        "alt_txt": "Radar chart of the score per capability item",
        "initial_comment": f"*{esc(a.name)}*: score per capability item.",
    }
    try:
        try:
            client.files_upload_v2(**upload)
        except SlackApiError as exc:
            if not join or error_code(exc) != "not_in_channel":
                raise
            client.conversations_join(channel=channel)
            client.files_upload_v2(**upload)
    except SlackApiError as exc:
        log.warning("chart of assessment %s not uploaded: %s", a.id, error_code(exc))
        return exc
    return None


def _tell(client: WebClient, people: Iterable[str], payload: dict[str, Any]) -> None:
    """DM each person; failures are logged (this is already the error path)."""
    for user_id in sorted(people):
        try:
            post(client, user_id, payload)
        except SlackApiError as exc:
            log.warning("could not DM %s: %s", user_id, error_code(exc))


def maybe_complete(services: Services, client: WebClient, assessment_id: int, team_id: str) -> bool:
    """Post the final summary once, when every requirement of an active assessment is answered."""
    with services.uow() as uow:
        view = load_view(uow, team_id, assessment_id)
        if not view.assessment.is_active() or score(view).provisional:
            return False
        slot = f"complete:{assessment_id}"
        if not uow.reminders.claim(team_id, slot, "complete", services.clock.now()):
            return False
        uow.commit()
    a = view.assessment
    publish(services, client, a, requester=a.lead_id, final=True)
    return True


def digest_slot(policy: ReminderPolicy, tz: tzinfo, now: datetime) -> datetime | None:
    """The latest weekly digest moment at or before `now`, in `tz`; None when digests are off."""
    if policy.digest_weekday is None:
        return None
    local = now.astimezone(tz)
    back = (local.weekday() - policy.digest_weekday) % 7
    day = local.date() - timedelta(days=back)
    slot = datetime.combine(day, policy.digest_time, tzinfo=tz)
    return slot if slot <= now else slot - timedelta(days=7)


def weekly_digest(
    services: Services, client: WebClient, now: datetime, *, directory: Directory | None = None
) -> int:
    """Post each active assessment's weekly digest once its slot (in the lead's time zone) has
    passed; each is claimed exactly once. Failures are isolated per assessment. Returns how many
    were posted."""
    directory = directory or Directory(client)
    with services.uow() as uow:
        work = [
            (a, uow.reminders.last_sent(team, f"digest:{a.id}"))
            for team in uow.assessments.active_teams()
            for a in uow.assessments.list(team, [AssessmentStatus.ACTIVE])
            if a.reminder_policy.digest_weekday is not None
        ]
    posted = 0
    for assessment, last in work:
        if last is not None and now - last < DIGEST_MIN_GAP:
            continue
        if not _may_be_due(assessment.reminder_policy, now):
            continue  # not due in any time zone: spare the lead's users.info
        try:
            posted += _digest(services, client, assessment, now, _lead_tz(directory, assessment))
        except Exception:  # one broken assessment must not stop the others' digests
            log.exception("weekly digest of assessment %s failed", assessment.id)
    return posted


def _may_be_due(policy: ReminderPolicy, now: datetime) -> bool:
    """Whether the digest slot is fresh in some time zone (UTC-12 .. UTC+14)."""
    for hours in range(-12, 15):
        slot = digest_slot(policy, timezone(timedelta(hours=hours)), now)
        if slot is not None and is_fresh(slot, now):
            return True
    return False


def _lead_tz(directory: Directory, assessment: Assessment) -> tzinfo:
    try:
        person = directory.person(assessment.team_id, assessment.lead_id)
    except SlackApiError as exc:
        log.warning("no time zone for lead %s: %s", assessment.lead_id, error_code(exc))
        return UTC
    return person_tz(person.tz, person.tz_offset) if person else UTC


def _digest(
    services: Services, client: WebClient, assessment: Assessment, now: datetime, tz: tzinfo
) -> int:
    slot = digest_slot(assessment.reminder_policy, tz, now)
    if slot is None or not is_fresh(slot, now) or assessment.created_at > slot:
        return 0
    team, key = assessment.team_id, f"digest:{assessment.id}"
    assert assessment.id is not None
    with services.uow() as uow:
        since = uow.reminders.last_sent(team, key) or assessment.created_at
        if not uow.reminders.claim(team, key, f"week:{slot.date().isoformat()}", now):
            return 0
        uow.commit()
    try:
        with services.uow() as uow:
            view = load_view(uow, team, assessment.id)
            history = uow.answers.history(team, assessment.id)
        digest = gather_digest(view, history, since, services.locale)
        post_to_channel(client, assessment.channel_id, digest_message(digest))
    except Exception:
        with services.uow() as uow:  # give the slot back: the next tick retries
            uow.reminders.release(team, key, f"week:{slot.date().isoformat()}")
            uow.commit()
        raise
    return 1


def send_report(
    services: Services, client: WebClient, assessment: Assessment, user_id: str
) -> None:
    """Upload the HTML report to the requester's DM (or tell them there why it failed)."""
    view, previous = _views(services, assessment)
    report = build_report(
        view,
        previous,
        names=_display_names(client, _people(view)),
        generated_at=services.clock.now(),
        locale=services.locale,
    )
    a = view.assessment
    try:
        dm = client.conversations_open(users=user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=dm,
            file=render_html(report).encode("utf-8"),
            filename=f"{_slug(a.name)}-maturity-report.html",
            title=f"Maturity report: {a.name}",
            initial_comment=f"The maturity report of *{esc(a.name)}*: open it in a browser to read or print it.",
        )
    except SlackApiError as exc:
        log.warning("report of assessment %s not sent: %s", a.id, error_code(exc))
        _tell(
            client,
            {user_id},
            {"text": f"I couldn't send you the report of *{esc(a.name)}*: {esc(explain(exc))}"},
        )


def _people(view: AssessmentView) -> list[str]:
    """Everyone a report names: the lead, role holders, answerers and evidence authors."""
    ids = [view.assessment.lead_id]
    ids += [u for users in view.assessment.roles.values() for u in users]
    ids += [s.answered_by for s in view.states.values() if s.answered_by]
    ids += [s.delegated_to for s in view.states.values() if s.delegated_to]
    ids += [e.added_by for e in view.evidence]
    return list(dict.fromkeys(ids))[:NAMES_MAX]


def _display_names(client: WebClient, user_ids: Iterable[str]) -> dict[str, str]:
    """Display names from users.info; people Slack can't tell us about keep their ids."""
    names = {}
    for user_id in user_ids:
        try:
            user = client.users_info(user=user_id)["user"]
        except SlackApiError:
            continue
        profile = user.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or user.get("name")
        if name:
            names[user_id] = str(name)
    return names


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "assessment"
