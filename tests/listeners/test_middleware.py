"""Our middleware functions run as Bolt middleware classes, given what they name."""

from __future__ import annotations

from typing import Any

import pytest
from slack_bolt import BoltContext, BoltRequest, BoltResponse

from bot.listeners.middleware import Direct


def test_a_middleware_gets_the_arguments_it_names_and_its_answer_is_bolts() -> None:
    seen: dict[str, Any] = {}

    def middleware(body: dict[str, Any], next: Any, context: BoltContext) -> BoltResponse:
        seen.update(body=body, context=context)
        return next()

    request = BoltRequest(body='{"type": "event_callback"}', mode="socket_mode")
    done = BoltResponse(status=200, body="done")
    answer = Direct(middleware).process(
        req=request, resp=BoltResponse(status=404), next=lambda: done
    )
    assert answer is done
    assert seen == {"body": {"type": "event_callback"}, "context": request.context}


def test_a_middleware_naming_anything_else_is_refused_when_registered() -> None:
    def middleware(ack: Any, next: Any) -> None:
        return None

    with pytest.raises(TypeError, match="takes \\['ack'\\]"):
        Direct(middleware)
