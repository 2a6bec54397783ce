"""`fracos demo`: a realistic fractional-CTO practice with a year of history."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any

import typer

from fracos.cli.common import boot, console

NOTES = {
    "Acme Logistics": [
        "Architecture review of the routing service",
        "1:1 with the engineering leads",
        "Hiring loop: senior backend engineer",
        "Board prep: technology update",
        "Incident review and follow-ups",
        "Roadmap planning with the CPO",
        "Cloud cost review",
        "Mentoring the team lead on delivery metrics",
        "Vendor evaluation: warehouse management system",
        "Security posture review",
    ],
    "Brightwave Health": [
        "Data platform architecture session",
        "Compliance workshop (MDR, ISO 27001)",
        "Interviewing a head of engineering",
        "Reviewing the migration plan",
        "Team health check with the leads",
        "Budget review for next year",
    ],
    "Cobalt Fintech": [
        "Assessment interviews with the developers",
        "Codebase and delivery pipeline review",
        "Assessment: infrastructure and security",
        "Drafting the assessment report",
        "Founder debrief on early findings",
    ],
    "Delta Retail": [
        "E-commerce replatforming review",
        "Defining the CTO job profile",
        "Interviewing CTO candidates",
        "Handover notes for the new CTO",
        "Weekly sync with the leadership team",
    ],
}
BD_NOTES = [
    "Coffee with a former colleague (now COO at a scale-up)",
    "Follow-up emails to the warm list",
    "Writing this month's article on engineering metrics",
    "Intro call via a VC partner",
    "Preparing a pilot proposal",
    "Panel prep: scaling engineering teams",
]
# The demo practice's logo: a "PT" monogram drawn with strokes, so it needs no font.
DEMO_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 80" width="240" height="80">'
    b'<rect x="2" y="2" width="76" height="76" rx="14" fill="#1d4e89"/>'
    b'<path d="M20 62V18h16a11 11 0 0 1 0 22H20" fill="none" stroke="#fff" stroke-width="7" '
    b'stroke-linejoin="round"/>'
    b'<path d="M40 18h22M51 18v44" fill="none" stroke="#f2b134" stroke-width="7"/>'
    b'<path d="M96 52V28h7a6 6 0 0 1 0 12h-7M114 28h14M121 28v24" fill="none" '
    b'stroke="#1d4e89" stroke-width="4"/>'
    b'<rect x="96" y="60" width="130" height="3" fill="#f2b134"/>'
    b"</svg>"
)
ADMIN_NOTES = ["Invoicing and bookkeeping", "Contract review", "Planning next week"]


@dataclass(frozen=True)
class DemoEngagement:
    client: dict[str, Any]
    values: dict[str, Any]
    months_ago: int
    ends_months_ago: int | None = None
    weeks_ago: int | None = None
    pilot_first: dict[str, Any] | None = None  # a pilot that converted into this engagement


def _plan(today: date) -> list[DemoEngagement]:
    return [
        DemoEngagement(
            client={
                "name": "Acme Logistics",
                "legal_name": "Acme Logistics NV",
                "country": "BE",
                "vat_number": "BE0765432146",
                "size": "51-200",
                "stage": "scaleup",
                "industry": "logistics",
                "street": "Havenlaan 12",
                "postcode": "1000",
                "city": "Brussels",
                "billing_email": "finance@acme-logistics.example",
                "payment_terms_days": 30,
            },
            values={
                "role_title": "Fractional CTO",
                "pricing_model": "retainer",
                "fee": Decimal("8000"),
                "days_per_week": Decimal("2"),
                "dedicated_days": ("mon", "tue"),
                "overage_policy": "bill",
                "overage_rate": Decimal("150"),
                "responsibilities": "Technology strategy and roadmap; architecture "
                "review; engineering hiring; mentoring the two team leads; representing "
                "technology at the board.",
                "exclusions": "Hands-on coding; on-call duty; vendor contract negotiation.",
                "change_policy": "Work beyond 2 days a week is agreed in writing first and "
                "billed at 150 EUR an hour.",
                "ending_terms": "30 days' notice by either side; a written handover.",
            },
            months_ago=10,
        ),
        DemoEngagement(
            client={
                "name": "Brightwave Health",
                "legal_name": "Brightwave Health B.V.",
                "country": "NL",
                "vat_number": "NL004495445B01",
                "size": "11-50",
                "stage": "series-a",
                "industry": "healthtech",
                "street": "Keizersgracht 1",
                "postcode": "1015 CJ",
                "city": "Amsterdam",
                "billing_email": "ap@brightwave.example",
            },
            values={
                "role_title": "Fractional CTO",
                "pricing_model": "day_rate",
                "day_rate": Decimal("1200"),
                "days_per_week": Decimal("1"),
                "dedicated_days": ("thu",),
                "responsibilities": "Data platform architecture; regulatory readiness; "
                "hiring a head of engineering.",
            },
            months_ago=7,
        ),
        DemoEngagement(
            client={
                "name": "Cobalt Fintech",
                "legal_name": "Cobalt Fintech BV",
                "country": "BE",
                "vat_number": "BE0812345603",
                "size": "11-50",
                "stage": "seed",
                "industry": "fintech",
                "city": "Ghent",
            },
            values={
                "role_title": "Fractional CTO (pilot)",
                "pricing_model": "pilot",
                "fee": Decimal("6000"),
                "pilot_weeks": 6,
                "pilot_deliverable": "Technology and team assessment",
                "hours_per_week": Decimal("8"),
                "dedicated_days": ("wed",),
            },
            months_ago=0,
            weeks_ago=3,
        ),
        DemoEngagement(
            client={
                "name": "Delta Retail",
                "legal_name": "Delta Retail GmbH",
                "country": "DE",
                "vat_number": "DE136695976",
                "size": "201-1000",
                "stage": "sme",
                "industry": "retail",
                "city": "Cologne",
            },
            values={
                "role_title": "Interim CTO",
                "pricing_model": "retainer",
                "fee": Decimal("6500"),
                "days_per_week": Decimal("1.5"),
                "dedicated_days": ("wed", "thu"),
            },
            months_ago=12,
            ends_months_ago=5,
            pilot_first={
                "fee": Decimal("5000"),
                "weeks": 6,
                "deliverable": "E-commerce platform assessment",
            },
        ),
    ]


def demo(
    force: Annotated[bool, typer.Option("--force", help="Replace an existing practice.")] = False,
    password: Annotated[str | None, typer.Option(help="Password for the demo sign-ins.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed for the history.")] = 7,
    port: Annotated[
        int,
        typer.Option(
            min=1, max=65535, help="The port `fracos serve` will use, for the sign-in address."
        ),
    ] = 8000,
) -> None:
    """Load a demo practice: a fractional CTO with three active clients and a year of history.

    Example: fracos demo --port 8001 && fracos serve --port 8001
    """
    boot()
    from django.db import transaction

    from fracos.core.errors import Conflict
    from fracos.practice.models import Practice

    if Practice.objects.exists() and not force:
        raise Conflict(
            "this data directory already holds a practice; use --force to replace "
            "it, or set FRACOS_DATA_DIR to another folder"
        )
    secret = password or secrets.token_urlsafe(9)
    with console().status("Loading the demo practice…"), transaction.atomic():
        if force:
            _wipe()
        logins = build_demo(secret, random.Random(seed))
    out = console()
    out.print(
        "[green]✓[/green] Demo practice loaded: Peeters Tech Leadership "
        "(a fractional CTO, 3 active clients, a year of history)."
    )
    out.print(f"Sign in at http://127.0.0.1:{port}/ with:")
    for email, role in logins:
        out.print(f"  {role:<28} {email}  password: {secret}")


def _wipe() -> None:
    from django.contrib.auth import get_user_model

    from fracos.billing.models import (
        BillingClaim,
        Invoice,
        InvoiceLine,
        NumberSeries,
        Payment,
        Reminder,
    )
    from fracos.practice.models import Practice
    from fracos.timesheets.models import TimeEntry, Timer

    # Issued invoices are never deleted by a service; the demo's wipe is the one exception.
    Payment.objects.all().delete()
    Reminder.objects.all().delete()
    BillingClaim.objects.all().delete()
    InvoiceLine.objects.all().delete()
    Invoice.objects.filter(credited_invoice__isnull=False).delete()
    Invoice.objects.all().delete()
    NumberSeries.objects.all().delete()
    Timer.objects.all().delete()
    TimeEntry.objects.all().delete()
    from fracos.engagements.models import Engagement

    Engagement.objects.all().delete()
    Practice.objects.all().delete()
    get_user_model().objects.all().delete()


def build_demo(password: str, rng: random.Random) -> list[tuple[str, str]]:
    """Create the demo through the same services every interface uses."""
    from fracos.clients.services import client_add, contact_add
    from fracos.core import clock
    from fracos.engagements.services import (
        deliverable_add,
        engagement_add,
        engagement_end,
        phase_add,
    )
    from fracos.practice.selectors import actor_for_member
    from fracos.practice.services import (
        member_add,
        playbook_update,
        practice_create,
        practice_logo_set,
        practice_update,
    )

    practice, owner = practice_create(
        name="Peeters Tech Leadership",
        currency="EUR",
        timezone="Europe/Brussels",
        country="BE",
        owner_email="lena@peeters.example",
        owner_password=password,
    )
    actor = actor_for_member(owner)
    practice_update(
        actor,
        legal_name="Peeters Tech Leadership BV",
        street="Rue de la Loi 42",
        postcode="1040",
        city="Brussels",
        vat_number="BE0812345603",
        enterprise_number="0812345603",
        iban="BE17001700431521",
        bic="GEBABEBB",
        email="lena@peeters.example",
    )
    practice_logo_set(actor, DEMO_LOGO)
    playbook_update(
        actor, {"full_time_salary": "150000", "cash_reserve": "60000", "monthly_costs": "7500"}
    )
    today = clock.today(practice.timezone)
    logins = [("lena@peeters.example", "Leader (owner)")]
    engagements = []
    for spec in _plan(today):
        client = client_add(actor, **spec.client)
        contact_add(
            actor,
            client.pk,
            name=f"CEO of {client.name}",
            email=f"ceo@{client.name.split()[0].lower()}.example",
            role="CEO",
        )
        start = clock.add_months(today.replace(day=1), -spec.months_ago)
        if spec.weeks_ago is not None:
            start = today - timedelta(weeks=spec.weeks_ago, days=today.weekday())
        values = dict(spec.values, start_date=start)
        if spec.months_ago >= 6 and spec.ends_months_ago is None:
            values["end_date"] = clock.add_months(start, 12) - timedelta(days=1)
        if spec.pilot_first:
            engagement = _converted_pilot(actor, client.pk, spec.pilot_first, values)
        else:
            engagement = engagement_add(actor, client_id=client.pk, **values)
        engagements.append((spec, engagement))
        if spec.ends_months_ago is None:
            email = f"portal@{client.name.split()[0].lower()}.example"
            member_add(actor, email=email, role="portal", password=password, client_id=client.pk)
            logins.append((email, f"Client portal ({client.name})"))
    acme = engagements[0][1]
    assess = phase_add(
        actor,
        acme.pk,
        name="Assessment",
        starts_on=acme.start_date,
        ends_on=acme.start_date + timedelta(weeks=6),
    )
    execution = phase_add(
        actor, acme.pk, name="Execution support", starts_on=acme.start_date + timedelta(weeks=6)
    )
    deliverable_add(
        actor,
        acme.pk,
        title="Technology and team assessment report",
        due_date=acme.start_date + timedelta(weeks=5),
        phase_id=assess.pk,
        done_on=acme.start_date + timedelta(weeks=5),
    )
    deliverable_add(
        actor,
        acme.pk,
        title="Target architecture for the routing platform",
        due_date=acme.start_date + timedelta(weeks=14),
        phase_id=execution.pk,
        done_on=acme.start_date + timedelta(weeks=15),
    )
    deliverable_add(
        actor,
        acme.pk,
        title="Hiring plan: two senior engineers",
        due_date=today + timedelta(days=20),
        phase_id=execution.pk,
    )
    _history(actor, engagements, today, rng)
    delta_spec, delta = engagements[3]
    engagement_end(
        actor,
        delta.pk,
        on=clock.add_months(today.replace(day=1), -(delta_spec.ends_months_ago or 0))
        - timedelta(days=1),
        reason="Hired a full-time CTO (we ran the search)",
    )
    from fracos.cli.demo_pipeline import build_pipeline_demo

    build_pipeline_demo(actor, today)
    from fracos.cli.demo_cadence import build_cadence_demo

    build_cadence_demo(actor, [e for _spec, e in engagements[:3]], today, practice.timezone)
    _invoices(actor, [e for _spec, e in engagements[:3]], today, practice.timezone, rng)
    return logins


def _at_evening(day: date, tz: str) -> Any:
    from fracos.core import clock

    return clock.start_of_day(day, tz) + timedelta(hours=17)


def _invoices(actor: Any, engagements: list[Any], today: date, tz: str, rng: random.Random) -> None:
    """Invoices as they would have been made: each month's at its end, the pilot's at its start.

    Most are paid two to four weeks later; Acme's invoice of two months ago is
    overdue and Brightwave's last one is partly paid.
    """
    from fracos.billing.selectors import invoice_get, open_minor
    from fracos.billing.services import (
        invoice_delete,
        invoice_draft,
        invoice_issue,
        payment_add,
    )
    from fracos.core import clock
    from fracos.core.money import from_minor

    acme, brightwave, cobalt = engagements
    this_month = clock.month_of(today)
    # Issued in date order, as the law wants numbers to follow dates.
    events = [
        (month.last_day, engagement, month)
        for engagement in (acme, brightwave)
        for month in clock.months_between(engagement.start_date, this_month.start)
        if month != this_month
    ]
    events.append((cobalt.start_date, cobalt, clock.month_of(cobalt.start_date)))
    issued: list[tuple[str, Any]] = []
    for day, engagement, month in sorted(events, key=lambda event: (event[0], event[1].pk)):
        with clock.freeze(_at_evening(day, tz)):
            draft = invoice_draft(actor, client_id=engagement.client_id, period=month)
            if not draft.lines.exists():  # a month with no days worked
                invoice_delete(actor, invoice_id=draft.pk)
                continue
            if engagement is not cobalt:
                issued.append((month.label, invoice_issue(actor, invoice_id=draft.pk)))
            else:
                invoice_issue(actor, invoice_id=draft.pk)
    last = clock.month_of(this_month.start - timedelta(days=1)).label
    two_ago = clock.add_months(this_month.start, -2).strftime("%Y-%m")
    for label, invoice in issued:
        is_acme = invoice.client_id == acme.client_id
        if is_acme and label in (last, two_ago):
            continue  # last month's is simply open; two months ago's is overdue
        paid_on = min(invoice.issue_date + timedelta(days=rng.randint(12, 28)), today)
        with clock.freeze(_at_evening(paid_on, tz)):
            owed = open_minor(invoice_get(actor, invoice.pk))
            if not is_acme and label == last:
                owed //= 2  # Brightwave paid half so far
            payment_add(
                actor,
                invoice_id=invoice.pk,
                amount=from_minor(owed, invoice.currency),
                on=paid_on,
                reference=invoice.payment_reference,
            )


def _converted_pilot(
    actor: Any, client_id: int, pilot: dict[str, Any], values: dict[str, Any]
) -> Any:
    """A pilot in the weeks before ``values['start_date']``, converted into that retainer."""
    from fracos.engagements.services import engagement_add
    from fracos.pipeline.services import pilot_convert

    start = values["start_date"]
    trial = engagement_add(
        actor,
        client_id=client_id,
        role_title=f"{values['role_title']} (pilot)",
        pricing_model="pilot",
        fee=pilot["fee"],
        pilot_weeks=pilot["weeks"],
        pilot_deliverable=pilot["deliverable"],
        hours_per_week=Decimal("10"),
        dedicated_days=values["dedicated_days"],
        start_date=start - timedelta(weeks=pilot["weeks"]),
    )
    return pilot_convert(
        actor,
        trial.pk,
        fee=values["fee"],
        start=start,
        days_per_week=values.get("days_per_week"),
        dedicated_days=values["dedicated_days"],
        role_title=values["role_title"],
    )


def _history(
    actor: Any, engagements: list[tuple[DemoEngagement, Any]], today: date, rng: random.Random
) -> None:
    """A year of plausible days: dedicated days for clients, Fridays for BD and admin."""
    from fracos.core import clock
    from fracos.timesheets.services import time_log

    first = today - timedelta(days=365)
    holidays = {clock.week_of(today - timedelta(days=d)).start for d in (120, 127, 330)}
    day = first
    while day <= today:
        if day.weekday() >= 5 or clock.week_of(day).start in holidays:
            day += timedelta(days=1)
            continue
        weekday = clock.WEEKDAYS[day.weekday()]
        for spec, engagement in engagements:
            end = _end_of(spec, engagement, today)
            if not (engagement.start_date <= day <= end):
                continue
            dedicated = weekday in engagement.weekdays
            if not dedicated and rng.random() > 0.12:
                continue  # occasional off-day work: a context switch
            blocks = rng.randint(2, 4) if dedicated else 1
            budget = rng.choice([6.5, 7, 7.5, 8, 8.5, 9]) if dedicated else 1
            for _ in range(blocks):
                hours = max(0.5, round(budget / blocks * rng.uniform(0.7, 1.3) * 2) / 2)
                time_log(
                    actor,
                    seconds=int(hours * 3600),
                    engagement_id=engagement.pk,
                    work_date=day,
                    note=rng.choice(NOTES[spec.client["name"]]),
                    source="demo",
                )
        if weekday == "fri":
            if rng.random() > 0.15:
                time_log(
                    actor,
                    seconds=int(rng.choice([2, 3, 3.5, 4]) * 3600),
                    kind="bd",
                    work_date=day,
                    note=rng.choice(BD_NOTES),
                    source="demo",
                )
            time_log(
                actor,
                seconds=3600,
                kind="admin",
                work_date=day,
                note=rng.choice(ADMIN_NOTES),
                source="demo",
            )
        day += timedelta(days=1)


def _end_of(spec: DemoEngagement, engagement: Any, today: date) -> date:
    from fracos.core import clock

    if spec.ends_months_ago is not None:
        return clock.add_months(today.replace(day=1), -spec.ends_months_ago) - timedelta(days=1)
    return min(engagement.end_date or today, today)
