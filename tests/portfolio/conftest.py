"""The summary tests' fixtures: an in-memory store, services, and the Slack stand-in."""

from tests.summary.conftest import client, clock, services, standin, store

__all__ = ["client", "clock", "services", "standin", "store"]
