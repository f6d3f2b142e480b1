"""The assessment picker: run the waiting subcommand on the assessment the user picked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.i18n import _
from bot.listeners.commands import dispatch
from bot.listeners.context import admins_of, directory_of, services_of, workspace_of
from bot.listeners.invocation import Invocation
from bot.listeners.modal_errors import Reply, plain_error
from bot.slack.ids import PickRef, View, row_id
from bot.slack.webapi import post
from questionnaire.usecases.errors import UseCaseError

PICK_BLOCK = "assessment"


class PickerAck(Ack):
    """A command handler's ack, answered from a view submission.

    Modal answers (errors, update) pass through; a message reply, which a view submission cannot
    carry, closes the picker and goes to the user by DM instead."""

    def __init__(self, reply: Reply, client: WebClient, user_id: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
        self._reply, self._client, self._user_id = reply, client, user_id

    def __call__(  # type: ignore[override]
        self,
        text: str | dict[str, Any] = "",
        blocks: Sequence[dict[str, Any]] | None = None,
        *,
        response_action: str | None = None,
        errors: dict[str, str] | None = None,
        view: dict[str, Any] | None = None,
        **_: Any,
    ) -> BoltResponse:
        self._reply(response_action=response_action, errors=errors, view=view)
        if text or blocks:
            payload = text if isinstance(text, dict) else {"text": text, "blocks": blocks or []}
            post(self._client, self._user_id, payload)
        return BoltResponse(status=200)


def _refusal(chosen: str | None, cmd: str) -> str:
    """Why the pick can't go ahead: nothing picked, a stale command, or a deleted assessment."""
    if not chosen:
        return _("Pick one from the list.")
    if cmd not in dispatch.HANDLERS:
        return _("This picker is out of date: run the command again.")
    return _("That assessment was just deleted.")


def picked(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The assessment picker of a command was submitted: run the command on the picked one
    (answering in time however long it runs: see `Reply`)."""
    services = services_of(context)
    directory = directory_of(context, client)
    ref = PickRef.load(body["view"]["private_metadata"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    values = body["view"]["state"]["values"]
    chosen = (values.get(PICK_BLOCK, {}).get("value", {}).get("selected_option") or {}).get("value")
    reply = Reply(ack, client, body, finished=_(":white_check_mark: Done."))
    try:
        with reply.running(services):
            with services.uow() as uow:
                wanted = row_id(chosen)
                found = uow.assessments.get(team_id, wanted) if wanted else None
            if found is None or ref.cmd not in dispatch.HANDLERS:
                reply(response_action="errors", errors={PICK_BLOCK: _refusal(chosen, ref.cmd)})
                return
            inv = Invocation(
                team_id=team_id,
                user_id=user_id,
                channel_id="",
                trigger_id=body.get("trigger_id", ""),
                subcommand=ref.cmd,
                name=None,
                flags=frozenset({"--preview"} if ref.preview else ()),
                response_url=None,
                picked=True,
                admins=admins_of(context, client, user_id),
            )
            dispatch.run_for(services, client, inv, found, PickerAck(reply, client, user_id))
    except UseCaseError as exc:  # modal errors are plain text: no mrkdwn escaping
        reply(response_action="errors", errors={PICK_BLOCK: plain_error(directory, team_id, exc)})


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.view(View.PICK)(picked)
