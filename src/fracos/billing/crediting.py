"""What a credit note reverses: whole lines, some units of a line, or an amount spread over lines.

Plain data in, plain data out, so the rules are tested without a database.
Every credit is tracked per invoice line, so no line is ever credited beyond
what it billed; an amount is spread in proportion to what each line has left,
in whole minor units that add up exactly (``core.money.allocate_minor``), and
the credit note's VAT is then computed per line and per category like any
document's (``document.compute_totals``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fracos.core.errors import ValidationFailed
from fracos.core.money import allocate_minor, from_minor, round_money, to_minor


@dataclass(frozen=True)
class CreditableLine:
    """An issued invoice line and how much of it earlier credit notes reversed."""

    id: int
    description: str
    quantity: Decimal
    unit_price_minor: int
    unit_code: str
    vat_category: str
    vat_rate: Decimal
    period_start: date | None
    period_end: date | None
    net_minor: int
    credited_minor: int

    @property
    def left_minor(self) -> int:
        return self.net_minor - self.credited_minor


@dataclass(frozen=True)
class CreditLine:
    """One line of the credit note to be issued."""

    credited_line_id: int
    description: str
    quantity: Decimal
    unit_price_minor: int
    unit_code: str
    vat_category: str
    vat_rate: Decimal
    period_start: date | None
    period_end: date | None

    def net_minor(self, currency: str) -> int:
        price = from_minor(self.unit_price_minor, currency)
        return to_minor(round_money(self.quantity * price, currency), currency)


LineChoice = tuple[int, Decimal | None]


def parse_line_choice(text: str) -> LineChoice:
    """ "40" (what is left of line 40) or "40:2.5" (2.5 of its units)."""
    raw = (text or "").strip()
    number, _, quantity = raw.partition(":")
    if not number.strip().lstrip("#").isdigit():
        raise ValidationFailed(
            f"line: {text!r} is not a line id, or a line id and a quantity such as 40:2",
            field="line",
        )
    qty: Decimal | None = None
    if quantity.strip():
        try:
            qty = Decimal(quantity.strip().replace(",", "."))
        except ArithmeticError:
            qty = None
        if qty is None or not qty.is_finite() or qty <= 0 or qty != qty.quantize(Decimal("1e-4")):
            raise ValidationFailed(
                f"line: {quantity.strip()!r} is not a quantity more than zero (4 decimals at most)",
                field="line",
            )
    return int(number.strip().lstrip("#")), qty


def _copy(line: CreditableLine, quantity: Decimal, price_minor: int, note: str) -> CreditLine:
    return CreditLine(
        credited_line_id=line.id,
        description=f"{line.description}{note}"[:300],
        quantity=quantity,
        unit_price_minor=price_minor,
        unit_code=line.unit_code,
        vat_category=line.vat_category,
        vat_rate=line.vat_rate,
        period_start=line.period_start,
        period_end=line.period_end,
    )


def _money(minor: int, currency: str) -> str:
    return f"{from_minor(minor, currency)} {currency}"


def _rest_of(line: CreditableLine) -> CreditLine:
    """What is left of a line: the line itself when untouched, else its remaining amount."""
    if line.credited_minor == 0:
        return _copy(line, line.quantity, line.unit_price_minor, "")
    sign = Decimal(1) if line.left_minor > 0 else Decimal(-1)
    return _copy(line, sign, abs(line.left_minor), " (the rest)")


def _units_of(line: CreditableLine, quantity: Decimal, currency: str) -> CreditLine:
    # The line's sign (a discount is a negative quantity) carries over to its credit.
    signed = quantity if line.quantity > 0 else -quantity
    planned = _copy(line, signed, line.unit_price_minor, "")
    net = planned.net_minor(currency)
    if abs(quantity) > abs(line.quantity) or abs(net) > abs(line.left_minor):
        raise ValidationFailed(
            f"line: {quantity.normalize()} of line #{line.id} comes to {_money(abs(net), currency)}"
            f", more than the {_money(abs(line.left_minor), currency)} left to credit on it",
            field="line",
        )
    return planned


def _chosen(lines: list[CreditableLine], choices: list[LineChoice]) -> list[CreditableLine]:
    by_id = {line.id: line for line in lines}
    seen: set[int] = set()
    chosen = []
    for line_id, _quantity in choices:
        if line_id not in by_id:
            ids = ", ".join(str(line.id) for line in lines)
            raise ValidationFailed(
                f"line: the invoice has no line #{line_id}; its lines are {ids}", field="line"
            )
        if line_id in seen:
            raise ValidationFailed(f"line: line #{line_id} is named twice", field="line")
        seen.add(line_id)
        if by_id[line_id].left_minor == 0:
            raise ValidationFailed(
                f"line: line #{line_id} is already credited in full", field="line"
            )
        chosen.append(by_id[line_id])
    return chosen


def plan_credit(
    lines: list[CreditableLine],
    *,
    currency: str,
    choices: list[LineChoice] | None = None,
    amount_minor: int | None = None,
) -> list[CreditLine]:
    """The credit note's lines.

    - nothing chosen, no amount: everything left on every line;
    - lines chosen: what is left of each, or the given number of its units;
    - an amount (excluding VAT): spread over the chosen lines, or all of them,
      in proportion to what each has left, never more than that.
    """
    choices = choices or []
    if amount_minor is not None and any(qty is not None for _, qty in choices):
        raise ValidationFailed(
            "amount: give either an amount or quantities of lines, not both", field="amount"
        )
    chosen = (
        _chosen(lines, choices) if choices else [line for line in lines if line.left_minor != 0]
    )
    if amount_minor is None:
        quantities = dict(choices)
        return [
            _rest_of(line)
            if quantities.get(line.id) is None
            else _units_of(line, quantities[line.id] or Decimal(0), currency)
            for line in chosen
        ]
    left = sum(line.left_minor for line in chosen)
    if amount_minor <= 0:
        raise ValidationFailed("amount: a credit must be more than zero", field="amount")
    if amount_minor > left:
        which = "the chosen lines" if choices else "the invoice"
        raise ValidationFailed(
            f"amount: {_money(amount_minor, currency)} is more than the "
            f"{_money(max(left, 0), currency)} (excluding VAT) left to credit on {which}",
            field="amount",
        )
    shares = allocate_minor(amount_minor, [line.left_minor for line in chosen])
    return [
        _copy(line, Decimal(1) if share > 0 else Decimal(-1), abs(share), " (part)")
        for line, share in zip(chosen, shares, strict=True)
        if share != 0
    ]
