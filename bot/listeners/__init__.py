"""Listeners grouped by surface; `register_all` wires them to an App."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import (
    answers,
    comments,
    delete,
    events,
    evidence,
    handoff,
    home,
    lead,
    people,
    picker,
    question_menu,
    reader,
    settings,
    start,
    thread_evidence,
    uninstall,
    workspace_guard,
)
from bot.listeners.commands import dispatch


def register_all(app: App) -> None:
    """Wire every listener; they find the services in their context (bot.listeners.context)."""
    for module in (
        workspace_guard,  # first: every listener after it may rely on a workspace id
        reader,  # then: every answer speaks its reader's language
        answers,  # the most frequent request, matched first (Bolt tries listeners in order)
        dispatch,  # the /maturity command
        start,
        settings,
        picker,
        evidence,
        thread_evidence,
        comments,
        handoff,
        question_menu,
        lead,
        delete,
        home,
        events,
        people,
        uninstall,
    ):
        module.register(app)
