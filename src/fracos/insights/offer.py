"""A full-time offer weighed against the practice's income: `fracos offer compare` and the API.

Beside the offer: the last 12 months as contracted and as invoiced, and the next 12 months as
contracted (open-ended engagements to notice, and continuing) and as forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fracos.core.access import Actor
from fracos.core.errors import ValidationFailed
from fracos.core.money import parse_amount, round_money

OFFER_PARTS = ("salary", "bonus", "benefits")


@dataclass(frozen=True)
class ComparisonRow:
    what: str
    start: date | None
    last_day: date | None
    amount: Decimal


@dataclass(frozen=True)
class OfferComparison:
    currency: str
    parts: dict[str, Decimal]
    rows: list[ComparisonRow]
    by_client_next_12_months: dict[str, Decimal]
    other_currencies_left_out: list[str]

    @property
    def offer(self) -> Decimal:
        return sum(self.parts.values(), Decimal(0))


def offer_parts(typed: dict[str, str]) -> dict[str, Decimal]:
    """Salary, bonus and benefits as typed into amounts: none negative, the salary positive."""
    parts: dict[str, Decimal] = {}
    for name in OFFER_PARTS:
        text = typed.get(name, "0")
        value = parse_amount(text, field=name)
        if value < 0:
            raise ValidationFailed(f"{name}: {text} is negative", field=name)
        parts[name] = value
    if parts["salary"] <= 0:
        raise ValidationFailed("salary: the offer's salary must be positive", field="salary")
    return parts


def offer_compare(actor: Actor, parts: dict[str, Decimal]) -> OfferComparison:
    """The offer's rows beside the trailing and next 12 months, in the practice's currency."""
    from fracos.insights.forecast import forecast
    from fracos.insights.income import trailing_and_next
    from fracos.insights.invoiced import trailing_invoiced
    from fracos.practice.selectors import practice_for

    actor.require_staff()
    currency = practice_for(actor).currency
    offer = sum(parts.values(), Decimal(0))
    trailing, ahead, continuing = trailing_and_next(actor)
    invoiced = trailing_invoiced(actor)
    expected = forecast(actor, months=12)
    rows = [ComparisonRow("Full-time offer (salary + bonus + benefits)", None, None, offer)]
    for label, income in (
        ("Trailing 12 months, contracted", trailing),
        ("Next 12 months, contracted (open-ended to notice)", ahead),
        ("Next 12 months, contracted, open-ended continuing", continuing),
    ):
        rows.append(ComparisonRow(label, income.start, income.last_day, income.total(currency)))
    rows.append(
        ComparisonRow(
            "Trailing 12 months, invoiced",
            invoiced.months[0].start,
            invoiced.months[-1].last_day,
            round_money(invoiced.total(currency), currency),
        )
    )
    rows.append(
        ComparisonRow(
            "Next 12 months, forecast (contracted + weighted pipeline)",
            expected.months[0].start,
            expected.months[-1].last_day,
            expected.total(currency),
        )
    )
    others = sorted(
        {c for i in (trailing, ahead, continuing, invoiced) for c in i.currencies()}
        | {c for c in expected.currencies() if expected.total(c)}
    )
    return OfferComparison(
        currency=currency,
        parts=parts,
        rows=rows,
        by_client_next_12_months=dict(ahead.by_client(currency)),
        other_currencies_left_out=[c for c in others if c != currency],
    )
