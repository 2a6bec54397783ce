"""The Typer application: every command but the hot ones, which only appear here for --help."""

from __future__ import annotations

import sys

import typer

from fracos.cli import clients, engagements, practice, users
from fracos.cli.demo import demo
from fracos.cli.hot import SUMMARIES
from fracos.cli.serve import serve

app = typer.Typer(
    name="fracos",
    help="Fractional OS: run your fractional practice — clients, engagements, the week, "
    "invoices and the playbook.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("init")(practice.init)
app.add_typer(practice.app, name="practice")
app.add_typer(clients.app, name="client")
app.add_typer(engagements.app, name="engagement")
app.add_typer(users.app, name="user")
app.command("demo")(demo)
app.command("serve")(serve)


def _hot(name: str) -> None:
    """Register a hot command so it is listed; its own parser (fast path) does the work."""

    def passthrough(ctx: typer.Context) -> None:
        from fracos.cli.hot import main

        raise typer.Exit(main([name, *ctx.args]))

    passthrough.__doc__ = SUMMARIES[name] + f" (see `fracos {name} --help`)"
    app.command(
        name,
        context_settings={
            "allow_extra_args": True,
            "ignore_unknown_options": True,
            "help_option_names": [],
        },
        rich_help_panel="Every day",
    )(passthrough)


for _name in SUMMARIES:
    _hot(_name)


def main() -> None:
    """Run the app; domain errors and usage errors become one red line and exit code 1."""
    from fracos.cli.plain import error
    from fracos.core.errors import DomainError

    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        error("aborted")
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument
        error(exc.format_message() if hasattr(exc, "format_message") else str(exc))
        sys.exit(1)
    except DomainError as exc:
        error(str(exc))
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
