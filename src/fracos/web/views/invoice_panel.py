"""The dashboard's money: unpaid and overdue invoices, and income by client per month.

The income chart is one per currency (amounts are never converted), a stacked
bar per month of net invoiced income (``insights/invoiced.py``), each client a
pattern as well as a colour, with the same figures in a table.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fracos.billing.selectors import open_minor, unpaid_invoices
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.money import round_to
from fracos.insights.invoiced import Invoiced, invoiced_income
from fracos.web.charts import money_bars, render_legend, render_svg
from fracos.web.views.invoices import amount, decimal_amount, state_label

if TYPE_CHECKING:
    from fracos.billing.models import Invoice

MONTHS = 12
SHOWN = 8  # unpaid invoices listed on the dashboard; the rest are one click away


def unpaid_panel(unpaid: list[tuple[Invoice, str]], today: date) -> dict[str, Any]:
    open_by: dict[str, int] = defaultdict(int)
    overdue_by: dict[str, int] = defaultdict(int)
    for invoice, state in unpaid:
        open_by[invoice.currency] += open_minor(invoice)
        if state == "overdue":
            overdue_by[invoice.currency] += open_minor(invoice)
    return {
        "unpaid": [
            {
                "invoice": i,
                "state": s,
                "state_label": state_label(s),
                "open": amount(open_minor(i), i.currency),
                "days_late": (today - i.due_date).days if i.due_date and s == "overdue" else 0,
            }
            for i, s in unpaid[:SHOWN]
        ],
        "unpaid_more": max(0, len(unpaid) - SHOWN),
        "unpaid_sums": [
            {
                "currency": cur,
                "open": amount(open_by[cur], cur),
                "overdue": amount(overdue_by.get(cur, 0), cur),
                "late": overdue_by.get(cur, 0) > 0,
            }
            for cur in sorted(open_by)
        ],
    }


def income_charts(invoiced: Invoiced) -> list[dict[str, Any]]:
    """A stacked-bar chart, its table and the largest client's share, per currency."""
    charts = []
    columns = [(m.label, f"{m.start:%b}") for m in invoiced.months]
    for cur in invoiced.currencies():
        grid = invoiced.by_month_and_client(cur)
        clients = list(invoiced.by_client(cur))
        series = [
            (name, {month: cells[name] for month, cells in grid.items() if name in cells})
            for name in clients
        ]
        chart = money_bars(
            f"Net invoiced income per month by client, {cur}, last {MONTHS} months",
            columns,
            series,
            cur,
        )
        ident = f"income_{cur.lower()}"
        largest = invoiced.largest_share(cur)
        share = ""
        if largest is not None:
            client, value, fraction = largest
            percent = round_to(fraction * 100, 0)
            share = (
                f"{client} is the largest client: {percent}% of the {decimal_amount(invoiced.total(cur), cur)} "
                f"invoiced in the last {MONTHS} months ({decimal_amount(value, cur)})."
            )
        charts.append(
            {
                "currency": cur,
                "chart": chart,
                "svg": render_svg(chart, ident),
                "legend": render_legend(chart, ident),
                "clients": clients,
                "table": [
                    {
                        "label": m.label,
                        "start": m.start,
                        "cells": [
                            decimal_amount(grid[m.label].get(name, Decimal(0)), cur)
                            for name in clients
                        ],
                        "total": decimal_amount(sum(grid[m.label].values(), Decimal(0)), cur),
                    }
                    for m in invoiced.months
                ],
                "share": share,
            }
        )
    return charts


def trailing_income(actor: Actor, today: date) -> Invoiced:
    """The twelve full months before this one, as trailing_invoiced() reads them; the
    dashboard already knows today, which saves trailing_invoiced its practice query."""
    first = clock.add_months(today.replace(day=1), -MONTHS)
    return invoiced_income(actor, first_month=first, months=MONTHS)


def invoice_panel(
    actor: Actor,
    today: date,
    *,
    invoiced: Invoiced | None = None,
    unpaid: list[tuple[Invoice, str]] | None = None,
) -> dict[str, Any]:
    """Everything the dashboard shows about invoices, in two queries (none for what is passed)."""
    if invoiced is None:
        invoiced = trailing_income(actor, today)
    if unpaid is None:
        unpaid = unpaid_invoices(actor, today)
    return {**unpaid_panel(unpaid, today), "income_charts": income_charts(invoiced)}
