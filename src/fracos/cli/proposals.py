"""`fracos proposal …`, `fracos template …` and `fracos engagement scope`: documents to send."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from fracos.cli.common import Format, emit, local_actor, success, write_output
from fracos.core import clock
from fracos.core.errors import ValidationFailed
from fracos.core.money import parse_amount

app = typer.Typer(
    help="Proposals generated from your positioning, proof and scope.", no_args_is_help=True
)
template_app = typer.Typer(
    help="Your editable proposal and scope-of-work templates.", no_args_is_help=True
)


@app.command("create")
def create(
    opportunity: Annotated[int, typer.Argument(help="Opportunity id.")],
    retainer: Annotated[str | None, typer.Option(help="Retainer option, e.g. 8000/month.")] = None,
    pilot: Annotated[
        str | None, typer.Option(help="Pilot option fee (with --weeks, --deliverable).")
    ] = None,
    weeks: Annotated[int | None, typer.Option(help="Pilot length in weeks.")] = None,
    deliverable: Annotated[str, typer.Option(help="The pilot's one deliverable.")] = "",
    day_rate: Annotated[str | None, typer.Option(help="Day-rate option.")] = None,
    project_fee: Annotated[str | None, typer.Option(help="Project-fee option.")] = None,
    days_per_week: Annotated[str | None, typer.Option(help="Days a week included.")] = None,
    hours_per_week: Annotated[str | None, typer.Option(help="Hours a week included.")] = None,
    responsibilities: Annotated[str, typer.Option(help="What you are responsible for.")] = "",
    exclusions: Annotated[str, typer.Option(help="What you are not.")] = "",
    change_policy: Annotated[str, typer.Option(help="What happens when scope expands.")] = "",
    ending: Annotated[str, typer.Option(help="How the engagement ends.")] = "",
    terms: Annotated[str, typer.Option(help="Payment and other terms.")] = "",
    story: Annotated[list[int] | None, typer.Option(help="Proof story id (repeatable).")] = None,
    title: Annotated[str, typer.Option(help="Title (default from the opportunity).")] = "",
) -> None:
    """Create a proposal with one or more pricing options.

    Example: fracos proposal create 2 --pilot 6000 --weeks 6 --deliverable "Team assessment" --retainer 8000/month --days-per-week 2 --story 1 --story 3
    """
    actor = local_actor()
    from fracos.cli.engagements import _per_month
    from fracos.pipeline.services import ProposalOption, proposal_create

    options = []
    if pilot:
        options.append(
            ProposalOption(
                f"Pilot: {deliverable or 'one deliverable'}",
                "pilot",
                parse_amount(pilot, field="pilot"),
                weeks,
                deliverable,
            )
        )
    if retainer:
        options.append(
            ProposalOption("Monthly retainer", "retainer", _per_month(retainer, "retainer"))
        )
    if day_rate:
        options.append(
            ProposalOption("Day rate", "day_rate", parse_amount(day_rate, field="day_rate"))
        )
    if project_fee:
        options.append(
            ProposalOption("Project", "project", parse_amount(project_fee, field="project_fee"))
        )
    proposal = proposal_create(
        actor,
        opportunity,
        options=options,
        title=title,
        days_per_week=Decimal(parse_amount(days_per_week)) if days_per_week else None,
        hours_per_week=Decimal(parse_amount(hours_per_week)) if hours_per_week else None,
        responsibilities=responsibilities,
        exclusions=exclusions,
        change_policy=change_policy,
        ending_terms=ending,
        terms=terms,
        story_ids=tuple(story or ()),
    )
    success(
        f"Created proposal #{proposal.pk} “{proposal.title}” with {len(options)} option(s). "
        f"Next: fracos proposal pdf {proposal.pk} -o proposal.pdf"
    )


@app.command("list")
def list_(
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """List proposals.

    Example: fracos proposal list
    """
    actor = local_actor()
    from fracos.pipeline.models import Proposal

    actor.require_staff()
    rows = [
        {
            "id": p.pk,
            "title": p.title,
            "organisation": p.opportunity.organisation,
            "options": len(p.options),
            "status": p.status,
            "engagement": p.engagement_id,
        }
        for p in Proposal.objects.filter(practice_id=actor.practice_id).select_related(
            "opportunity"
        )
    ]
    emit(
        rows,
        [
            ("id", "#"),
            ("title", "Title"),
            ("organisation", "Organisation"),
            ("options", "Options"),
            ("status", "Status"),
            ("engagement", "Engagement"),
        ],
        format,
        title="Proposals",
    )


def _write(output: Path | None, data: bytes | str) -> None:
    if output is None:
        typer.echo(data if isinstance(data, str) else data.decode(), nl=False)
        return
    write_output(output, data if isinstance(data, bytes) else data.encode())
    success(f"Wrote {output}.")


@app.command("markdown")
def markdown(
    proposal: Annotated[int, typer.Argument(help="Proposal id.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (default: stdout).")
    ] = None,
) -> None:
    """The proposal as Markdown.

    Example: fracos proposal markdown 1 -o proposal.md
    """
    actor = local_actor()
    from fracos.pipeline.documents import proposal_markdown
    from fracos.pipeline.services import proposal_get

    _write(output, proposal_markdown(actor, proposal_get(actor, proposal)))


@app.command("pdf")
def pdf(
    proposal: Annotated[int, typer.Argument(help="Proposal id.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file to write.")],
) -> None:
    """The proposal as a PDF.

    Example: fracos proposal pdf 1 -o proposal.pdf
    """
    actor = local_actor()
    from fracos.pipeline.documents import markdown_pdf, proposal_markdown
    from fracos.pipeline.services import proposal_get

    found = proposal_get(actor, proposal)
    _write(output, markdown_pdf(proposal_markdown(actor, found, for_html=True), found.title))


@app.command("send")
def send(proposal: Annotated[int, typer.Argument(help="Proposal id.")]) -> None:
    """Mark a proposal as sent (moves the opportunity to pilot/retainer proposed).

    Example: fracos proposal send 1
    """
    actor = local_actor()
    from fracos.pipeline.services import proposal_send

    proposal_send(actor, proposal)
    success(f"Proposal #{proposal} is sent.")


@app.command("accept")
def accept(
    proposal: Annotated[int, typer.Argument(help="Proposal id.")],
    option: Annotated[int, typer.Option(help="Which pricing option (1, 2, …).")] = 1,
    start: Annotated[str | None, typer.Option(help="Start date YYYY-MM-DD.")] = None,
) -> None:
    """The client accepted: create the engagement with the proposal's scope.

    Example: fracos proposal accept 1 --option 2 --start 2027-01-04
    """
    actor = local_actor()
    from fracos.pipeline.services import proposal_accept

    engagement = proposal_accept(
        actor,
        proposal,
        option=option,
        start=clock.parse_date(start, field="start") if start else None,
    )
    success(
        f"Created engagement #{engagement.pk}: {engagement.role_title} at "
        f"{engagement.client.name} from {engagement.start_date}."
    )


def scope(
    engagement: Annotated[int, typer.Argument(help="Engagement id.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (.pdf for a PDF).")
    ] = None,
) -> None:
    """The engagement's scope of work as Markdown, or a PDF when the file ends in .pdf.

    Example: fracos engagement scope 1 -o scope.pdf
    """
    actor = local_actor()
    from fracos.engagements.selectors import engagement_get
    from fracos.pipeline.documents import markdown_pdf, scope_markdown

    found = engagement_get(actor, engagement)
    if output is not None and output.suffix.lower() == ".pdf":
        _write(
            output,
            markdown_pdf(scope_markdown(actor, found, for_html=True), f"Scope of work: {found}"),
        )
    else:
        _write(output, scope_markdown(actor, found))


@template_app.command("show")
def template_show(kind: Annotated[str, typer.Argument(help="proposal or scope")]) -> None:
    """Print a template (yours, or the default).

    Example: fracos template show proposal > proposal.md
    """
    actor = local_actor()
    from fracos.pipeline.documents import template_body

    typer.echo(template_body(actor, kind), nl=False)


@template_app.command("set")
def template_set_cmd(
    kind: Annotated[str, typer.Argument(help="proposal or scope")],
    file: Annotated[Path, typer.Argument(help="Markdown with Django template tags.")],
) -> None:
    """Use your own template (see `fracos template show` for the fields).

    Example: fracos template set proposal my-proposal.md
    """
    actor = local_actor()
    from fracos.pipeline.services import template_set

    try:
        body = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed(f"file: cannot read {file}: {exc}") from None
    template_set(actor, kind, body)
    success(f"Your {kind} template is saved.")


@template_app.command("reset")
def template_reset_cmd(kind: Annotated[str, typer.Argument(help="proposal or scope")]) -> None:
    """Go back to the default template.

    Example: fracos template reset proposal
    """
    actor = local_actor()
    from fracos.pipeline.services import template_reset

    template_reset(actor, kind)
    success(f"The {kind} template is back to the default.")
