"""Modal submissions: the key that makes each one count once, running its use case before the
ack (and answering in time when it runs long), and use-case errors shown in the modal (its error
slots are plain text, so mentions become names)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.saving import done_view, refused_text, refused_view, saving_view
from bot.config.services import Services
from bot.deadlines import Answer
from bot.i18n import _, said
from bot.slack.directory import Directory
from bot.slack.mrkdwn import plain_mentions
from bot.slack.webapi import post
from questionnaire.usecases.errors import Duplicate, Invalid, UseCaseError

log = logging.getLogger(__name__)


def submission_key(body: dict[str, Any]) -> str:
    """The request key of a modal submission: Slack may send one view's submission twice (a
    double click, a retry), and the use case handles a key once."""
    return f"view:{body['view']['id']}"


def names(directory: Directory, team_id: str) -> Callable[[str], str | None]:
    """How Slack shows a user, or None when Slack can't say (a missing name is never fatal)."""

    def name_of(user_id: str) -> str | None:
        try:
            return directory.name(team_id, user_id)
        except SlackApiError:
            return None

    return name_of


def plain_error(directory: Directory, team_id: str, error: Exception | str) -> str:
    """The message with `<@U…>` shown as `@name` (plain_text is not parsed, nor escaped)."""
    return plain_mentions(error, names(directory, team_id))


class Reply:
    """A modal submission's one answer to Slack, made like an ack (`reply()`, or with
    `response_action` and its `errors` or `view`).

    In time, the usual case, it is the ack itself. A use case that outlasts Slack's wait (a
    database held elsewhere, an overloaded machine) would leave the person looking at Slack's
    error although their change is made a moment later; so from `running` until the answer,
    a deadline watches (`bot.deadlines`): at it, the ack shows the modal as it was with
    "still working" on top, and the answer follows by views.update: the view it names,
    `finished` (by default "Saved."), or the form again with what was refused on top (what was
    typed still in it). A refusal that can't be shown there (the modal was closed meanwhile)
    goes to the person by DM; anything else needs no word (the change shows where it
    happened)."""

    def __init__(
        self, ack: Ack, client: WebClient, body: dict[str, Any], finished: str | None = None
    ) -> None:
        self._ack, self._client = ack, client
        self._view: dict[str, Any] = body["view"]
        self._user_id: str = body["user"]["id"]
        self._finished = finished
        self._answer = Answer(self._still_working)

    @contextmanager
    def running(self, services: Services) -> Iterator[None]:
        """Watch from here until the answer (what the answer needs is worked out in time too).
        A failure that is not a refusal (those are answered) ends the watch: no "still working"
        after it; if that was shown already, the modal says nothing was saved. The failure
        goes on to the error handler, which tells the person."""
        self._answer.watch(services.deadlines, "a modal submission")
        try:
            yield
        except UseCaseError:
            raise
        except Exception:
            # "Still working" was shown: the modal says the change failed.
            if not self._answer.first() and self._answer.late:
                failed = {"": _("Something went wrong on my side. Please try again.")}
                self._update(refused_view(self._view, failed)[0])
            raise

    def __call__(
        self,
        *,
        response_action: str | None = None,
        errors: dict[str, str] | None = None,
        view: dict[str, Any] | None = None,
    ) -> None:
        if self._answer.first():
            if response_action is None:
                self._ack()
            else:
                self._ack(response_action=response_action, errors=errors, view=view)
        elif response_action == "update" and view is not None:
            self._update(view)
        elif response_action == "errors":
            refused, shown = refused_view(self._view, errors or {})
            self._update(refused, errors or {}, shown=shown)
        else:
            self._update(done_view(self._view, self._finished or _(":white_check_mark: Saved.")))

    def _still_working(self) -> None:
        self._ack(response_action="update", view=saving_view(self._view))

    def _update(
        self, view: dict[str, Any], refused: dict[str, str] | None = None, *, shown: bool = True
    ) -> None:
        """Show `view` in the modal, once the "still working" ack is surely on its way. When it
        holds a refusal (`refused`) the modal could not show (`shown`: no room) or the modal is
        gone, the refusal goes to the person by DM."""
        self._answer.settle()
        try:
            self._client.views_update(view_id=self._view["id"], view=view)
        except (SlackApiError, OSError) as exc:  # closed meanwhile (not_found), expired, down
            log.info("a late modal answer was not shown: %s", exc)
            shown = False
        if refused is not None and not shown:
            post(self._client, self._user_id, {"text": refused_text(self._view, refused)})


def submit(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    services: Services,
    directory: Directory,
    team_id: str,
    change: Callable[[], object],
    *,
    at: str,
    fields: bool = False,
    done: Callable[[Any], dict[str, Any]] | None = None,
) -> bool:
    """Run a modal's use case before the ack (answering in time however long it runs: see
    `Reply`), then deliver what it queued. The same view again (Duplicate) is acked and nothing
    more: the first submission's messages are on their way. A refusal goes back into the modal
    at block `at` (an Invalid at its own fields, with `fields`), so nothing typed is lost. With
    `done`, the modal is updated to the view it makes of the change's result (a confirmation
    where the person is looking). True when the change was made."""
    reply = Reply(ack, client, body)
    try:
        with reply.running(services):
            result = change()
    except Duplicate:
        reply()
        return False
    except UseCaseError as exc:
        errors = (
            {field: said(message) for field, message in exc.fields.items()}
            if fields and isinstance(exc, Invalid)
            else {at: plain_error(directory, team_id, exc)}
        )
        reply(response_action="errors", errors=errors)
        return False
    services.courier.kick()  # what it queued goes out now, whenever the answer does
    if done is None:
        reply()
    else:
        reply(response_action="update", view=done(result))
    return True
