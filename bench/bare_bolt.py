"""The floor of a click: a bare Bolt app whose one listener does the least an answer click must
(one transaction: the answer upserted and a history row; the ack; one chat.update of the page
it was clicked on). With `durable`, also the least the outbox rule adds (what a change owes is
written in its transaction and delivered from there: docs/architecture.md, "A click, from Slack
and back"): the page update owed is a row queued in that transaction under its key, and its
delivery recorded after chat.update, in a second one.
Imported by the benchmarks, or served alone for the memory floor:
    PYTHONPATH=. python bench/bare_bolt.py --port 3001 --database-url URL --api-url URL [--durable]
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from storage.engine import make_engine

SECRET = "standin-signing-secret"  # the stand-in harness's local test value, not a credential
TOKEN = "xoxb-standin-token"  # what SlackStandIn() issues by default, a local test value

FLOOR = MetaData()
FLOOR_STATES = Table(
    "bench_floor_states",
    FLOOR,
    Column("user_id", String(64), primary_key=True),
    Column("requirement_id", String(64), primary_key=True),
    Column("answer", String(16)),
    Column("answered_at", DateTime(timezone=True)),
)
FLOOR_HISTORY = Table(
    "bench_floor_history",
    FLOOR,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(64)),
    Column("requirement_id", String(64)),
    Column("answer", String(16)),
    Column("at", DateTime(timezone=True)),
)
FLOOR_OUTBOX = Table(
    "bench_floor_outbox",
    FLOOR,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(255), unique=True),
    Column("body", String),
    Column("version", Integer),
    Column("sent_at", DateTime(timezone=True)),
)


def bare_app(token: str, api_url: str, engine: Engine, *, durable: bool = False) -> App:
    """The least a click needs: one transaction (upsert + history row), the ack, one
    chat.update of the page it was clicked on; `durable`: and the page update owed as an outbox
    row in that transaction, recorded as delivered after chat.update."""
    FLOOR.create_all(engine)
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    client = WebClient(token=token, base_url=api_url)
    app = App(signing_secret=SECRET, client=client)

    @app.action("answer:met")
    def answered(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        user, action = body["user"]["id"], body["actions"][0]
        row = {
            "user_id": user,
            "requirement_id": action["block_id"][2:],
            "answer": "met",
            "answered_at": datetime.now(UTC),
        }
        upsert = dialect.insert(FLOOR_STATES).values(row)
        with engine.begin() as connection:
            connection.execute(
                upsert.on_conflict_do_update(
                    index_elements=["user_id", "requirement_id"],
                    set_={
                        "answer": upsert.excluded.answer,
                        "answered_at": upsert.excluded.answered_at,
                    },
                )
            )
            connection.execute(
                insert(FLOOR_HISTORY).values(
                    user_id=user,
                    requirement_id=row["requirement_id"],
                    answer="met",
                    at=row["answered_at"],
                )
            )
            owed = owe(connection, body) if durable else None
        ack()
        message = body["message"]
        client.chat_update(
            channel=body["container"]["channel_id"],
            ts=message["ts"],
            text=message.get("text", ""),
            blocks=message.get("blocks"),
        )
        if owed is not None:
            with engine.begin() as connection:
                connection.execute(
                    update(FLOOR_OUTBOX)
                    .where(FLOOR_OUTBOX.c.id == owed[0], FLOOR_OUTBOX.c.version == owed[1])
                    .values(sent_at=datetime.now(UTC))
                )

    def owe(connection: Connection, body: dict[str, Any]) -> tuple[int, int]:
        """Queue the page's update under its key (a newer one replaces it); its id, version."""
        channel, ts = body["container"]["channel_id"], body["message"]["ts"]
        page = {"user": body["user"]["id"], "channel": channel, "ts": ts}  # what to redraw
        queued = dialect.insert(FLOOR_OUTBOX).values(
            key=f"page:{channel}:{ts}", body=json.dumps(page), version=1
        )
        queued = queued.on_conflict_do_update(
            index_elements=["key"],
            set_={"body": queued.excluded.body, "version": FLOOR_OUTBOX.c.version + 1},
        )
        row = connection.execute(queued.returning(FLOOR_OUTBOX.c.id, FLOOR_OUTBOX.c.version))
        entry_id, version = row.one()
        return entry_id, version

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--token", default=TOKEN)
    parser.add_argument("--durable", action="store_true", help="with the outbox rule's row")
    args = parser.parse_args()
    from waitress import serve

    from bot.runtime.http_server import make_wsgi

    app = bare_app(args.token, args.api_url, make_engine(args.database_url), durable=args.durable)
    serve(make_wsgi(app, SECRET), host="127.0.0.1", port=args.port, threads=8, _quiet=True)


if __name__ == "__main__":
    main()
