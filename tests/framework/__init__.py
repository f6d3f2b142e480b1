"""Tests of framework loading, the registry and the `framework` CLI."""
