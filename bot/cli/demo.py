"""`maturity-bot demo`: the offline demo, loaded by name from the source checkout's `devkit/`.

The demo and its Slack stand-in are development tools, not part of the product: the wheel and
the Docker image leave them out, and no product module imports them (an import contract). The
command finds them beside the checked-out `bot/` package and says so clearly when they are absent.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

import typer

from bot.i18n import _

DEMO_MODULE = "devkit.demo.run"
CHECKOUT = Path(__file__).resolve().parents[2]  # bot/cli/demo.py -> the source tree's root


def demo(
    output: Path = typer.Option(
        Path("demo-output"), "--output", "-o", help="Folder for the files."
    ),
    seed: int = typer.Option(7, help="Seed for the simulated answers."),
) -> None:
    """Play a whole assessment offline (no Slack workspace needed) and write what it produced."""
    demo_player()(output, seed)


def demo_player() -> Callable[[Path, int], None]:
    """devkit's demo player; from the checkout when the installed package does not carry it."""
    try:
        module = importlib.import_module(DEMO_MODULE)
    except ModuleNotFoundError as error:
        if error.name is None or not DEMO_MODULE.startswith(error.name):
            raise
        if not (CHECKOUT / "devkit" / "__init__.py").is_file():
            typer.secho(
                _(
                    "error: the demo is not installed: it ships only with the source code "
                    "(devkit/), not with the package or the Docker image. Clone the repository "
                    "and run `make demo` there."
                ),
                fg=typer.colors.RED,
                err=True,
            )
            raise typer.Exit(1) from None
        sys.path.insert(0, str(CHECKOUT))
        module = importlib.import_module(DEMO_MODULE)
    return cast(Callable[[Path, int], None], module.play)
