"""Development kit, not shipped: the local Slack stand-in and the offline demo that plays on it.

Tests, benchmarks and `maturity-bot demo` (from a source checkout) use it; no product package
imports it (an import contract says so), and neither the wheel nor the Docker image contains it.
"""
