"""`fracos invoice …`, `fracos payment add|list`, `fracos receivables` and `fracos run-due`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fracos.cli.common import (
    Format,
    check_output,
    emit,
    emit_record,
    local_actor,
    success,
    write_output,
)

invoice_app = typer.Typer(
    help="Invoices and credit notes: draft, issue, export, send.", no_args_is_help=True
)
line_app = typer.Typer(help="Lines of a draft invoice.", no_args_is_help=True)
payment_app = typer.Typer(help="Payments received.", no_args_is_help=True)
invoice_app.add_typer(line_app, name="line")

LIST_COLUMNS = [
    ("number", "Number"),
    ("id", "Id"),
    ("state", "State"),
    ("client", "Client"),
    ("issue_date", "Issued"),
    ("due_date", "Due"),
    ("currency", "Cur"),
    ("total", "Total"),
    ("open", "Open"),
]


def register(app: typer.Typer) -> None:
    app.add_typer(invoice_app, name="invoice", rich_help_panel="Getting paid")
    app.add_typer(payment_app, name="payment", rich_help_panel="Getting paid")
    app.command("receivables", rich_help_panel="Getting paid")(receivables)
    app.command("run-due", rich_help_panel="Getting paid")(run_due)


def _find(actor: Any, text: str) -> Any:
    from fracos.billing.selectors import invoice_find

    return invoice_find(actor, text)


@invoice_app.command("draft")
def draft(
    client: Annotated[str, typer.Argument(help="Client name, unique prefix or #id.")],
    period: Annotated[
        str | None, typer.Option(help="Month to invoice, YYYY-MM (default: this month).")
    ] = None,
) -> None:
    """Draft the client's invoice for a month from its engagements; prints the draft id.

    Example: fracos invoice draft acme --period 2026-11
    """
    actor = local_actor()
    from fracos.billing.services import invoice_draft
    from fracos.clients.selectors import client_find
    from fracos.core import clock
    from fracos.practice.selectors import practice_for

    found = client_find(actor, client)
    month = None
    if period:
        month = clock.parse_period(period, clock.today(practice_for(actor).timezone))
    invoice = invoice_draft(actor, client_id=found.pk, period=month)
    typer.echo(invoice.pk)


@line_app.command("add")
def line_add(
    invoice: Annotated[str, typer.Argument(help="Draft id.")],
    description: Annotated[str, typer.Option(help="What the line is for.")],
    quantity: Annotated[str, typer.Option(help="Quantity, e.g. 1 or 2.5.")] = "1",
    unit_price: Annotated[
        str, typer.Option(help="Price per unit excluding VAT; negative for a discount.")
    ] = "0",
    vat_rate: Annotated[
        str | None, typer.Option(help="VAT rate in percent (default: the client's case).")
    ] = None,
) -> None:
    """Add an expense or a discount line to a draft.

    Example: fracos invoice line add 12 --description "Train to Ghent" --quantity 1 --unit-price 42.80
    """
    actor = local_actor()
    from fracos.billing.services import invoice_line_add

    found = _find(actor, invoice)
    line = invoice_line_add(
        actor,
        invoice_id=found.pk,
        description=description,
        quantity=quantity,
        unit_price=unit_price,
        vat_rate=vat_rate,
    )
    success(f"Added line #{line.pk} to draft #{found.pk}.")


@line_app.command("remove")
def line_remove(
    invoice: Annotated[str, typer.Argument(help="Draft id.")],
    line: Annotated[int, typer.Argument(help="Line id (see `fracos invoice show`).")],
) -> None:
    """Remove a line from a draft.

    Example: fracos invoice line remove 12 40
    """
    actor = local_actor()
    from fracos.billing.services import invoice_line_remove

    found = _find(actor, invoice)
    invoice_line_remove(actor, invoice_id=found.pk, line_id=line)
    success(f"Removed line #{line} from draft #{found.pk}.")


@invoice_app.command("issue")
def issue(
    invoices: Annotated[list[str], typer.Argument(help="Draft id(s); each is issued on its own.")],
) -> None:
    """Issue drafts: each gets the next number of the practice's series; prints the numbers.

    Example: fracos invoice issue 12
    """
    actor = local_actor()
    from fracos.billing.services import invoice_issue

    for text in invoices:
        found = _find(actor, text)
        typer.echo(invoice_issue(actor, invoice_id=found.pk).number)


@invoice_app.command("delete")
def delete(invoice: Annotated[str, typer.Argument(help="Draft id.")]) -> None:
    """Throw a draft away (issued invoices are never deleted: credit them).

    Example: fracos invoice delete 12
    """
    actor = local_actor()
    from fracos.billing.services import invoice_delete

    found = _find(actor, invoice)
    invoice_delete(actor, invoice_id=found.pk)
    success(f"Deleted draft #{found.pk}.")


@invoice_app.command("show")
def show(
    invoice: Annotated[str, typer.Argument(help="Invoice number or draft id.")],
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Show an invoice: lines, totals, payments, reminders, the overage report.

    Example: fracos invoice show 2026-0007
    """
    actor = local_actor()
    from fracos.billing.selectors import invoice_detail

    found = _find(actor, invoice)
    record = invoice_detail(actor, found)
    if format == Format.json:
        emit_record(record, format)
        return
    lines = record.pop("lines")
    emit_record(record, format, title=found.number or f"Draft #{found.pk}")
    emit(
        lines,
        [
            ("id", "Line"),
            ("kind", "Kind"),
            ("description", "Description"),
            ("quantity", "Qty"),
            ("unit_price", "Unit price"),
            ("vat", "VAT"),
        ],
        format,
        right=("quantity", "unit_price"),
    )


