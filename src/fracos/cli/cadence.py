"""The communication cadence: check-ins, summaries, reviews, renewals and the calendar feed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fracos.cli.common import (
    Format,
    console,
    emit,
    emit_record,
    local_actor,
    success,
    write_output,
)

cadence_app = typer.Typer(
    help="What is due with each client: check-ins, summaries, reviews, renewals.",
    invoke_without_command=True,
)
summary_app = typer.Typer(
    help="Monthly progress summaries: draft, edit, send.", no_args_is_help=True
)
renewal_app = typer.Typer(help="Renewal conversations.", no_args_is_help=True)
calendar_app = typer.Typer(help="Your calendar feed (iCalendar).", no_args_is_help=True)

ClientArg = Annotated[str | None, typer.Argument(help="Client name, unique prefix or #id.")]
ClientReq = Annotated[str, typer.Argument(help="Client name, unique prefix or #id.")]
EngagementOpt = Annotated[
    int | None, typer.Option(help="Engagement id, when the client has several.")
]
DateOpt = Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).")]


def _engagement(actor: Any, client: str | None, engagement: int | None, on: Any) -> Any:
    from fracos.engagements.selectors import engagement_for

    return engagement_for(actor, client, engagement_id=engagement, on=on)


def _day(actor: Any, text: str | None) -> Any:
    from fracos.cadence.selectors import today_for
    from fracos.core import clock

    return clock.parse_date(text, field="date") if text else today_for(actor)


def checkin(
    client: ClientReq,
    note: Annotated[list[str] | None, typer.Argument(help="What was discussed or decided.")] = None,
    date: DateOpt = None,
    engagement: EngagementOpt = None,
) -> None:
    """Record this week's check-in with a client and what was decided.

    Example: fracos checkin acme "Agreed to move the data platform to managed Postgres"
    """
    actor = local_actor()
    from fracos.cadence.services import checkin_record

    day = _day(actor, date)
    chosen = _engagement(actor, client, engagement, day)
    point = checkin_record(actor, engagement_id=chosen.pk, notes=" ".join(note or []), held_on=day)
    success(f"Check-in with {chosen.client.name} on {point.held_on} recorded (#{point.pk}).")


def review(
    client: ClientReq,
    notes: Annotated[str, typer.Option(help="What the review concluded.")] = "",
    date: DateOpt = None,
    engagement: EngagementOpt = None,
    format: Annotated[Format, typer.Option(help="table or json")] = Format.table,
) -> None:
    """Record a quarterly review; it gathers the period's summaries and outcomes.

    Example: fracos review acme --notes "Renew for six months; add hiring support"
    """
    actor = local_actor()
    from fracos.cadence.services import review_record

    day = _day(actor, date)
    chosen = _engagement(actor, client, engagement, day)
    point = review_record(actor, engagement_id=chosen.pk, notes=notes, held_on=day)
    if format == Format.json:
        emit_record(
            {"id": point.pk, "held_on": point.held_on, "notes": point.notes, "body": point.body},
            format,
        )
        return
    console().print(point.body, markup=False, highlight=False)
    success(f"Review with {chosen.client.name} on {point.held_on} recorded (#{point.pk}).")


@cadence_app.callback()
def cadence(
    ctx: typer.Context,
    client: Annotated[str | None, typer.Option(help="Only this client's engagements.")] = None,
    all: Annotated[bool, typer.Option("--all", help="Also list what is not due yet.")] = False,
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """List what is due or overdue with each engagement: check-ins, summaries, reviews, renewals.

    Example: fracos cadence --all
    """
    if ctx.invoked_subcommand is not None:
        return
    actor = local_actor()
    from fracos.cadence.schedule import LABELS
    from fracos.cadence.selectors import cadence_due
    from fracos.clients.selectors import client_find

    items = cadence_due(actor)
    if client:
        wanted = client_find(actor, client).name
        items = [i for i in items if i.client == wanted]
    if not all:
        items = [i for i in items if i.state != "done"]
    rows = [i.as_json() | {"what": LABELS[i.kind]} for i in items]
    if format != Format.table:
        emit(rows, [(k, k) for k in rows[0]] if rows else [("kind", "kind")], format)
        return
    if not rows:
        console().print("Nothing due: every check-in, summary and review is up to date.")
        return
    emit(
        rows,
        [
            ("state", "State"),
            ("due_on", "Due"),
            ("client", "Client"),
            ("what", "What"),
            ("last_on", "Last"),
            ("detail", "Detail"),
        ],
        format,
        title="Cadence",
    )
    for rule in dict.fromkeys(i.rule for i in items if i.kind != "renewal"):
        console().print(f"• {rule}", markup=False)
    for item in items:
        if item.kind == "renewal":
            console().print(f"• {item.rule}", markup=False)


@cadence_app.command("set")
def cadence_set(
    client: ClientArg = None,
    engagement: EngagementOpt = None,
    checkin_days: Annotated[int | None, typer.Option(help="Days between check-ins.")] = None,
    summary_months: Annotated[int | None, typer.Option(help="Months per summary.")] = None,
    review_months: Annotated[int | None, typer.Option(help="Months between reviews.")] = None,
) -> None:
    """Give one engagement its own cadence (0 returns to the practice's setting).

    Example: fracos cadence set acme --checkin-days 14
    """
    actor = local_actor()
    from fracos.cadence.selectors import today_for
    from fracos.cadence.services import cadence_override_set

    chosen = _engagement(actor, client, engagement, today_for(actor))
    cadence_override_set(
        actor,
        engagement_id=chosen.pk,
        checkin_interval_days=checkin_days,
        summary_interval_months=summary_months,
        review_interval_months=review_months,
    )
    success(f"Cadence of {chosen} updated.")


def _summary_record(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "client": s.engagement.client.name,
        "engagement_id": s.engagement_id,
        "period_start": s.period_start,
        "period_end": s.period_end,
        "title": s.title,
        "status": s.status,
        "sent_at": s.sent_at.isoformat() if s.sent_at else None,
    }


@summary_app.command("draft")
def summary_draft(
    client: ClientArg = None,
    month: Annotated[str | None, typer.Option(help="YYYY-MM (default: last month).")] = None,
    engagement: EngagementOpt = None,
    format: Annotated[Format, typer.Option(help="table or json")] = Format.table,
) -> None:
    """Draft a month's progress summary from the logged work, notes and deliverables.

    Example: fracos summary draft acme --month 2026-10
    """
    actor = local_actor()
    from fracos.cadence.selectors import today_for
    from fracos.cadence.services import summary_draft as draft
    from fracos.core import clock
    from fracos.core.errors import ValidationFailed

    today = today_for(actor)
    if month:
        period = clock.parse_period(month, today)
        if period.start.day != 1 or period.days > 31 or period.days < 28:
            raise ValidationFailed(f"month: {month!r} is not a month; use YYYY-MM", field="month")
    else:
        period = clock.parse_period("last-month", today)
    chosen = _engagement(actor, client, engagement, period.last_day)
    summary = draft(actor, engagement_id=chosen.pk, month=period)
    if format == Format.json:
        emit_record(_summary_record(summary) | {"body": summary.body}, format)
        return
    console().print(summary.body, markup=False, highlight=False)
    success(
        f"Drafted summary #{summary.pk}. Edit it with `fracos summary edit {summary.pk}`, "
        f"then `fracos summary send {summary.pk}`."
    )


@summary_app.command("list")
def summary_list(
    client: Annotated[str | None, typer.Option(help="Only this client.")] = None,
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """List progress summaries, newest first.

    Example: fracos summary list --client acme
    """
    actor = local_actor()
    from fracos.cadence.selectors import summary_list as summaries
    from fracos.clients.selectors import client_find

    rows = [_summary_record(s) for s in summaries(actor)]
    if client:
        wanted = client_find(actor, client).name
        rows = [r for r in rows if r["client"] == wanted]
    emit(
        rows,
        [
            ("id", "#"),
            ("client", "Client"),
            ("period_start", "From"),
            ("title", "Title"),
            ("status", "Status"),
            ("sent_at", "Sent"),
        ],
        format,
        title="Summaries",
        right=("id",),
    )


@summary_app.command("show")
def summary_show(
    summary: Annotated[int, typer.Argument(help="Summary id.")],
    format: Annotated[Format, typer.Option(help="table or json")] = Format.table,
) -> None:
    """Print a summary's Markdown.

    Example: fracos summary show 3
    """
    actor = local_actor()
    from fracos.cadence.selectors import summary_get

    found = summary_get(actor, summary)
    if format == Format.json:
        emit_record(_summary_record(found) | {"body": found.body}, format)
        return
    console().print(found.body, markup=False, highlight=False)


@summary_app.command("edit")
def summary_edit(summary: Annotated[int, typer.Argument(help="Summary id.")]) -> None:
    """Open a draft summary in $EDITOR and save what you write.

    Example: EDITOR=vim fracos summary edit 3
    """
    actor = local_actor()
    from fracos.cadence.selectors import summary_get
    from fracos.cadence.services import summary_check_editable
    from fracos.cadence.services import summary_edit as save

    found = summary_get(actor, summary)
    summary_check_editable(actor, found)
    import click

    edited = click.edit(found.body, extension=".md")
    if edited is None or edited.strip() == found.body.strip():
        console().print("No changes; the summary is as it was.")
        return
    saved = save(actor, summary, body=edited)
    success(f"Saved summary #{saved.pk}: {saved.title}")


@summary_app.command("send")
def summary_send(
    summary: Annotated[int, typer.Argument(help="Summary id.")],
    pdf: Annotated[Path | None, typer.Option(help="Also write it as a PDF here.")] = None,
) -> None:
    """Mark a summary sent: it becomes visible to the client in the portal.

    Example: fracos summary send 3 --pdf acme-2026-10.pdf
    """
    actor = local_actor()
    from fracos.cadence.services import summary_send as send

    sent = send(actor, summary)
    success(f"Summary #{sent.pk} marked sent; {sent.engagement.client.name} can read it.")
    if pdf is not None:
        _write_pdf(actor, sent.pk, pdf)


def _write_pdf(actor: Any, summary_id: int, target: Path) -> None:
    from fracos.cadence.pdf import summary_pdf
    from fracos.cadence.selectors import summary_get

    found = summary_get(actor, summary_id)
    write_output(target, summary_pdf(found.title, found.body))
    success(f"Wrote {target}.")


@summary_app.command("pdf")
def summary_pdf_command(
    summary: Annotated[int, typer.Argument(help="Summary id.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The PDF file to write.")],
) -> None:
    """Render a summary to PDF.

    Example: fracos summary pdf 3 -o acme-2026-10.pdf
    """
    _write_pdf(local_actor(), summary, output)


@renewal_app.command("log")
def renewal_log(
    client: ClientReq,
    note: Annotated[list[str] | None, typer.Argument(help="What was said about renewing.")] = None,
    date: DateOpt = None,
    engagement: EngagementOpt = None,
) -> None:
    """Log a renewal conversation; it clears the renewal task in `fracos cadence`.

    Example: fracos renewal log acme "They want six more months from July"
    """
    actor = local_actor()
    from fracos.cadence.services import renewal_log as log

    day = _day(actor, date)
    chosen = _engagement(actor, client, engagement, day)
    point = log(actor, engagement_id=chosen.pk, notes=" ".join(note or []), held_on=day)
    success(f"Renewal conversation with {chosen.client.name} on {point.held_on} logged.")


def _feed_url(token: str) -> str:
    from django.conf import settings

    return f"{settings.FRACOS_BASE_URL}/calendar/{token}.ics"


@calendar_app.command("url")
def calendar_url() -> None:
    """Issue your calendar feed's secret URL (shown once; subscribe to it in your calendar).

    Example: fracos calendar url
    """
    actor = local_actor()
    from fracos.cadence.services import calendar_token_issue

    token = calendar_token_issue(actor)
    typer.echo(_feed_url(token))
    console().print("Keep it secret: anyone with this URL can read your calendar.")


@calendar_app.command("rotate")
def calendar_rotate() -> None:
    """Replace your calendar feed's URL; the old one stops working at once.

    Example: fracos calendar rotate
    """
    actor = local_actor()
    from fracos.cadence.services import calendar_token_issue

    typer.echo(_feed_url(calendar_token_issue(actor, rotate=True)))


@calendar_app.command("revoke")
def calendar_revoke() -> None:
    """Stop your calendar feed; its URL stops working at once.

    Example: fracos calendar revoke
    """
    actor = local_actor()
    from fracos.cadence.services import calendar_token_revoke

    count = calendar_token_revoke(actor)
    success("Calendar feed revoked." if count else "There was no live calendar feed.")
