"""The Typer application: every command but the hot ones, which only appear here for --help."""

from __future__ import annotations

import sys

import typer

from fracos.cli import (
    archive,
    billing,
    cadence,
    clients,
    engagements,
    exports,
    imports,
    insights,
    launch,
    pipeline,
    plan,
    practice,
    pricing,
    proposals,
    tokens,
    users,
)
from fracos.cli.demo import demo
from fracos.cli.hot import SUMMARIES
from fracos.cli.serve import serve
from fracos.cli.today import today

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
app.add_typer(pipeline.positioning_app, name="positioning")
app.add_typer(pipeline.proof_app, name="proof")
app.add_typer(pipeline.network_app, name="network")
app.command("pipeline")(pipeline.pipeline)
app.add_typer(pipeline.opportunity_app, name="opportunity")
app.add_typer(pipeline.pilot_app, name="pilot")
app.add_typer(pipeline.thought_app, name="thought")
app.add_typer(proposals.app, name="proposal")
app.add_typer(proposals.template_app, name="template")
engagements.app.command("scope")(proposals.scope)
app.add_typer(launch.app, name="launch")
app.command("today")(today)
app.add_typer(users.app, name="user")
billing.register(app)
app.command("demo")(demo)
app.command("serve")(serve)
app.add_typer(tokens.app, name="token")
app.command("import")(imports.import_time)
app.add_typer(exports.app, name="export")
app.command("backup")(archive.backup)
app.command("restore")(archive.restore)
app.command("rate")(pricing.rate)
app.add_typer(pricing.offer_app, name="offer")
app.add_typer(plan.app, name="plan")
app.command("checkin")(cadence.checkin)
app.command("review")(cadence.review)
app.add_typer(cadence.cadence_app, name="cadence")
app.add_typer(cadence.summary_app, name="summary")
app.add_typer(cadence.renewal_app, name="renewal")
app.add_typer(cadence.calendar_app, name="calendar")
app.command("health")(insights.health)
app.command("forecast")(insights.forecast)
app.command("retainer")(insights.retainer)


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
