"""Winning clients: positioning, proof stories, the warm network, the pipeline and pilots."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from fracos.cli.common import Format, console, emit, emit_record, local_actor, success
from fracos.cli.plain import dump_json
from fracos.core import clock
from fracos.core.errors import ValidationFailed
from fracos.core.money import from_minor, parse_amount

positioning_app = typer.Typer(
    help="Your four-part positioning statement and its check.", no_args_is_help=True
)
proof_app = typer.Typer(
    help="Proof stories: situation, actions, measurable result.", no_args_is_help=True
)
network_app = typer.Typer(
    help="The warm network: contacts, the top 20, outreach.", no_args_is_help=True
)
opportunity_app = typer.Typer(
    help="Opportunities moving through the pipeline's stages.", no_args_is_help=True
)
pilot_app = typer.Typer(
    help="Pilots: start, convert into a retainer, or close.", no_args_is_help=True
)
thought_app = typer.Typer(
    help="Thought leadership: posts, articles, talks, panels.", no_args_is_help=True
)

FormatOption = Annotated[Format, typer.Option(help="table, csv or json")]


def _date(text: str | None, field: str) -> Any:
    return clock.parse_date(text, field=field) if text else None


def _findings_table(findings: list[Any], fmt: Format, title: str) -> None:
    rows = [
        {"rule": f.rule, "ok": f.ok, "finding": f.message, "advice": "" if f.ok else f.advice}
        for f in findings
    ]
    emit(
        rows,
        [("ok", "OK"), ("rule", "Rule"), ("finding", "Finding"), ("advice", "What to do")],
        fmt,
        title=title,
    )


# -- positioning ---------------------------------------------------------------------------


@positioning_app.command("show")
def positioning_show(format: FormatOption = Format.table) -> None:
    """Show the current positioning statement.

    Example: fracos positioning show
    """
    actor = local_actor()
    from fracos.pipeline.selectors import positioning_current

    current = positioning_current(actor)
    if current is None:
        raise ValidationFailed("no positioning yet: write one with `fracos positioning edit`")
    emit_record(
        {
            "who you serve": current.who,
            "what you do": current.what,
            "how you are different": current.different,
            "the outcome": current.outcome,
            "since": current.created_at.date(),
        },
        format,
        title="Positioning",
    )


@positioning_app.command("edit")
def positioning_edit(
    who: Annotated[
        str | None, typer.Option(help="Who you serve: size, stage, industry, situation.")
    ] = None,
    what: Annotated[str | None, typer.Option(help="What you do.")] = None,
    different: Annotated[str | None, typer.Option(help="How you are different.")] = None,
    outcome: Annotated[
        str | None, typer.Option(help="The outcome a client has at the end.")
    ] = None,
) -> None:
    """Write a new version of the statement (parts you leave out are kept; no options opens $EDITOR).

    Example: fracos positioning edit --who "Series A B2B SaaS scale-ups of 20-150 people without a CTO" --outcome "a senior team of 8 hired within 6 months"
    """
    actor = local_actor()
    from fracos.pipeline.selectors import positioning_current, positioning_findings
    from fracos.pipeline.services import positioning_save

    current = positioning_current(actor)
    parts = {"who": who, "what": what, "different": different, "outcome": outcome}
    if all(v is None for v in parts.values()):
        parts = _edit_in_editor(current)
    previous = {k: getattr(current, k) if current else "" for k in parts}
    merged = {k: v if v is not None else previous[k] for k, v in parts.items()}
    saved = positioning_save(actor, **merged)
    failing = [f for f in positioning_findings(saved) if not f.ok]
    success(
        f"Saved the positioning ({len(failing)} of 8 specificity rules still to meet; "
        "see `fracos positioning check`)."
    )


def _edit_in_editor(current: Any) -> dict[str, str | None]:
    template = "\n".join(
        f"## {label}\n{getattr(current, key) if current else ''}\n"
        for key, label in (
            ("who", "who"),
            ("what", "what"),
            ("different", "different"),
            ("outcome", "outcome"),
        )
    )
    import click

    edited = click.edit(template)
    if edited is None:
        raise ValidationFailed("positioning: nothing saved (the editor was closed unchanged)")
    parts: dict[str, str | None] = {}
    key = None
    for line in edited.splitlines():
        if line.startswith("## "):
            key = line[3:].strip()
            parts[key] = ""
        elif key:
            parts[key] = ((parts[key] or "") + "\n" + line).strip()
    return {k: parts.get(k) for k in ("who", "what", "different", "outcome")}


@positioning_app.command("check")
def positioning_check(format: FormatOption = Format.table) -> None:
    """Check the statement for what makes it generic, and say what to add.

    Example: fracos positioning check
    """
    actor = local_actor()
    from fracos.pipeline.selectors import positioning_current, positioning_findings

    current = positioning_current(actor)
    if current is None:
        raise ValidationFailed("no positioning yet: write one with `fracos positioning edit`")
    findings = positioning_findings(current)
    _findings_table(findings, format, "Positioning check")
    if format == Format.table:
        passed = sum(f.ok for f in findings)
        console().print(
            f"{passed} of {len(findings)} rules met. "
            "Specific beats broad: the playbook's positioning names who, what, "
            "how you differ and a measurable outcome."
        )


@positioning_app.command("history")
def positioning_history_cmd(format: FormatOption = Format.table) -> None:
    """Every version of the statement, newest first.

    Example: fracos positioning history --format json
    """
    actor = local_actor()
    from fracos.pipeline.selectors import positioning_history

    emit(
        [
            {
                "since": p.created_at.date(),
                "who": p.who,
                "what": p.what,
                "different": p.different,
                "outcome": p.outcome,
            }
            for p in positioning_history(actor)
        ],
        [("since", "Since"), ("who", "Who"), ("what", "What"), ("outcome", "Outcome")],
        format,
        title="Positioning history",
    )


# -- proof stories -------------------------------------------------------------------------


@proof_app.command("add")
def proof_add(
    title: Annotated[str, typer.Option(help="A short name for the story.")],
    situation: Annotated[str, typer.Option(help="Where things stood.")],
    actions: Annotated[str, typer.Option(help="What you did.")],
    result: Annotated[str, typer.Option(help="The measurable result.")],
    client_tags: Annotated[str, typer.Option(help="Kind of client, e.g. saas,series-a.")] = "",
    problem_tags: Annotated[
        str, typer.Option(help="Kind of problem, e.g. hiring,cloud-costs.")
    ] = "",
) -> None:
    """Add a proof story (the playbook asks for 3 to 5).

    Example: fracos proof add --title "Cloud bill" --situation "AWS costs doubled in a year" --actions "Rightsized, reserved, killed idle envs" --result "Cut cloud costs by 38 % in 3 months"
    """
    actor = local_actor()
    from fracos.pipeline.selectors import story_finding
    from fracos.pipeline.services import story_add

    story = story_add(
        actor,
        title=title,
        situation=situation,
        actions=actions,
        result=result,
        client_tags=client_tags,
        problem_tags=problem_tags,
    )
    finding = story_finding(story)
    success(
        f"Added proof story #{story.pk} {story.title}."
        + ("" if finding.ok else f" Note: {finding.message}. {finding.advice}")
    )


@proof_app.command("list")
def proof_list(format: FormatOption = Format.table) -> None:
    """List proof stories with the proposals that used them.

    Example: fracos proof list
    """
    actor = local_actor()
    from fracos.pipeline.selectors import stories, story_finding

    emit(
        [
            {
                "id": s.pk,
                "title": s.title,
                "result": s.result,
                "measurable": story_finding(s).ok,
                "client_tags": s.client_tags,
                "problem_tags": s.problem_tags,
                "used_in": [o.pk for o in s.opportunities.all()],
            }
            for s in stories(actor)
        ],
        [
            ("id", "#"),
            ("title", "Title"),
            ("result", "Result"),
            ("measurable", "Measurable"),
            ("client_tags", "Clients"),
            ("problem_tags", "Problems"),
            ("used_in", "Used in"),
        ],
        format,
        title="Proof stories",
    )


@proof_app.command("check")
def proof_check(format: FormatOption = Format.table) -> None:
    """Check every story has a measurable result, and that you have 3 to 5.

    Example: fracos proof check
    """
    actor = local_actor()
    from fracos.pipeline.selectors import stories, story_finding

    items = stories(actor)
    emit(
        [
            {
                "id": s.pk,
                "title": s.title,
                "ok": story_finding(s).ok,
                "finding": story_finding(s).message,
                "advice": "" if story_finding(s).ok else story_finding(s).advice,
            }
            for s in items
        ],
        [
            ("ok", "OK"),
            ("id", "#"),
            ("title", "Story"),
            ("finding", "Finding"),
            ("advice", "What to do"),
        ],
        format,
        title="Proof check",
    )
    if format == Format.table:
        console().print(
            f"{len(items)} stories; the playbook asks for 3 to 5, each with a "
            "situation, actions and a measurable result."
        )


# -- warm network --------------------------------------------------------------------------


@network_app.command("add")
def network_add(
    name: Annotated[str, typer.Argument(help="The person's name.")],
    org: Annotated[str, typer.Option("--org", help="Their organisation.")] = "",
    role: Annotated[str, typer.Option(help="Their role.")] = "",
    email: Annotated[str, typer.Option(help="Email.")] = "",
    how: Annotated[str, typer.Option("--how", help="How you know them.")] = "",
    warmth: Annotated[str, typer.Option(help="cold, warm or hot.")] = "warm",
    fits: Annotated[
        bool, typer.Option("--fits", help="Their organisation fits your target profile.")
    ] = False,
    top: Annotated[bool, typer.Option("--top", help="Put them on the top-20 list.")] = False,
) -> None:
    """Add a contact to the warm network.

    Example: fracos network add "Jan Peeters" --org "Acme Logistics" --role COO --how "ex-colleague" --warmth hot --fits --top
    """
    actor = local_actor()
    from fracos.pipeline.services import contact_add

    contact = contact_add(
        actor,
        name=name,
        organisation=org,
        role=role,
        email=email,
        how_known=how,
        warmth=warmth,
        fits_profile=fits,
        top=top,
    )
    success(f"Added contact #{contact.pk} {contact.name}" + (" to the top list." if top else "."))


@network_app.command("list")
def network_list(
    top: Annotated[bool, typer.Option("--top", help="Only the top list.")] = False,
    format: FormatOption = Format.table,
) -> None:
    """List the warm network (the top list first).

    Example: fracos network list --top
    """
    actor = local_actor()
    from fracos.pipeline.selectors import contacts

    rows = [
        {
            "id": c.pk,
            "name": c.name,
            "organisation": c.organisation,
            "role": c.role,
            "email": c.email,
            "how_known": c.how_known,
            "warmth": c.get_warmth_display(),
            "fits_profile": c.fits_profile,
            "top": c.top,
        }
        for c in contacts(actor, top_only=top).order_by("-top", "-warmth", "name")
    ]
    emit(
        rows,
        [
            ("id", "#"),
            ("name", "Name"),
            ("organisation", "Organisation"),
            ("role", "Role"),
            ("warmth", "Warmth"),
            ("fits_profile", "Fits"),
            ("top", "Top"),
        ],
        format,
        title="Warm network",
    )


@network_app.command("top")
def network_top(
    contact: Annotated[str, typer.Argument(help="Name prefix or #id.")],
    off: Annotated[bool, typer.Option("--off", help="Take them off the top list.")] = False,
) -> None:
    """Put a contact on (or off) the top-20 list.

    Example: fracos network top "jan p"
    """
    actor = local_actor()
    from fracos.pipeline.selectors import contact_find
    from fracos.pipeline.services import contact_set_top

    found = contact_find(actor, contact)
    contact_set_top(actor, found.pk, top=not off)
    success(f"{found.name} is {'off' if off else 'on'} the top list.")


@network_app.command("import")
def network_import(
    file: Annotated[Path, typer.Argument(help="CSV file, e.g. LinkedIn's Connections.csv.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing.")] = False,
) -> None:
    """Import contacts from a CSV (First Name, Last Name, Email Address, Company, Position, Connected On).

    Example: fracos network import Connections.csv --dry-run
    """
    actor = local_actor()
    from fracos.pipeline.services import contacts_import

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed(f"file: cannot read {file}: {exc}") from None
    report = contacts_import(actor, text, dry_run=dry_run)
    if report.bad:
        for bad in report.bad:
            sys.stderr.write(f"line {bad.line}: {bad.reason}\n")
        raise ValidationFailed(
            f"{len(report.bad)} bad row(s) in {file}; nothing imported"
            + ("" if dry_run else " (fix them, or check with --dry-run)")
        )
    verb = "Would import" if dry_run else "Imported"
    success(f"{verb} {report.added} contact(s); {report.skipped_existing} already known.")


@network_app.command("log")
def network_log(
    contact: Annotated[str, typer.Argument(help="Name prefix or #id.")],
    summary: Annotated[str, typer.Argument(help="What was said.")],
    channel: Annotated[
        str, typer.Option(help="email, call, meeting, linkedin, event, other")
    ] = "email",
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")] = None,
    next_step: Annotated[str, typer.Option("--next", help="The next step.")] = "",
    next_on: Annotated[str | None, typer.Option("--next-on", help="When (YYYY-MM-DD).")] = None,
) -> None:
    """Log a conversation with a contact and the next step.

    Example: fracos network log jan "Coffee; they struggle with hiring" --channel meeting --next "Send pilot outline" --next-on 2026-11-25
    """
    actor = local_actor()
    from fracos.pipeline.selectors import contact_find
    from fracos.pipeline.services import outreach_log

    found = contact_find(actor, contact)
    outreach_log(
        actor,
        found.pk,
        summary=summary,
        channel=channel,
        on=_date(date, "date"),
        next_step=next_step,
        next_step_on=_date(next_on, "next_on"),
    )
    success(f"Logged a {channel} with {found.name}.")


# -- pipeline ------------------------------------------------------------------------------


def pipeline(format: FormatOption = Format.table) -> None:
    """The pipeline board: opportunities by stage with weighted monthly value.

    Example: fracos pipeline --format json
    """
    actor = local_actor()
    from fracos.pipeline.selectors import board
    from fracos.practice.selectors import practice_for

    rules = practice_for(actor).rules
    columns = board(actor)
    if format == Format.json:
        dump_json(
            [
                {
                    "stage": c.stage.value,
                    "weighted": {k: str(v) for k, v in c.weighted.items()},
                    "opportunities": [_opportunity_record(o, rules) for o in c.cards],
                }
                for c in columns
            ]
        )
        return
    rows = [
        {**_opportunity_record(o, rules), "stage": c.stage.label} for c in columns for o in c.cards
    ]
    emit(
        rows,
        [
            ("id", "#"),
            ("stage", "Stage"),
            ("title", "Opportunity"),
            ("organisation", "Organisation"),
            ("value", "Monthly value"),
            ("probability", "Prob."),
            ("weighted", "Weighted"),
            ("next_step", "Next step"),
            ("next_step_on", "When"),
        ],
        format,
        title="Pipeline",
        right=("value", "probability", "weighted"),
    )


def _opportunity_record(o: Any, rules: Any) -> dict[str, Any]:
    from fracos.pipeline.selectors import probability, weighted_value

    return {
        "id": o.pk,
        "title": o.title,
        "organisation": o.organisation,
        "stage": o.stage,
        "value": f"{from_minor(o.monthly_value_minor, o.currency)} {o.currency}",
        "probability": f"{probability(o, rules.stage_probabilities)}%",
        "weighted": f"{weighted_value(o, rules.stage_probabilities)} {o.currency}",
        "expected_start": o.expected_start,
        "next_step": o.next_step,
        "next_step_on": o.next_step_on,
        "lost_reason": o.lost_reason,
    }


@opportunity_app.command("add")
def opportunity_add_cmd(
    title: Annotated[str, typer.Argument(help='e.g. "Fractional CTO".')],
    org: Annotated[str, typer.Option("--org", help="The organisation.")] = "",
    value: Annotated[str, typer.Option(help="Estimated monthly value.")] = "0",
    stage: Annotated[
        str,
        typer.Option(help="identified, contacted, conversation, pilot_proposed, retainer_proposed"),
    ] = "identified",
    contact: Annotated[
        str | None, typer.Option(help="Warm-network contact (prefix or #id).")
    ] = None,
    expected_start: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    next_step: Annotated[str, typer.Option("--next", help="The next step.")] = "",
    next_on: Annotated[str | None, typer.Option("--next-on", help="When (YYYY-MM-DD).")] = None,
    currency: Annotated[str | None, typer.Option(help="Default: the practice's.")] = None,
) -> None:
    """Add an opportunity.

    Example: fracos opportunity add "Fractional CTO" --org "Zeta Robotics" --value 8000 --stage conversation --next "Send pilot outline" --next-on 2026-11-25
    """
    actor = local_actor()
    from fracos.pipeline.selectors import contact_find
    from fracos.pipeline.services import opportunity_add

    contact_id = contact_find(actor, contact).pk if contact else None
    created = opportunity_add(
        actor,
        title=title,
        organisation=org,
        contact_id=contact_id,
        monthly_value=parse_amount(value, field="value"),
        stage=stage,
        currency=currency,
        expected_start=_date(expected_start, "expected_start"),
        next_step=next_step,
        next_step_on=_date(next_on, "next_on"),
    )
    success(f"Added opportunity #{created.pk} {created}.")


@opportunity_app.command("move")
def opportunity_move_cmd(
    opportunity: Annotated[int, typer.Argument(help="Opportunity id.")],
    stage: Annotated[str, typer.Argument(help="The new stage.")],
    reason: Annotated[str, typer.Option(help="Why it was lost.")] = "",
    value: Annotated[str | None, typer.Option(help="Monthly value (required to win).")] = None,
) -> None:
    """Move an opportunity to another stage.

    Example: fracos opportunity move 3 retainer_proposed
    """
    actor = local_actor()
    from fracos.pipeline.services import opportunity_move

    moved = opportunity_move(
        actor,
        opportunity,
        stage,
        reason=reason,
        monthly_value=parse_amount(value, field="value") if value else None,
    )
    success(f"#{moved.pk} {moved.title} is now {moved.get_stage_display().lower()}.")


@opportunity_app.command("story")
def opportunity_story(
    opportunity: Annotated[int, typer.Argument(help="Opportunity id.")],
    story: Annotated[int, typer.Argument(help="Proof story id.")],
) -> None:
    """Use a proof story for an opportunity's proposal.

    Example: fracos opportunity story 3 1
    """
    actor = local_actor()
    from fracos.pipeline.services import opportunity_attach_story

    opportunity_attach_story(actor, opportunity, story)
    success(f"Story #{story} is used for opportunity #{opportunity}.")


@pilot_app.command("start")
def pilot_start_cmd(
    opportunity: Annotated[int, typer.Argument(help="Opportunity id.")],
    fee: Annotated[str, typer.Option(help="The pilot's fixed fee.")],
    weeks: Annotated[int, typer.Option(help="Length (the playbook says 4–8).")],
    deliverable: Annotated[str, typer.Option(help="The one tangible deliverable.")],
    start: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default today).")] = None,
    days: Annotated[str | None, typer.Option(help="Dedicated weekdays, e.g. wed.")] = None,
) -> None:
    """Start a pilot for an opportunity: it becomes a pilot engagement.

    Example: fracos pilot start 3 --fee 6000 --weeks 6 --deliverable "Technology and team assessment"
    """
    actor = local_actor()
    from fracos.pipeline.services import pilot_start

    offer = pilot_start(
        actor,
        opportunity,
        fee=parse_amount(fee, field="fee"),
        weeks=weeks,
        deliverable=deliverable,
        start=_date(start, "start"),
        dedicated_days=clock.parse_weekdays(days) if days else (),
    )
    e = offer.engagement
    note = f", {offer.discount_pct}% below the retainer" if offer.discount_pct is not None else ""
    success(
        f"Pilot #{e.pk} started: {e.fee} {e.currency} over {e.pilot_weeks} weeks "
        f"(≈ {offer.monthly_equivalent} {e.currency}/month{note}); ends {e.end_date}."
    )
    for warning in offer.warnings:
        console().print(f"[yellow]Warning:[/yellow] {warning}")


@pilot_app.command("convert")
def pilot_convert_cmd(
    engagement: Annotated[int, typer.Argument(help="The pilot engagement's id.")],
    retainer: Annotated[str, typer.Option(help="Monthly retainer, e.g. 8000/month.")],
    days_per_week: Annotated[str | None, typer.Option(help="Committed days per week.")] = None,
    hours_per_week: Annotated[str | None, typer.Option(help="Committed hours per week.")] = None,
    start: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD (default: day after the pilot).")
    ] = None,
) -> None:
    """Convert a pilot into a retainer engagement (client, scope and history carry over).

    Example: fracos pilot convert 3 --retainer 8000/month --days-per-week 2
    """
    actor = local_actor()
    from fracos.cli.engagements import _per_month
    from fracos.pipeline.services import pilot_convert

    created = pilot_convert(
        actor,
        engagement,
        fee=_per_month(retainer, "retainer"),
        start=_date(start, "start"),
        days_per_week=parse_amount(days_per_week) if days_per_week else None,
        hours_per_week=parse_amount(hours_per_week) if hours_per_week else None,
    )
    success(f"Pilot #{engagement} converted into retainer #{created.pk} from {created.start_date}.")


@pilot_app.command("close")
def pilot_close_cmd(
    engagement: Annotated[int, typer.Argument(help="The pilot engagement's id.")],
    reason: Annotated[str, typer.Option(help="Why it did not convert.")],
) -> None:
    """Close a pilot that does not convert.

    Example: fracos pilot close 3 --reason "Budget frozen until Q3"
    """
    actor = local_actor()
    from fracos.pipeline.services import pilot_close

    pilot_close(actor, engagement, reason=reason)
    success(f"Pilot #{engagement} closed: {reason}.")


@pilot_app.command("stats")
def pilot_stats_cmd(format: FormatOption = Format.table) -> None:
    """Conversion rate and time to convert of your pilots.

    Example: fracos pilot stats --format json
    """
    actor = local_actor()
    from fracos.pipeline.selectors import pilot_stats

    stats = pilot_stats(actor)
    rate = stats.conversion_rate
    emit_record(
        {
            "pilots": stats.pilots,
            "converted": stats.converted,
            "closed": stats.closed,
            "running": stats.running,
            "conversion_rate_pct": None if rate is None else f"{rate:.0f}",
            "average_days_to_convert": None
            if stats.average_days_to_convert is None
            else f"{stats.average_days_to_convert:.0f}",
        },
        format,
        title="Pilots",
    )


@thought_app.command("add")
def thought_add_cmd(
    kind: Annotated[str, typer.Argument(help="post, article, talk, panel, podcast, newsletter")],
    title: Annotated[str, typer.Argument(help="Title.")],
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")] = None,
    url: Annotated[str, typer.Option(help="Link.")] = "",
) -> None:
    """Record a thought-leadership activity.

    Example: fracos thought add article "Engineering metrics that boards understand" --url https://example.com/post
    """
    actor = local_actor()
    from fracos.pipeline.services import thought_add

    item = thought_add(actor, kind=kind, title=title, on=_date(date, "date"), url=url)
    success(f"Recorded {item.kind} “{item.title}” on {item.on}.")


@thought_app.command("list")
def thought_list_cmd(format: FormatOption = Format.table) -> None:
    """Thought-leadership activities and whether one is due.

    Example: fracos thought list
    """
    actor = local_actor()
    from fracos.pipeline.selectors import thought_leadership, thought_leadership_due
    from fracos.practice.selectors import practice_for

    practice = practice_for(actor)
    emit(
        [
            {"on": t.on, "kind": t.kind, "title": t.title, "url": t.url}
            for t in thought_leadership(actor)
        ],
        [("on", "Date"), ("kind", "Kind"), ("title", "Title"), ("url", "Link")],
        format,
        title="Thought leadership",
    )
    if format == Format.table:
        due, last = thought_leadership_due(actor, clock.today(practice.timezone))
        interval = practice.rules.thought_leadership_interval_days
        console().print(
            ("Due: " if due else "Done: ")
            + f"one light activity every {interval} days"
            + (f"; the last was on {last}." if last else "; none recorded yet.")
        )
