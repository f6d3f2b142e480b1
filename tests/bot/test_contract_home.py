"""Contract tests: the App Home tab (`app_home_opened` → views.publish) and its Continue button."""

from __future__ import annotations

from devkit.demo import scenario
from devkit.demo.harness import Harness
from questionnaire.usecases.start import StartRequest, start_assessment

from .steps import EVE, LEAD, MARIA, NAME, PAUL, page_of, view_of


def _home_text(h: Harness, user_id: str) -> str:
    assert h.users.app_home_opened(user_id).status == 200
    home = h.slack.home_view(user_id)
    assert home is not None, "views.publish was called and accepted"
    return str(home.body["blocks"])


def _continue_buttons(h: Harness, user_id: str) -> list[str]:
    home = h.slack.home_view(user_id)
    assert home is not None
    return [
        e["value"]
        for b in home.body["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "continue"
    ]


def test_home_shows_my_open_questions_and_the_evidence_i_owe(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]  # RM.DA.DC.L1.1 needs evidence when met
    scenario.click(h, PAUL, "answer:met", requirement=first)

    text = _home_text(h, PAUL)
    mine = len(view_of(h, aid).routing.owned_by(PAUL))
    assert NAME in text
    assert f"Your questions: 1 of {mine} answered, {mine - 1} open." in text
    assert "Evidence you owe (1):" in text and f"`{first}`" in text
    assert "Time left: about " in text
    assert "You lead it" not in text
    assert _continue_buttons(h, PAUL) == [f'{{"a":{aid},"p":0}}']


def test_continue_on_home_posts_my_next_page(started_caict: tuple[Harness, int]) -> None:
    h, _ = started_caict
    _home_text(h, PAUL)
    before = len(h.slack.messages(PAUL))
    home = h.slack.home_view(PAUL)
    assert home is not None
    assert h.users.block_action(PAUL, "continue", view=home.id).status == 200
    posted = h.slack.messages(PAUL)[before:]
    assert len(posted) == 1 and posted[0].ts == page_of(h, PAUL).ts
    assert len(scenario.open_questions(h, PAUL)) == 6  # the first page of the first item


def test_home_of_the_lead_shows_progress_of_what_they_lead(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    scenario.click(h, PAUL, "continue")
    for requirement in scenario.open_questions(h, PAUL)[:2]:
        scenario.click(h, PAUL, "answer:not_met", requirement=requirement)
    text = _home_text(h, LEAD)
    view = view_of(h, aid)
    total = view.framework.requirement_count()
    assert f"You lead it: 2 of {total} answered overall." in text and "Level so far" in text
    paul, maria = (len(view.routing.owned_by(person)) for person in (PAUL, MARIA))
    assert f"<@{PAUL}>: 2/{paul}" in text and f"<@{MARIA}>: 0/{maria}" in text
    assert "Your questions" not in text  # every role is held: the lead answers nothing
    assert "Time left" not in text
    assert _continue_buttons(h, LEAD) == []


def test_home_of_someone_in_nothing_says_so(started: tuple[Harness, int]) -> None:
    h, _ = started
    assert "not part of any assessment" in _home_text(h, EVE)


def test_home_with_many_assessments_stays_within_block_kit_limits(harness: Harness) -> None:
    h = harness
    framework = h.services.registry.get("mlops-quickcheck")
    for n in range(23):
        request = StartRequest(h.team_id, LEAD, f"Check {n}", "p", framework, "C0MLQ", roles={})
        start_assessment(h.services.uow, h.clock, request)
    text = _home_text(h, LEAD)  # the stand-in rejects a view over Slack's limits
    home = h.slack.home_view(LEAD)
    assert home is not None and len(home.body["blocks"]) <= 100
    assert "3 older assessments" in text
    assert len(_continue_buttons(h, LEAD)) == 20  # the lead answers everything in each
