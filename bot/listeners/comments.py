"""Comments: "Add a comment" / "Edit comment" in a question's ⋯ menu, its modal, and saving it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.modals import comment_modal
from bot.i18n import current_locale
from bot.listeners.context import admins_of, directory_of, services_of, workspace_of
from bot.listeners.modal_errors import submission_key, submit
from bot.listeners.question_modals import open_checked, page_of_modal, typed
from bot.slack.ids import MessageRef, MoreRef, QuestionRef, View
from questionnaire.usecases.answering import set_comment


def open_comment(
    context: BoltContext, client: WebClient, body: dict[str, Any], ref: QuestionRef | MoreRef
) -> None:
    """Open the comment modal with the current comment in it; whoever may not answer the
    question is told why instead."""
    opened = open_checked(context, client, body, ref)
    if opened is None:
        return
    view, meta = opened
    state = view.states.get(ref.r)
    modal = comment_modal(
        view.framework.locate(ref.r),
        state.comment if state else None,
        meta.dump(3000),
        current_locale(),
    )
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def comment_submitted(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    """The comment modal: save, change or remove the comment and refresh the page."""
    services = services_of(context)
    directory = directory_of(context, client)
    ref = MessageRef.load(body["view"]["private_metadata"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    text = typed(body["view"]["state"]["values"], "comment")
    # Refused: e.g. closed, or no longer theirs, since the modal opened.
    submit(
        ack,
        body,
        client,
        services,
        directory,
        team_id,
        lambda: set_comment(
            services.uow,
            services.clock,
            team_id,
            ref.a,
            ref.r or "",
            text,
            user_id,
            admins_of(context, client, user_id),
            page=page_of_modal(ref, user_id),
            once=submission_key(body),
        ),
        at="comment",
        fields=True,
    )


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.view(View.COMMENT)(comment_submitted)
