"""Use cases: what the bot does, behind the unit-of-work, clock and directory ports."""
