"""Pure Block Kit builders: data in, JSON-able blocks out, always inside Slack's limits."""
