"""Every action id and callback id, and the small models carried in button values and metadata."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from questionnaire.domain import Answer


class Action(StrEnum):
    ANSWER = "answer"  # suffixed with ":<answer>" so the four buttons of one block differ
    GUIDANCE = "guidance"
    ADD_EVIDENCE = "add_evidence"
    HANDOFF = "handoff"
    MORE = "more"  # a requirement's overflow menu; the chosen option's MoreRef says what to do
    HANDOFF_ITEM = "handoff_item"
    CONFIRM_PAGE = "confirm_page"  # confirm every carried-over answer on a page
    NONE_MET = "none_met"  # answer every open question on a page Not met
    PICK_EVIDENCE = "pick_evidence"  # which question a kept reply is for (":<n>" per button)
    CONTINUE = "continue"
    SNOOZE = "snooze"
    REASSIGN = "reassign"
    PICK_ASSESSMENT = "pick_assessment"
    OPEN_START = "open_start"
    NOOP = "noop"


ANSWER_ACTION = re.compile(r"^answer:(met|partial|not_met|not_applicable)$")


def answer_action_id(answer: Answer) -> str:
    return f"{Action.ANSWER.value}:{answer.value}"


PICK_EVIDENCE_ACTION = re.compile(r"^pick_evidence(:\d+)?$")


def pick_action_id(n: int) -> str:
    """The picker's n-th button (action ids are unique within a block)."""
    return f"{Action.PICK_EVIDENCE.value}:{n}"


class More(StrEnum):
    """What an option of a requirement's overflow menu does."""

    GUIDANCE = "guidance"
    EVIDENCE = "evidence"
    COMMENT = "comment"
    HAND_ON = "hand_on"


class View(StrEnum):
    START = "start_assessment"
    EVIDENCE = "add_evidence"
    COMMENT = "answer_comment"
    HANDOFF = "hand_off"
    ASSIGN = "assign_roles"
    ATTACH = "attach_message"
    INFO = "info"
    PICK = "pick_assessment"
    DELETE = "delete_assessment"
    SETTINGS = "reminder_settings"


class Shortcut(StrEnum):
    ATTACH_EVIDENCE = "attach_as_evidence"


COMMAND = "/maturity"

M = TypeVar("M", bound="Ref")


class Ref(BaseModel):
    """Base for values and metadata: compact JSON, size-checked against Slack's limits."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def dump(self, limit: int = 2000) -> str:
        text = self.model_dump_json(exclude_none=True)
        if len(text) > limit:
            raise ValueError(f"{type(self).__name__} is {len(text)} characters, over {limit}")
        return text

    @classmethod
    def load(cls: type[M], text: str) -> M:
        """Read a value or metadata back; BadRef when it is not one (forged, or from an older
        version of the bot), so nothing is looked up with it."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            raise BadRef(f"not a {cls.__name__}: {exc.error_count()} problem(s)") from None


class BadRef(ValueError):
    """A button value or modal metadata that is not what the bot wrote."""


# Row ids as the database holds them (a 32-bit integer on PostgreSQL): a larger one is forged.
ROW_ID_MAX = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]


def row_id(text: str | None) -> int | None:
    """An id typed as text in a select's option value, when it can be one (1..ROW_ID_MAX);
    None for anything else, so nothing is looked up with it."""
    if not text or not text.isdigit() or len(text) > len(str(ROW_ID_MAX)):
        return None
    value = int(text)
    return value if 1 <= value <= ROW_ID_MAX else None


PageNo = Annotated[int, Field(ge=0, le=10_000)]  # 0-based page of an item (6 questions a page)


class QuestionRef(Ref):
    """A button on a question: assessment, requirement, and the page it was shown on."""

    a: RowId
    r: str
    i: str
    p: PageNo = 0
    u: str | None = None  # whose page it is (the page is re-rendered for them)


OPTION_VALUE_MAX = 150  # Slack's limit for an option value (overflow, selects)


class MoreRef(Ref):
    """An option of a requirement's overflow menu: what to do (`v`) on which question.

    No item id: the requirement locates its item. That keeps the value under Slack's 150
    characters even for the longest ids a framework may use (64 characters)."""

    v: More
    a: RowId
    r: str
    p: PageNo = 0
    u: str | None = None  # whose page it is

    def option_value(self) -> str:
        return self.dump(OPTION_VALUE_MAX)


class PageRef(Ref):
    """A whole page or item: Continue, hand the item on, confirm last time's answers."""

    a: RowId
    i: str | None = None
    p: PageNo = 0
    u: str | None = None


class MessageRef(Ref):
    """The message a modal came from, so the modal's result can update it."""

    a: RowId
    r: str | None = None
    i: str | None = None
    p: PageNo = 0
    c: str | None = None  # channel
    ts: str | None = None
    u: str | None = None  # whose page it is


class KeptRef(Ref):
    """A choice of the thread picker: kept reply `k` of assessment `a` is evidence for `r`."""

    a: RowId
    k: RowId
    r: str

    def option_value(self) -> str:
        return self.dump(OPTION_VALUE_MAX)


class AttachRef(Ref):
    """The Slack message being attached as evidence (message shortcut)."""

    c: str
    ts: str
    url: str | None = None
    text: str = ""


class PickRef(Ref):
    """A subcommand waiting for the user to pick which assessment it applies to."""

    cmd: str
    preview: bool = False


class AssessmentRef(Ref):
    """Just an assessment: the one a settings, assign-roles or delete modal, or Reassign, is about."""

    a: RowId


class SnoozeRef(Ref):
    days: int
