"""The `fracos` entry point: hot commands skip Typer and Django; the rest use both."""

from __future__ import annotations

import sys

HOT_COMMANDS = frozenset({"log", "start", "stop", "status", "week", "report"})


def run() -> None:
    argv = sys.argv[1:]
    if argv and argv[0] in HOT_COMMANDS:
        from fracos.cli.hot import main as run_hot

        sys.exit(run_hot(argv))
    from fracos.cli.app import main as run_app

    run_app()
