"""The offline demo: the real app against the local Slack stand-in, playing a whole assessment."""
