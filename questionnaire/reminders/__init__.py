"""Reminder policy and the sweep: who is due, when, and what is queued for them."""
