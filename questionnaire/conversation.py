"""The conversation state machine: what to ask whom next, derived from stored answers only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from questionnaire.domain import Answer, Evidence, RequirementState, ReviewState
from questionnaire.domain import is_open as is_open  # re-exported: what counts as open
from questionnaire.framework import Domain, Item, Located
from questionnaire.routing import Routing

PAGE_SIZE = 6  # requirements per DM page: 6 x 4 blocks + header/context/footer stays far below 50


@dataclass(frozen=True, slots=True)
class ItemWork:
    """One capability item as one person sees it: the requirements routed to them."""

    domain: Domain
    item: Item
    requirements: tuple[Located, ...]

    def pages(self) -> list[tuple[Located, ...]]:
        reqs = self.requirements
        return [reqs[i : i + PAGE_SIZE] for i in range(0, len(reqs), PAGE_SIZE)] or [()]


@dataclass(frozen=True, slots=True)
class ItemPage:
    """One page of questions: a slice of one item's requirements for one person."""

    work: ItemWork
    item_number: int  # 1-based among the person's items
    item_count: int
    page: int  # 0-based
    page_count: int
    requirements: tuple[Located, ...]

    @property
    def item_id(self) -> str:
        return self.work.item.id


def agenda(routing: Routing, user_id: str) -> list[ItemWork]:
    """The items that hold questions for this person, in framework order."""
    return [ItemWork(locs[0].domain, locs[0].item, locs) for locs in routing.owned_by_item(user_id)]


def page_of(items: Sequence[ItemWork], item_id: str, page: int) -> ItemPage | None:
    """A given page of a given item of the agenda (None when the item is not on it)."""
    for number, work in enumerate(items, start=1):
        if work.item.id == item_id:
            pages = work.pages()
            page = max(0, min(page, len(pages) - 1))
            return ItemPage(work, number, len(items), page, len(pages), pages[page])
    return None


def next_page(items: Sequence[ItemWork], states: Mapping[str, RequirementState]) -> ItemPage | None:
    """The first page, in item order, with an open question; None when everything is answered."""
    for number, work in enumerate(items, start=1):
        pages = work.pages()
        for index, reqs in enumerate(pages):
            if any(is_open(states.get(loc.requirement.id)) for loc in reqs):
                return ItemPage(work, number, len(items), index, len(pages), reqs)
    return None


def open_page_of(
    items: Sequence[ItemWork], item_id: str, states: Mapping[str, RequirementState]
) -> ItemPage | None:
    """The first page of this item on the person's agenda that still has an open question."""
    first = page_of(items, item_id, 0)
    pages = (page_of(items, item_id, n) for n in range(first.page_count if first else 0))
    return next((p for p in pages if p is not None and not page_complete(p, states)), None)


def open_count(requirements: Iterable[Located], states: Mapping[str, RequirementState]) -> int:
    return sum(1 for loc in requirements if is_open(states.get(loc.requirement.id)))


def page_complete(page: ItemPage, states: Mapping[str, RequirementState]) -> bool:
    return open_count(page.requirements, states) == 0


def needs_evidence(loc: Located, state: RequirementState | None) -> bool:
    """Evidence is asked for requirements that need it and are answered met or partially met."""
    return (
        loc.requirement.evidence.required
        and state is not None
        and state.answer in (Answer.MET, Answer.PARTIAL)
    )


def has_evidence(requirement_id: str, evidence: Iterable[Evidence]) -> bool:
    return any(
        e.requirement_id == requirement_id and e.review is not ReviewState.REJECTED
        for e in evidence
    )


def evidence_owed(
    requirements: Iterable[Located],
    states: Mapping[str, RequirementState],
    evidence: Sequence[Evidence],
) -> list[Located]:
    """Requirements answered met/partial that need evidence and have none that stands."""
    return [
        loc
        for loc in requirements
        if needs_evidence(loc, states.get(loc.requirement.id))
        and not has_evidence(loc.requirement.id, evidence)
    ]
