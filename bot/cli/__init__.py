"""The `maturity-bot` command line: `main.py` composes the sub-commands, one module each."""
