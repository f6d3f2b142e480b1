"""The `/maturity` slash command: `dispatch` finds the assessment and runs one module per subcommand."""
