"""Contract tests: `/maturity settings` and `/maturity holidays` through the real app."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from bot.i18n import format_day as day
from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import option_value, options_value, plain_text_value
from questionnaire.domain import ReminderPolicy

from .forms import Values, initial_state

LEAD, EVE, ADMIN = scenario.LEAD[0], "U0EVE", "U0ADMIN"
NAME = scenario.ASSESSMENT


def _policy(h: Harness, name: str = NAME) -> ReminderPolicy:
    with h.services.uow() as uow:
        found = uow.assessments.by_name(h.team_id, name)
    assert found is not None
    return found.reminder_policy


def _settings_form(h: Harness, user_id: str, **changes: dict[str, object]) -> Values:
    """The open settings modal's state as Slack would send it, with some fields changed."""
    view = h.slack.open_modal(user_id)
    assert view is not None and view.callback_id == "reminder_settings"
    return initial_state(view.body["blocks"], **changes)


def _start_form(name: str, **policy: dict[str, object]) -> Values:
    """The start modal's state for a minimal assessment, with some policy fields set."""
    values: Values = {
        "name": {"value": plain_text_value(name)},
        "project": {"value": plain_text_value("p")},
        "channel": {
            "value": {"type": "conversations_select", "selected_conversation": scenario.CHANNEL[0]}
        },
    }
    return values | {block: {"value": state} for block, state in policy.items()}


def _start(h: Harness, name: str, **policy: dict[str, object]) -> dict[str, Any]:
    """Run `/maturity start` and submit the modal; returns the ack's body."""
    h.users.slash_command(LEAD, "start", channel_id=scenario.CHANNEL[0])
    response = h.users.view_submission(LEAD, "start_assessment", _start_form(name, **policy))
    assert response.status == 200
    return response.body or {}


def _reply_text(response_body: dict[str, object]) -> str:
    return str(response_body.get("text", ""))


