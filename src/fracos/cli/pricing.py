"""`fracos rate` and `fracos offer compare`: pricing from a salary, and a full-time offer weighed."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from fracos.cli.common import Format, boot, console, emit, emit_record, local_actor
from fracos.core.money import parse_amount

offer_app = typer.Typer(
    help="Weigh a full-time offer against the practice's contracted income.",
    no_args_is_help=True,
)


def _practice_defaults() -> tuple[Any, str]:
    """The practice's playbook and currency, or the playbook defaults when there is none yet."""
    boot()
    from fracos.core.errors import NotFound
    from fracos.core.playbook import PlaybookSettings
    from fracos.practice.selectors import local_practice

    try:
        practice = local_practice()
    except NotFound:
        return PlaybookSettings(), "EUR"
    return practice.rules, practice.currency


def rate(
    salary: Annotated[str, typer.Option(help="Full-time-equivalent annual salary of the role.")],
    premium: Annotated[
        str | None, typer.Option(help="Premium over the salary's day cost, e.g. 50%.")
    ] = None,
    days: Annotated[
        int | None, typer.Option(help="Working days a year (default: the playbook's 250).")
    ] = None,
    currency: Annotated[
        str | None, typer.Option(help="ISO 4217 code (default: the practice's).")
    ] = None,
    days_per_week: Annotated[
        str | None, typer.Option(help="Committed days a week, for a monthly fee and the saving.")
    ] = None,
    format: Annotated[Format, typer.Option(help="table or json")] = Format.table,
) -> None:
    """Price a role from its full-time salary: day rate, range, retainers, hourly, client saving.

    Example: fracos rate --salary 150000 --premium 50% --days-per-week 2
    """
    from fracos.core.pricing import parse_percent, quote

    amount = parse_amount(salary, field="salary")
    pct = parse_percent(premium) if premium is not None else None
    per_week = parse_amount(days_per_week, field="days_per_week") if days_per_week else None
    rules, home = _practice_defaults()
    q = quote(
        salary=amount,
        rules=rules,
        currency=currency or home,
        premium_pct=pct,
        working_days=days,
        days_per_week=per_week,
    )
    if format == Format.json:
        emit_record(q.as_json(), format)
        return
    c = q.currency
    record: dict[str, Any] = {
        "salary": f"{q.salary} {c} a year ÷ {q.working_days} working days",
        "day rate": f"{q.day_rate} {c} (premium {q.premium_pct}%)",
        "range": f"{q.day_rate_low} – {q.day_rate_high} {c} "
        f"(premium {q.premium_low_pct}–{q.premium_high_pct}%)",
        "hourly equivalent": f"{q.hourly_rate} {c} ({q.hours_per_day} h a day)",
        "monthly retainer": f"{q.retainer_low} – {q.retainer_high} {c} "
        f"({q.retainer_days_min}–{q.retainer_days_max} days a month)",
    }
    if q.days_per_week is not None:
        record["committed"] = (
            f"{q.committed_monthly} {c} a month, {q.committed_annual} {c} a year "
            f"({q.days_per_week} days a week × 52/12)"
        )
        record["client's saving"] = (
            f"{q.client_saving} {c} a year ({q.client_saving_pct}%) against a full-time hire "
            f"costing {q.full_time_cost} {c} (salary + {q.full_time_overhead_pct}% overhead)"
        )
    emit_record(record, format, title="Pricing")
    console().print(
        "Day rate = salary ÷ working days × (1 + premium); the premium pays for no benefits, "
        "business development time and the specialisation."
    )


@offer_app.command("compare")
def compare(
    salary: Annotated[str, typer.Option(help="The offer's annual base salary.")],
    bonus: Annotated[str, typer.Option(help="Annual bonus (expected).")] = "0",
    benefits: Annotated[str, typer.Option(help="Annual value of benefits.")] = "0",
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """Compare a full-time offer with the practice's trailing and forecast income.

    Beside the offer: the last 12 months as invoiced and as contracted, and the next
    12 months as contracted and as forecast (contracted + weighted pipeline).

    Example: fracos offer compare --salary 140000 --bonus 15000 --benefits 12000
    """
    actor = local_actor()
    from fracos.insights.offer import offer_compare, offer_parts

    parts = offer_parts({"salary": salary, "bonus": bonus, "benefits": benefits})
    found = offer_compare(actor, parts)
    currency, offer, others = found.currency, found.offer, found.other_currencies_left_out
    rows: list[dict[str, Any]] = [
        {
            "what": row.what,
            "from": row.start.isoformat() if row.start else None,
            "to": row.last_day.isoformat() if row.last_day else None,
            "amount": str(row.amount),
            "offer_minus_this": str(offer - row.amount),
        }
        for row in found.rows
    ]
    if format == Format.json:
        emit_record(
            {
                "currency": currency,
                "offer": {k: str(v) for k, v in parts.items()} | {"total": str(offer)},
                "comparison": rows,
                "by_client_next_12_months": {
                    k: str(v) for k, v in found.by_client_next_12_months.items()
                },
                "other_currencies_left_out": others,
            },
            format,
        )
        return
    emit(
        rows,
        [
            ("what", "What"),
            ("from", "From"),
            ("to", "To"),
            ("amount", f"Amount ({currency})"),
            ("offer_minus_this", "Offer minus this"),
        ],
        format,
        title="Full-time offer against the practice's income",
        right=("amount", "offer_minus_this"),
    )
    if format == Format.table:
        console().print(
            "Contracted income comes from the engagements' terms, invoiced from issued invoices "
            "(net of VAT and credit notes); an open-ended engagement is contracted only to the "
            "end of its notice period from today; the forecast adds each open opportunity's "
            "monthly value × its probability."
        )
        if others:
            console().print(f"Left out (other currencies): {', '.join(others)}.")
