"""Contract tests: `/maturity assign`, `list` and `status` through the real app over HTTP."""

from __future__ import annotations

from datetime import timedelta

from bot.slack.ids import AssessmentRef, PickRef
from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import option_value, users_value
from questionnaire.domain import Answer
from questionnaire.usecases.deletion import delete_assessment
from questionnaire.usecases.start import StartRequest, start_assessment

from .steps import (
    ADMIN,
    CHANNEL,
    DAN,
    EVE,
    LEAD,
    MARIA,
    NAME,
    PAUL,
    click_on,
    page_of,
    reply_text,
    start_another,
    submit_twice,
    told,
    view_of,
)


def _roles_now(h: Harness, assessment_id: int) -> dict[str, list[str]]:
    return view_of(h, assessment_id).assessment.roles


def _assign_form(roles: dict[str, list[str]]) -> dict[str, dict[str, object]]:
    return {f"role:{role}": {"users": users_value(users)} for role, users in roles.items()}


def test_assign_moves_unanswered_questions_and_keeps_who_answered(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.click(h, PAUL, "answer:met", requirement=first)
    owned_before = [loc.requirement.id for loc in view_of(h, aid).routing.owned_by(PAUL)]

    assert h.users.slash_command(LEAD, "assign", channel_id=CHANNEL).status == 200
    modal = h.slack.open_modal(LEAD)
    assert modal is not None and modal.callback_id == "assign_roles"
    prefilled = {
        b["block_id"]: b["element"].get("initial_users")
        for b in modal.body["blocks"]
        if b.get("block_id", "").startswith("role:")
    }
    assert prefilled["role:product_owner"] == [PAUL]
    assert prefilled["role:test_engineer"] == [scenario.HOLDERS["test_engineer"][0]]

    roles = _roles_now(h, aid) | {"product_owner": [EVE]}
    response = h.users.view_submission(LEAD, "assign_roles", _assign_form(roles))
    assert response.status == 200 and not response.body

    view = view_of(h, aid)
    assert view.assessment.holders("product_owner") == [EVE]
    assert view.routing.owned_by(PAUL) == []
    assert [loc.requirement.id for loc in view.routing.owned_by(EVE)] == owned_before
    assert view.states[first].answer is Answer.MET and view.states[first].answered_by == PAUL
    assert told(h, LEAD)[-1] == f"Updated roles in *{NAME}*: Product owner."

    # Eve is told what she holds, like an intro, and starts when she is ready: no page pushed.
    [welcome] = h.slack.messages(EVE)
    head, body = (b["text"]["text"] for b in welcome.blocks if b["type"] == "section")
    assert head == f"<@{LEAD}> gave you the *Product owner* role in *{NAME}*."
    still_open = len(owned_before) - 1
    assert "As *Product owner* you answer questions in 1 capability item by " in body
    assert f"Your part: *at most {still_open} questions, about " in body
    assert "Dec 2026" in body and "U0" not in welcome.text
    assert scenario.open_questions(h, EVE) == []
    scenario.click(h, EVE, "continue")  # the Start button
    eve_questions = scenario.open_questions(h, EVE)
    assert eve_questions and first not in eve_questions  # only what is still open

    # Paul hears where his questions went.
    assert told(h, PAUL)[-1] == (
        f"<@{LEAD}> gave your *Product owner* questions in *{NAME}* to <@{EVE}>."
    )

    # Paul's old page is no longer his to answer.
    second = owned_before[1]
    click_on(h, PAUL, page_of(h, PAUL), "answer:met", f"a:{second}")
    assert view_of(h, aid).states.get(second) is None
    assert "is <@U0EVE>'s" in told(h, PAUL)[-1]


def test_a_new_co_holder_is_told_who_is_asked_first_not_that_all_is_answered(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    h.slack.add_user("U0OLGA", "olga")
    dan_before = len(told(h, DAN))
    roles = _roles_now(h, aid) | {"data_engineer": [DAN, "U0OLGA"]}
    h.users.slash_command(LEAD, "assign", channel_id=CHANNEL)
    response = h.users.view_submission(LEAD, "assign_roles", _assign_form(roles))
    assert response.status == 200 and not response.body
    assert view_of(h, aid).routing.owned_by("U0OLGA") == []

    [note] = told(h, "U0OLGA")  # no question page, and no "you have answered everything"
    assert note == (
        f"<@{LEAD}> gave you the *Data engineer* role in *{NAME}*.\n"
        f"• *Data engineer*: you hold it with <@{DAN}>, "
        "who is asked its questions first. You may answer them too."
    )
    assert told(h, LEAD)[-1] == f"Updated roles in *{NAME}*: Data engineer."
    assert len(told(h, DAN)) == dan_before  # Dan keeps the role: nothing to tell him


def test_a_co_holder_taken_off_a_role_is_told_who_is_asked(started: tuple[Harness, int]) -> None:
    h, aid = started
    h.slack.add_user("U0OLGA", "olga")
    both = _roles_now(h, aid) | {"data_engineer": [DAN, "U0OLGA"]}
    h.users.slash_command(LEAD, "assign", channel_id=CHANNEL)
    h.users.view_submission(LEAD, "assign_roles", _assign_form(both))
    h.users.slash_command(LEAD, "assign", channel_id=CHANNEL)
    h.users.view_submission(LEAD, "assign_roles", _assign_form(both | {"data_engineer": [DAN]}))
    assert told(h, "U0OLGA")[-1] == (
        f"<@{LEAD}> took you off *Data engineer* in *{NAME}*; <@{DAN}> is asked its questions."
    )


def test_remind_now_counts_people_in_words(started: tuple[Harness, int]) -> None:
    h, aid = started
    assert h.users.slash_command(LEAD, "remind", channel_id=CHANNEL).status == 200
    assert told(h, LEAD)[-1] == f"Reminded 6 people in *{NAME}*."
    with h.services.uow() as uow:  # Paul answers everything
        for loc in view_of(h, aid).routing.owned_by(PAUL):
            uow.answers.record(
                h.team_id, aid, loc.requirement.id, Answer.NOT_MET, PAUL, h.clock.now()
            )
        uow.commit()
    h.clock.set(h.clock.now() + timedelta(minutes=1))
    h.users.slash_command(LEAD, "remind", channel_id=CHANNEL)
    assert told(h, LEAD)[-1] == f"Reminded 5 people in *{NAME}*. 1 person has nothing pending."


def test_someone_else_cannot_assign_and_sees_names_not_ids(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    before = _roles_now(h, aid)
    refused = h.users.slash_command(PAUL, "assign", channel_id=CHANNEL)
    assert "Only the lead" in reply_text(refused) and "<@U0LENA>" in reply_text(refused)
    assert h.slack.open_modal(PAUL) is None
    # A forged submission is refused by the use case; the modal error is plain text, so the
    # lead is named, not shown as a raw <@U…> mention.
    forged = h.users.view_submission(
        PAUL,
        "assign_roles",
        _assign_form({"product_owner": [EVE]}),
        private_metadata=AssessmentRef(a=aid).dump(),
    )
    assert forged.body["response_action"] == "errors"
    error = next(iter(forged.body["errors"].values()))
    assert "@Lena" in error and "<@" not in error and "&lt;" not in error
    assert _roles_now(h, aid) == before


def test_assign_refuses_a_bot_or_a_deactivated_holder(started: tuple[Harness, int]) -> None:
    h, aid = started
    h.slack.add_user("U0ROBOT", "robot", is_bot=True)
    h.slack.add_user("U0GONE", "gone", deleted=True)
    before = _roles_now(h, aid)
    h.users.slash_command(LEAD, "assign", channel_id=CHANNEL)
    for user, why in (("U0ROBOT", "bot"), ("U0GONE", "deactivated")):
        roles = before | {"test_engineer": [user]}
        response = h.users.view_submission(LEAD, "assign_roles", _assign_form(roles))
        assert response.body["response_action"] == "errors"
        assert why in response.body["errors"]["role:test_engineer"]
    assert _roles_now(h, aid) == before


def test_with_two_active_assessments_a_picker_leads_to_the_assign_modal(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    second = start_another(h, "Quick check")
    h.users.slash_command(LEAD, "assign", channel_id=CHANNEL)
    picker = h.slack.open_modal(LEAD)
    assert picker is not None and picker.callback_id == "pick_assessment"
    options = picker.body["blocks"][0]["element"]["options"]
    assert {o["value"] for o in options} == {str(second), str(started[1])}

    picked = h.users.view_submission(
        LEAD, "pick_assessment", {"assessment": {"value": option_value(str(second))}}
    )
    assert picked.body["response_action"] == "update" and not h.users.view_errors
    modal = h.slack.open_modal(LEAD)
    assert modal is not None and modal.callback_id == "assign_roles"
    assert "Quick check" in str(modal.body["blocks"][0])

    first_role = view_of(h, second).framework.roles[0].key
    response = h.users.view_submission(LEAD, "assign_roles", _assign_form({first_role: [MARIA]}))
    assert response.status == 200 and not response.body
    assert _roles_now(h, second)[first_role] == [MARIA]


def test_the_picker_says_when_the_picked_assessment_was_deleted_meanwhile(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    second = start_another(h, "Quick check")
    h.users.slash_command(LEAD, "assign", channel_id=CHANNEL)
    delete_assessment(h.services.uow, h.clock, h.team_id, second, LEAD)

    def refusal(values: dict[str, object], **meta: str) -> str:
        response = h.users.view_submission(LEAD, "pick_assessment", values, **meta)
        assert response.body["response_action"] == "errors"
        return str(response.body["errors"]["assessment"])

    picked = {"assessment": {"value": option_value(str(second))}}
    assert refusal(picked) == "That assessment was just deleted."
    assert refusal({}) == "Pick one from the list."
    stale = PickRef(cmd="no-such-command").dump()
    assert refusal(picked, private_metadata=stale) == (
        "This picker is out of date: run the command again."
    )


def test_list_shows_what_i_lead_or_answer_in_and_nothing_else(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    h.slack.add_user("U0OLGA", "olga")
    start_another(h, "Eve's own", lead=EVE, roles={"product_owner": ["U0OLGA"]})
    registry = h.services.registry
    elsewhere = StartRequest(
        team_id="T0ELSEWHERE",
        lead_id=PAUL,
        name="Elsewhere",
        project="other workspace",
        framework=registry.get("mlops-quickcheck"),
        channel_id="C0OTHER",
        roles={},
    )
    start_assessment(h.services.uow, h.clock, elsewhere)

    def listed(user: str) -> str:
        return str(h.users.slash_command(user, "list").body["blocks"])

    count = len(view_of(h, aid).routing.owned_by(PAUL))
    mine = (
        f"*{NAME}* (fraud-detect: card-payment fraud scoring) · open · you answer {count} questions"
    )
    assert mine in listed(PAUL)
    assert "· open · you lead it" in listed(LEAD)
    assert "Eve's own" not in listed(PAUL) and "Elsewhere" not in listed(PAUL)
    assert NAME in listed(LEAD) and "Eve's own" not in listed(LEAD)
    assert "Eve's own" in listed(EVE) and NAME not in listed(EVE)
    assert "Eve's own" in listed("U0OLGA") and NAME not in listed("U0OLGA")
    assert "don't lead or answer" in listed(ADMIN)


def test_status_shows_progress_per_person(started_caict: tuple[Harness, int]) -> None:
    h, aid = started_caict
    scenario.click(h, PAUL, "continue")
    for requirement in scenario.open_questions(h, PAUL)[:2]:
        scenario.click(h, PAUL, "answer:not_met", requirement=requirement)
    view = view_of(h, aid)
    total = view.framework.requirement_count()
    paul, maria = (len(view.routing.owned_by(person)) for person in (PAUL, MARIA))
    status = h.users.slash_command(LEAD, "status")
    text = str(status.body["blocks"])
    assert f"2 of {total} answered" in text
    assert f"<@{PAUL}>: 2/{paul} answered" in text and f"<@{MARIA}>: 0/{maria} answered" in text
    named = h.users.slash_command(EVE, f'status "{NAME}"')
    assert f"2 of {total} answered" in str(named.body["blocks"])
    unknown = h.users.slash_command(LEAD, "status No such thing")
    assert "No assessment called" in reply_text(unknown)


def test_close_by_someone_else_is_refused_with_the_name_in_bold(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    refused = reply_text(h.users.slash_command(PAUL, "close", channel_id=CHANNEL))
    assert refused == f":no_entry: Only the lead of *{NAME}* (<@{LEAD}>) or an admin can close it."
    assert view_of(h, aid).assessment.is_active()
    h.users.slash_command(LEAD, "close", channel_id=CHANNEL)
    again = reply_text(h.users.slash_command(LEAD, f'close "{NAME}"', channel_id=CHANNEL))
    assert again.startswith(f":no_entry: *{NAME}* is closed (")
    assert again.endswith("): there is nothing left to close.")
    unknown = reply_text(h.users.slash_command(LEAD, "close No such thing"))
    assert unknown.startswith(":warning: No assessment called")


def test_a_refusal_after_the_picker_names_the_lead_readably(started: tuple[Harness, int]) -> None:
    h, aid = started
    start_another(h, "Quick check", roles={"product_owner": [PAUL]})
    h.users.slash_command(PAUL, "close", channel_id=CHANNEL)
    picked = h.users.view_submission(
        PAUL, "pick_assessment", {"assessment": {"value": option_value(str(aid))}}
    )
    error = picked.body["errors"]["assessment"]
    assert "Only the lead" in error and "@Lena" in error and "<@" not in error
    assert view_of(h, aid).assessment.is_active()


def test_an_assign_submitted_twice_tells_everyone_once(started: tuple[Harness, int]) -> None:
    h, aid = started
    h.users.slash_command(LEAD, "assign", channel_id=CHANNEL)
    modal = h.slack.open_modal(LEAD)
    assert modal is not None
    form = _assign_form(_roles_now(h, aid) | {"product_owner": [EVE]})
    submit_twice(h, LEAD, "assign_roles", form, modal.id)
    assert len(h.slack.messages(EVE)) == 1  # one welcome
    assert told(h, LEAD).count(f"Updated roles in *{NAME}*: Product owner.") == 1
    assert len([t for t in told(h, PAUL) if "gave your" in t]) == 1
    with h.services.uow() as uow:
        history = uow.answers.history(h.team_id, aid)
    assert len([e for e in history if EVE in (e.after or "")]) == 1  # one change recorded