def test_the_lead_opens_settings_and_saving_changes_the_stored_policy(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    assert h.users.slash_command(LEAD, f'settings "{NAME}"').status == 200
    values = _settings_form(
        h,
        LEAD,
        policy_cadence=option_value("days", kind="radio_buttons"),
        policy_days=options_value(["1", "3"]),
        policy_time={"type": "timepicker", "selected_time": "08:30"},
        policy_escalate={"type": "number_input", "value": "5"},
        policy_holidays=plain_text_value("2026-12-24, 2026-12-25"),
        policy_digest_day=option_value("off"),
    )
    response = h.users.view_submission(LEAD, "reminder_settings", values)
    assert response.status == 200 and not response.body  # a plain ack closes the modal
    assert _policy(h) == ReminderPolicy(
        cadence="days",
        days=(1, 3),
        local_time=time(8, 30),
        escalate_after=5,
        holidays=(date(2026, 12, 24), date(2026, 12, 25)),
        digest_weekday=None,
    )
    confirmation = h.slack.messages(LEAD)[-1].text
    assert confirmation.startswith(
        f"Saved the settings of *{NAME}*: reminders on Tue, Thu at 08:30"
    )
    assert "weekly digest off" in confirmation


def test_the_lead_turns_adaptive_questioning_on_in_the_settings(
    started: tuple[Harness, int],
) -> None:
    h, assessment_id = started  # started with it unticked
    assert h.users.slash_command(LEAD, f'settings "{NAME}"').status == 200
    values = _settings_form(h, LEAD, adaptive=options_value(["on"]))
    assert h.users.view_submission(LEAD, "reminder_settings", values).status == 200
    with h.services.uow() as uow:
        found = uow.assessments.get(h.team_id, assessment_id)
    assert found is not None and found.adaptive
    assert h.slack.messages(LEAD)[-1].text.endswith("Adaptive questioning on.")


def test_someone_else_is_refused_and_no_modal_opens(started: tuple[Harness, int]) -> None:
    h, _ = started
    opened = len(h.slack.calls("views.open"))
    response = h.users.slash_command(EVE, f'settings "{NAME}"')
    assert _reply_text(response.body).startswith(f":no_entry: Only the lead of *{NAME}*")
    assert response.body.get("response_type", "ephemeral") == "ephemeral"
    assert len(h.slack.calls("views.open")) == opened and h.slack.open_modal(EVE) is None


def test_a_closed_assessment_has_no_settings_to_change(started: tuple[Harness, int]) -> None:
    h, _ = started
    h.users.slash_command(LEAD, f'close "{NAME}"')
    reply = _reply_text(h.users.slash_command(LEAD, f'settings "{NAME}"').body)
    with h.services.uow() as uow:
        found = uow.assessments.by_name(h.team_id, NAME)
    closed = found.closed_at if found else None
    assert closed is not None
    assert reply == (
        f":no_entry: *{NAME}* is closed ({day(closed)}): it sends no more reminders or digests."
    )
    assert h.slack.open_modal(LEAD) is None


def test_saving_after_the_assessment_closed_says_so_about_settings(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    h.users.slash_command(LEAD, f'settings "{NAME}"')
    values = _settings_form(h, LEAD, policy_grace={"type": "number_input", "value": "0"})
    h.users.slash_command(LEAD, f'close "{NAME}"')
    response = h.users.view_submission(LEAD, "reminder_settings", values)
    assert response.body["response_action"] == "errors"
    assert list(response.body["errors"].values()) == [
        f"“{NAME}” is closed: it sends no more reminders or digests."
    ]
    assert _policy(h) == ReminderPolicy()


def test_an_admin_may_change_them_and_the_lead_is_told(started: tuple[Harness, int]) -> None:
    h, _ = started
    h.users.slash_command(ADMIN, f'settings "{NAME}"')
    values = _settings_form(h, ADMIN, policy_grace={"type": "number_input", "value": "0"})
    assert h.users.view_submission(ADMIN, "reminder_settings", values).status == 200
    assert _policy(h).grace_days == 0
    assert "<@U0ADMIN> changed the settings" in h.slack.messages(LEAD)[-1].text


def test_an_invalid_holiday_date_is_shown_inline_and_nothing_is_saved(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    h.users.slash_command(LEAD, f'settings "{NAME}"')
    values = _settings_form(
        h,
        LEAD,
        policy_holidays=plain_text_value("2026-12-25, 2026-02-30"),
        policy_grace={"type": "number_input", "value": "61"},
    )
    response = h.users.view_submission(LEAD, "reminder_settings", values)
    assert response.body["response_action"] == "errors"
    assert set(response.body["errors"]) == {"policy_holidays", "policy_grace"}
    assert "2026-02-30" in response.body["errors"]["policy_holidays"]
    assert _policy(h) == ReminderPolicy()
    assert h.slack.open_modal(LEAD) is not None  # still open for the lead to fix


def test_settings_through_the_assessment_picker(started: tuple[Harness, int]) -> None:
    h, _ = started
    second = "Second assessment"
    _start(h, second)
    h.users.slash_command(LEAD, "settings")
    picker = h.slack.open_modal(LEAD)
    assert picker is not None and picker.callback_id == "pick_assessment"
    with h.services.uow() as uow:
        chosen = uow.assessments.by_name(h.team_id, second)
    assert chosen is not None
    pick = {"assessment": {"value": option_value(str(chosen.id))}}
    assert (
        h.users.view_submission(LEAD, "pick_assessment", pick).body["response_action"] == "update"
    )
    values = _settings_form(h, LEAD, policy_cadence=option_value("daily", kind="radio_buttons"))
    assert h.users.view_submission(LEAD, "reminder_settings", values).status == 200
    assert _policy(h, second).cadence == "daily"
    assert _policy(h).cadence == "weekdays"


def test_the_picker_sends_message_replies_by_dm(started: tuple[Harness, int]) -> None:
    """A subcommand that answers with a message (status) still answers when run from the picker."""
    h, assessment_id = started
    _start(h, "Another")
    h.users.slash_command(LEAD, "status")
    pick = {"assessment": {"value": option_value(str(assessment_id))}}
    response = h.users.view_submission(LEAD, "pick_assessment", pick)
    assert response.status == 200 and not response.body
    assert h.slack.messages(LEAD)[-1].text.startswith(f"{NAME}: 0 of ")


def test_an_invalid_start_policy_is_shown_inline(harness: Harness) -> None:
    body = _start(
        harness,
        "Chosen days",
        policy_cadence=option_value("days", kind="radio_buttons"),
        policy_days=options_value([]),
    )
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"policy_days"}
    with harness.services.uow() as uow:
        assert uow.assessments.list(harness.team_id) == []


def test_start_saves_the_chosen_reminder_policy(harness: Harness) -> None:
    _start(
        harness,
        "Daily one",
        policy_cadence=option_value("daily", kind="radio_buttons"),
        policy_time={"type": "timepicker", "selected_time": "09:15"},
        policy_digest_day=option_value("4"),
    )
    assert _policy(harness, "Daily one") == ReminderPolicy(
        cadence="daily", local_time=time(9, 15), digest_weekday=4
    )


def test_workspace_holidays_add_then_list(started: tuple[Harness, int]) -> None:
    h, _ = started
    added = h.users.slash_command(ADMIN, "holidays add 2027-01-01 2026-12-25")
    text = _reply_text(added.body)
    assert text.startswith("Added Fri 25 Dec 2026, Fri 1 Jan 2027.")
    listed = _reply_text(h.users.slash_command(LEAD, "holidays").body)
    assert listed.endswith("• Fri 25 Dec 2026\n• Fri 1 Jan 2027")
    removed = _reply_text(h.users.slash_command(ADMIN, "holidays remove 2026-12-25").body)
    assert (
        removed.startswith("Removed Fri 25 Dec 2026.") and "25 Dec" not in removed.split("\n", 1)[1]
    )


def test_a_workspace_follows_a_countrys_public_holidays(started: tuple[Harness, int]) -> None:
    h, _ = started
    picked = _reply_text(h.users.slash_command(ADMIN, "holidays country de by").body)
    assert picked.startswith("Now following the public holidays of DE-BY.")
    assert "*Public holidays:* those of DE-BY" in _reply_text(
        h.users.slash_command(LEAD, "holidays").body
    )
    unknown = _reply_text(h.users.slash_command(ADMIN, "holidays country <!channel>").body)
    assert "two-letter code" in unknown and "<!" not in unknown
    off = _reply_text(h.users.slash_command(ADMIN, "holidays country off").body)
    assert off.startswith("No public holidays now.") and "DE-BY" not in off


def test_adding_a_hundred_holidays_sums_them_up_and_lists_them_all(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    days = [date(2026, 12, 25) + timedelta(days=n) for n in range(100)]
    added = h.users.slash_command(ADMIN, "holidays add " + " ".join(map(str, days))).body
    assert _reply_text(added).startswith("Added 100 dates: Fri 25 Dec 2026 … Sat 3 Apr 2027.\n")
    lines = [line for b in added["blocks"] for line in b["text"]["text"].splitlines()]
    assert [line for line in lines if line.startswith("• ")] == [f"• {day(d)}" for d in days]


def test_holidays_list_ignores_extra_words_and_hints_only_to_who_may_add(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    for user in (LEAD, ADMIN):
        assert _reply_text(h.users.slash_command(user, "holidays list x").body).startswith(
            "No workspace holidays yet."
        )
    assert _reply_text(h.users.slash_command(LEAD, "holidays").body) == "No workspace holidays yet."
    assert "/maturity holidays add" in _reply_text(h.users.slash_command(ADMIN, "holidays").body)


def test_workspace_holidays_refuse_non_admins_and_bad_dates(started: tuple[Harness, int]) -> None:
    h, _ = started
    refused = _reply_text(h.users.slash_command(LEAD, "holidays add 2026-12-25").body)
    assert refused.startswith(":no_entry: Only an admin of this workspace")
    # Typed "@channel", Slack sends "<!channel>": read back as typed, and it pings nobody.
    bad = _reply_text(h.users.slash_command(ADMIN, "holidays add 2026-12-25 <!channel>").body)
    assert "Not a date: `@channel`" in bad and "<!" not in bad
    odd = _reply_text(h.users.slash_command(ADMIN, "holidays add &lt;b&gt;").body)
    assert "Not a date: `&lt;b&gt;`" in odd  # "<b>" as typed, escaped again on the way out
    with h.services.uow() as uow:
        assert uow.holidays.list(h.team_id) == []


def test_a_forged_submission_by_someone_else_is_refused_with_a_readable_name(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    h.users.slash_command(LEAD, f'settings "{NAME}"')
    lead_view = h.slack.open_modal(LEAD)
    assert lead_view is not None
    values = _settings_form(h, LEAD, policy_escalate={"type": "number_input", "value": "9"})
    before = _policy(h)
    response = h.users.view_submission(
        EVE, "reminder_settings", values, private_metadata=lead_view.body["private_metadata"]
    )
    assert response.body["response_action"] == "errors"
    [error] = response.body["errors"].values()
    assert "<@" not in error and "(@Lena)" in error, error
    assert _policy(h) == before
