"""Posting maturity summaries (channel, preview, completion) and HTML and PDF reports.

The weekly digest is delivered by `bot.delivery.scheduled`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.common import message, section
from bot.blocks.summary import named_owners, problem_note, summary_message, thread_messages
from bot.config.services import Services
from bot.i18n import _, current_locale, speaking
from bot.i18n.terms import channel_locale
from bot.reporting.charts import chart_caption, summary_chart
from bot.reporting.formats import file_stem, render_pdf
from bot.reporting.pdf import PdfUnavailable
from bot.reporting.report import build_report
from bot.slack.directory import Directory
from bot.slack.mrkdwn import clip, esc
from bot.slack.webapi import (
    DirectPoster,
    Posted,
    Poster,
    error_code,
    explain,
    post,
    tell,
    transient,
)
from questionnaire.domain import Assessment
from questionnaire.readmodels.summary import SummaryData, gather
from questionnaire.usecases.context import AssessmentView, load_views

log = logging.getLogger(__name__)
NAMES_MAX = 60  # people looked up for a report's display names
ALT_TEXT_MAX = 1000  # files.completeUploadExternal's alt_txt limit


def _views(
    services: Services, assessment: Assessment
) -> tuple[AssessmentView, AssessmentView | None]:
    assert assessment.id is not None
    with services.uow() as uow:
        return load_views(uow, assessment.team_id, assessment.id)


def publish(
    services: Services,
    client: WebClient,
    assessment: Assessment,
    *,
    requester: str,
    preview: bool = False,
    final: bool = False,
    poster: Poster | None = None,
) -> SummaryData:
    """Post the summary: chart, short message and per-item thread, to the channel or (preview)
    to the requester only. Never fails on Slack errors: whoever must act is told by DM.
    `poster` posts the message and its thread (an outbox delivery's, once each). Returns what
    it summarised. Written in the channel's language, the preview too (it shows what the
    channel would get)."""
    with speaking(channel_locale(assessment, services.locale)):
        return _publish(services, client, assessment, requester, preview, final, poster)


def _publish(
    services: Services,
    client: WebClient,
    assessment: Assessment,
    requester: str,
    preview: bool,
    final: bool,
    poster: Poster | None,
) -> SummaryData:
    poster = poster or DirectPoster(client)
    view, previous = _views(services, assessment)
    data = gather(view, previous, current_locale())
    names = _names(services, client, data.assessment.team_id, sorted(named_owners(data)))
    payload = summary_message(data, preview=preview, final=final, names=names)
    a = data.assessment
    if preview:
        _publish_preview(client, data, payload, requester, names)
        return data
    # A retried delivery does not upload the chart again: an upload cannot be found afterwards.
    # Drawn before the step is claimed, so a crash can only lose the chart during the upload.
    png = summary_chart(data)
    chart_problem = (
        _upload_chart(client, a.channel_id, data, png, join=True)
        if poster.first_time("chart")
        else None
    )
    try:
        posted = poster.post_to_channel(a.channel_id, payload, step="summary")
    except SlackApiError as exc:
        if transient(exc):
            raise  # a delivery tries again; a command's user sees the error note
        log.warning("summary of assessment %s not posted: %s", a.id, error_code(exc))
        note = problem_note("summary", a.name, a.channel_id, explain(exc))
        tell(
            client,
            {a.lead_id, requester},
            message(payload["text"], [section(note), *payload["blocks"]]),
        )
        return data
    _post_thread(poster, data, posted, names)
    if chart_problem is not None:
        note = problem_note("chart", a.name, a.channel_id, explain(chart_problem))
        tell(client, {a.lead_id}, {"text": note})
    return data


def _publish_preview(
    client: WebClient,
    data: SummaryData,
    payload: dict[str, Any],
    requester: str,
    names: dict[str, str],
) -> None:
    """The summary in the requester's DM only: message, chart, thread."""
    try:
        posted = post(client, requester, payload)
    except SlackApiError as exc:  # the DM itself failed: there is nobody left to tell
        log.warning("summary preview not sent to %s: %s", requester, error_code(exc))
        return
    chart_problem = _upload_chart(client, posted.channel, data, summary_chart(data), join=False)
    _post_thread(DirectPoster(client), data, posted, names)
    if chart_problem is not None:
        tell(
            client,
            {requester},
            {
                "text": _("The chart could not be attached: %(reason)s")
                % {"reason": esc(explain(chart_problem))}
            },
        )


