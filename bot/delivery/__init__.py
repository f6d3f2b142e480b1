"""Delivering the outbox: what use cases decided to send, sent once, after a crash too."""
