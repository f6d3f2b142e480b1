"""Wiring: settings, the services every listener gets, the composition root and the Bolt app factory."""