@invoice_app.command("list")
def list_(
    unpaid: Annotated[
        bool, typer.Option("--unpaid", help="Only invoices with money open.")
    ] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only unpaid past their due date.")
    ] = False,
    client: Annotated[str | None, typer.Option(help="Only this client.")] = None,
    format: Annotated[Format, typer.Option("--format", help="table, csv or json.")] = Format.table,
) -> None:
    """List invoices and credit notes, newest first.

    Example: fracos invoice list --overdue
    """
    actor = local_actor()
    from fracos.billing.selectors import invoice_list, invoice_record
    from fracos.clients.selectors import client_find
    from fracos.core import clock
    from fracos.practice.selectors import practice_for

    client_id = client_find(actor, client).pk if client else None
    today = clock.today(practice_for(actor).timezone)
    rows = [
        invoice_record(i, today)
        for i in invoice_list(actor, unpaid=unpaid, overdue=overdue, client_id=client_id)
    ]
    emit(rows, LIST_COLUMNS, format, title="Invoices", right=("total", "open"))


def _write(data: bytes, output: Path, what: str) -> None:
    write_output(output, data)
    success(f"Wrote {what} to {output} ({len(data):,} bytes).")


@invoice_app.command("pdf")
def pdf(
    invoice: Annotated[str, typer.Argument(help="Invoice number.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
) -> None:
    """Write the invoice as a PDF.

    Example: fracos invoice pdf 2026-0007 -o 2026-0007.pdf
    """
    actor = local_actor()
    from fracos.billing.render import pdf_bytes

    check_output(output)  # before the seconds a PDF takes to render
    _write(pdf_bytes(_find(actor, invoice)), output, "the PDF")


@invoice_app.command("ubl")
def ubl(
    invoice: Annotated[str, typer.Argument(help="Invoice number.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
) -> None:
    """Write the invoice as a Peppol BIS Billing 3.0 UBL e-invoice.

    Example: fracos invoice ubl 2026-0007 -o 2026-0007.xml
    """
    actor = local_actor()
    from fracos.billing.render import ubl_xml

    check_output(output)  # before the seconds a PDF takes to render
    _write(ubl_xml(_find(actor, invoice)), output, "the UBL e-invoice")


@invoice_app.command("facturx")
def facturx(
    invoice: Annotated[str, typer.Argument(help="Invoice number.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
) -> None:
    """Write the invoice as Factur-X: a PDF/A-3 with its CII e-invoice inside.

    Example: fracos invoice facturx 2026-0007 -o 2026-0007.pdf
    """
    actor = local_actor()
    from fracos.billing.render import facturx_pdf

    check_output(output)  # before the seconds a PDF takes to render
    _write(facturx_pdf(_find(actor, invoice)), output, "the Factur-X PDF")


@invoice_app.command("credit")
def credit(
    invoice: Annotated[str, typer.Argument(help="Invoice number.")],
    amount: Annotated[
        str | None,
        typer.Option(
            help="Amount excluding VAT, spread over the lines (or the --line ones) in "
            "proportion to what each has left."
        ),
    ] = None,
    line: Annotated[
        list[str] | None,
        typer.Option(
            "--line",
            help="Credit this line (its id in `fracos invoice show`), or N:QTY for QTY of its "
            "units; repeat for several.",
        ),
    ] = None,
    reason: Annotated[str, typer.Option(help="Why, printed on the credit note.")] = "",
) -> None:
    """Issue a credit note for an invoice: all that is left, some lines or units, or an amount.

    Example: fracos invoice credit 2026-0007 --line 41:2 --line 43   (or --amount 500)
    """
    actor = local_actor()
    from fracos.billing.crediting import parse_line_choice
    from fracos.billing.services import invoice_credit

    found = _find(actor, invoice)
    choices = [parse_line_choice(text) for text in line or []]
    note = invoice_credit(
        actor, invoice_id=found.pk, amount=amount, lines=choices or None, reason=reason
    )
    typer.echo(note.number)


@invoice_app.command("send")
def send(invoice: Annotated[str, typer.Argument(help="Invoice number.")]) -> None:
    """Email the invoice with its PDF to the client's billing address.

    Example: fracos invoice send 2026-0007
    """
    actor = local_actor()
    from fracos.billing.services import invoice_send

    found = _find(actor, invoice)
    to = invoice_send(actor, invoice_id=found.pk)
    success(f"Sent {found.number} to {to}.")


@payment_app.command("add")
def payment_add(
    invoice: Annotated[str, typer.Argument(help="Invoice number.")],
    amount: Annotated[str, typer.Argument(help="Amount received, e.g. 9680 or 4000.50.")],
    date: Annotated[
        str | None, typer.Option(help="Date received, YYYY-MM-DD (default today).")
    ] = None,
    method: Annotated[str, typer.Option(help="transfer, card, cash or other.")] = "transfer",
    reference: Annotated[str, typer.Option(help="Bank reference.")] = "",
) -> None:
    """Record a payment against an invoice (in full or in part).

    Example: fracos payment add 2026-0007 9680 --date 2026-12-02
    """
    actor = local_actor()
    from fracos.billing.selectors import invoice_get, invoice_state, open_minor
    from fracos.billing.services import payment_add as add
    from fracos.core import clock
    from fracos.core.money import from_minor
    from fracos.practice.selectors import practice_for

    found = _find(actor, invoice)
    on = clock.parse_date(date, field="date") if date else None
    add(actor, invoice_id=found.pk, amount=amount, on=on, method=method, reference=reference)
    again = invoice_get(actor, found.pk)
    state = invoice_state(again, clock.today(practice_for(actor).timezone))
    left = from_minor(open_minor(again), again.currency)
    success(f"Recorded {amount} {again.currency} on {again.number}: {state}, {left} open.")


@payment_app.command("list")
def payment_list(
    period: Annotated[
        str, typer.Option(help="all, week, month, quarter, year, YYYY-MM or A..B.")
    ] = "all",
    client: Annotated[str | None, typer.Option(help="Only this client.")] = None,
    format: Annotated[Format, typer.Option("--format", help="table, csv or json.")] = Format.table,
) -> None:
    """Every payment received, newest first, with its invoice and client.

    Example: fracos payment list --period 2026-11
    """
    actor = local_actor()
    from fracos.billing.selectors import payments_received
    from fracos.clients.selectors import client_find
    from fracos.core.money import from_minor
    from fracos.insights.export_files import export_period

    span = export_period(actor, period)
    client_id = client_find(actor, client).pk if client else None
    found = payments_received(actor, since=span.start, until=span.last_day, client_id=client_id)
    rows = [
        {
            "id": p.pk,
            "date": p.date.isoformat(),
            "invoice": p.invoice.number,
            "client": p.invoice.client.name,
            "amount": str(from_minor(p.amount_minor, p.invoice.currency)),
            "currency": p.invoice.currency,
            "method": p.method,
            "reference": p.reference,
        }
        for p in found
    ]
    columns = [
        ("date", "Date"),
        ("invoice", "Invoice"),
        ("client", "Client"),
        ("amount", "Amount"),
        ("currency", "Cur."),
        ("method", "Method"),
        ("reference", "Reference"),
    ]
    emit(rows, columns, format, title="Payments received", right=("amount",))


def receivables(
    format: Annotated[Format, typer.Option("--format", help="table, csv or json.")] = Format.table,
) -> None:
    """What each client owes, by age: current, 1–30, 31–60, 61–90 and 90+ days late.

    Example: fracos receivables --format csv
    """
    actor = local_actor()
    from fracos.billing.selectors import AGE_BUCKETS
    from fracos.billing.selectors import receivables as owed

    rows = [row.as_dict() for row in owed(actor)]
    columns = [("client", "Client"), ("currency", "Cur")]
    columns += [(bucket, bucket) for bucket in AGE_BUCKETS] + [("total", "Total")]
    emit(rows, columns, format, title="Receivables", right=(*AGE_BUCKETS, "total"))


def run_due(
    today: Annotated[
        str | None, typer.Option(help="Act as if today were YYYY-MM-DD (default: today).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Do what is due: this month's retainer invoices, then payment reminders. Safe to repeat.

    Example: fracos run-due   (from cron or a systemd timer, daily)
    """
    actor = local_actor()
    from fracos.billing.services import run_due as run
    from fracos.core import clock

    day = clock.parse_date(today, field="today") if today else None
    outcome = run(actor, today=day)
    record = {
        "drafted": [i.pk for i in outcome.drafted],
        "issued": [i.number for i in outcome.issued],
        "sent": [i.number for i in outcome.sent],
        "reminders": [f"{r.invoice.number} ({r.step:+d} days)" for r in outcome.reminders],
        "problems": outcome.problems,
    }
    emit_record(record, format, title="run-due")