def _post_thread(poster: Poster, data: SummaryData, posted: Posted, names: dict[str, str]) -> None:
    """The per-item breakdown under the summary; a failed page is logged (the summary stands)."""
    for n, page in enumerate(thread_messages(data, names)):
        try:
            poster.post(posted.channel, page, step=f"thread:{n}", thread_ts=posted.ts)
        except SlackApiError as exc:
            log.warning("summary thread of %s not posted: %s", data.assessment.id, error_code(exc))
            return


def _upload_chart(
    client: WebClient, channel: str, data: SummaryData, png: bytes, *, join: bool
) -> SlackApiError | None:
    """Upload the radar chart (`png`) to the channel (joining it if needed); the error if it
    failed."""
    a = data.assessment
    caption = chart_caption(data)
    upload: dict[str, Any] = {
        "channel": channel,
        "file": png,
        "filename": f"{file_stem(a.name)}-maturity.png",
        "title": _("%(name)s: maturity level per capability item") % {"name": a.name},
        "alt_txt": clip(_("Radar chart. %(caption)s") % {"caption": caption}, ALT_TEXT_MAX),
        "initial_comment": _("*%(name)s*: maturity level per capability item. _%(caption)s_")
        % {"name": esc(a.name), "caption": caption},
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


def send_report(
    services: Services,
    client: WebClient,
    assessment: Assessment,
    user_id: str,
    locale: str | None = None,
) -> None:
    """Upload the HTML report and its PDF to the requester's DM (or tell them there why it
    failed); without the PDF renderer, the HTML alone with a note why. In `locale` (the
    requester's), else the assessment's channel language."""
    with speaking(locale or channel_locale(assessment, services.locale)):
        _send_report(services, client, assessment, user_id)


def _send_report(
    services: Services, client: WebClient, assessment: Assessment, user_id: str
) -> None:
    view, previous = _views(services, assessment)
    names = _names(services, client, assessment.team_id, _people(view))
    report = build_report(
        view,
        previous,
        names=names,
        generated_at=services.clock.now(),
        locale=current_locale(),
    )
    from bot.reporting.render_html import render_html  # Jinja2 loads with the first report

    a = view.assessment
    stem = f"{file_stem(a.name)}-maturity-report"
    files = [{"file": render_html(report).encode("utf-8"), "filename": f"{stem}.html"}]
    values = {"name": esc(a.name)}
    comment = (
        _("The maturity report of *%(name)s*: the PDF to read, the HTML to open in a browser.")
        % values
    )
    try:
        files.append({"file": render_pdf(report), "filename": f"{stem}.pdf"})
    except PdfUnavailable as exc:
        log.warning("report of assessment %s without PDF: %s", a.id, exc)
        comment = (
            _(
                "The maturity report of *%(name)s*: open it in a browser to read or print it. "
                "(No PDF: this server has no PDF renderer.)"
            )
            % values
        )
    try:
        dm = client.conversations_open(users=user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=dm,
            file_uploads=[
                {**f, "title": _("Maturity report: %(name)s") % {"name": a.name}} for f in files
            ],
            initial_comment=comment,
        )
    except SlackApiError as exc:
        log.warning("report of assessment %s not sent: %s", a.id, error_code(exc))
        tell(
            client,
            {user_id},
            {
                "text": _("I couldn't send you the report of *%(name)s*: %(reason)s")
                % {"name": esc(a.name), "reason": esc(explain(exc))}
            },
        )


def _people(view: AssessmentView) -> list[str]:
    """Everyone a report names: the lead, role holders, answerers and evidence authors."""
    ids = [view.assessment.lead_id]
    ids += [u for users in view.assessment.roles.values() for u in users]
    ids += [s.answered_by for s in view.states.values() if s.answered_by]
    ids += [s.delegated_to for s in view.states.values() if s.delegated_to]
    ids += [e.added_by for e in view.evidence]
    return list(dict.fromkeys(ids))[:NAMES_MAX]


def _names(
    services: Services, client: WebClient, team_id: str, user_ids: Iterable[str]
) -> dict[str, str]:
    """How the people directory names these people (Slack is asked about, and the directory
    told of, anyone it lacks); one Slack can't tell us about is left out (shown by id or role)."""
    directory = Directory(client, services.uow, services.clock)
    names = {}
    for user_id in user_ids:
        try:
            name = directory.name(team_id, user_id)
        except SlackApiError as exc:
            log.warning("no name for %s: %s", user_id, error_code(exc))
            continue
        if name:
            names[user_id] = name
    return names
