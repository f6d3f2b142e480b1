"""Maturity Bot: everything that knows Slack, the CLI and the wiring."""
