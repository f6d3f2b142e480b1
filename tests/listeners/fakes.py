"""Doubles for calling a listener directly: an `ack` and a Web API client that record what they
were given, in one shared log so a test can see what happened before the ack."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Call = tuple[str, dict[str, Any]]


@dataclass
class Log:
    """Everything the listener did to Slack, in order: ("ack", kwargs), ("chat.postEphemeral",
    kwargs)..."""

    calls: list[Call] = field(default_factory=list)

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def of(self, name: str) -> list[dict[str, Any]]:
        return [kwargs for called, kwargs in self.calls if called == name]


class FakeAck:
    """Bolt's `ack`: records its arguments (positional ones as Bolt names them)."""

    def __init__(self, log: Log) -> None:
        self.log = log

    def __call__(self, text: str | dict[str, Any] = "", **kwargs: Any) -> None:
        if text:
            kwargs["text"] = text
        self.log.calls.append(("ack", kwargs))

    @property
    def acks(self) -> list[dict[str, Any]]:
        return self.log.of("ack")


class FakeClient:
    """The few WebClient methods listeners call, answering as Slack does on success."""

    def __init__(self, log: Log, users: dict[str, dict[str, Any]] | None = None) -> None:
        self.log = log
        self.users = users or {}

    def _record(self, method: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        self.log.calls.append((method, kwargs))
        return {"ok": True}

    def chat_postEphemeral(self, **kwargs: Any) -> dict[str, Any]:
        return self._record("chat.postEphemeral", kwargs) | {"message_ts": "1.0"}

    def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:
        return self._record("chat.postMessage", kwargs) | {
            "channel": kwargs["channel"],
            "ts": "1.0",
        }

    def chat_update(self, **kwargs: Any) -> dict[str, Any]:
        return self._record("chat.update", kwargs)

    def views_open(self, **kwargs: Any) -> dict[str, Any]:
        return self._record("views.open", kwargs)

    def views_update(self, **kwargs: Any) -> dict[str, Any]:
        return self._record("views.update", kwargs)

    def views_publish(self, **kwargs: Any) -> dict[str, Any]:
        return self._record("views.publish", kwargs)

    def users_info(self, **kwargs: Any) -> dict[str, Any]:
        user = kwargs["user"]
        return self._record("users.info", kwargs) | {"user": self.users.get(user, {"id": user})}
