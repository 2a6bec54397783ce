"""`fracos client …`: the organisations you serve."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from fracos.cli.common import Format, emit, emit_record, local_actor, success

app = typer.Typer(help="Client organisations and their contacts.", no_args_is_help=True)


def client_record(client: Any) -> dict[str, Any]:
    return {
        "id": client.pk,
        "name": client.name,
        "legal_name": client.legal_name,
        "country": client.country,
        "currency": client.currency,
        "vat_number": client.vat_number,
        "enterprise_number": client.enterprise_number,
        "peppol_id": client.peppol_id,
        "size": client.size,
        "stage": client.stage,
        "industry": client.industry,
        "address": ", ".join(
            x for x in (client.street, f"{client.postcode} {client.city}".strip()) if x
        ),
        "billing_email": client.billing_email,
        "payment_terms_days": client.payment_terms_days,
        "status": client.status,
    }


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The organisation's name.")],
    country: Annotated[str | None, typer.Option(help="ISO country code (default: yours).")] = None,
    currency: Annotated[str | None, typer.Option(help="Billing currency (default: yours).")] = None,
    vat: Annotated[str | None, typer.Option(help="VAT number (checked).")] = None,
    size: Annotated[str | None, typer.Option(help="1-10, 11-50, 51-200, 201-1000, 1000+")] = None,
    stage: Annotated[str | None, typer.Option(help="seed, series-a, scaleup, sme, …")] = None,
    industry: Annotated[str | None, typer.Option(help="e.g. logistics, fintech")] = None,
) -> None:
    """Add a client.

    Example: fracos client add "Acme Logistics" --country BE --vat BE0403019261 --size 51-200
    """
    actor = local_actor()
    from fracos.clients.services import client_add

    fields = {
        "name": name,
        "country": country,
        "currency": currency,
        "vat_number": vat,
        "size": size,
        "stage": stage,
        "industry": industry,
    }
    client = client_add(actor, **{k: v for k, v in fields.items() if v is not None})
    success(f"Added client #{client.pk} {client.name} ({client.country}, {client.currency}).")


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include archived clients.")] = False,
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """List clients.

    Example: fracos client list --format csv
    """
    actor = local_actor()
    from fracos.clients.selectors import client_list
    from fracos.engagements.selectors import engagement_list

    active_count: dict[int, int] = {}
    for engagement in engagement_list(actor, status="active"):
        active_count[engagement.client_id] = active_count.get(engagement.client_id, 0) + 1
    rows = [
        {**client_record(c), "active_engagements": active_count.get(c.pk, 0)}
        for c in client_list(actor, include_archived=all_)
    ]
    emit(
        rows,
        [
            ("id", "#"),
            ("name", "Name"),
            ("country", "Country"),
            ("currency", "Cur."),
            ("vat_number", "VAT"),
            ("active_engagements", "Active eng."),
            ("status", "Status"),
        ],
        format,
        title="Clients",
        right=("id",),
    )


@app.command("show")
def show(
    client: Annotated[str, typer.Argument(help="Name, unique prefix or #id.")],
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """Show one client with its engagements.

    Example: fracos client show acme
    """
    actor = local_actor()
    from fracos.clients.selectors import client_find
    from fracos.engagements.selectors import engagement_list

    found = client_find(actor, client)
    record = client_record(found)
    record["engagements"] = [
        f"#{e.pk} {e.role_title} ({e.get_pricing_model_display()}, {e.status})"
        for e in engagement_list(actor, client_id=found.pk)
    ]
    if format == Format.json:
        record["engagements"] = [
            {"id": e.pk, "role": e.role_title, "pricing_model": e.pricing_model, "status": e.status}
            for e in engagement_list(actor, client_id=found.pk)
        ]
    emit_record(record, format, title=found.name)


@app.command("set")
def set_(
    client: Annotated[str, typer.Argument(help="Name, unique prefix or #id.")],
    name: Annotated[str | None, typer.Option(help="Rename.")] = None,
    legal_name: Annotated[str | None, typer.Option(help="Legal name on invoices.")] = None,
    street: Annotated[str | None, typer.Option(help="Street and number.")] = None,
    postcode: Annotated[str | None, typer.Option(help="Postcode.")] = None,
    city: Annotated[str | None, typer.Option(help="City.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code.")] = None,
    currency: Annotated[str | None, typer.Option(help="Billing currency.")] = None,
    vat: Annotated[str | None, typer.Option(help="VAT number (checked).")] = None,
    enterprise_number: Annotated[str | None, typer.Option(help="Belgian KBO/BCE number.")] = None,
    peppol: Annotated[str | None, typer.Option(help="Peppol id SCHEME:ID.")] = None,
    billing_email: Annotated[str | None, typer.Option(help="Where invoices go.")] = None,
    payment_terms: Annotated[int | None, typer.Option(help="Days to pay.")] = None,
    size: Annotated[str | None, typer.Option(help="Company size band.")] = None,
    stage: Annotated[str | None, typer.Option(help="Company stage.")] = None,
    industry: Annotated[str | None, typer.Option(help="Industry.")] = None,
) -> None:
    """Change a client's details.

    Example: fracos client set acme --legal-name "Acme Logistics NV" --payment-terms 30
    """
    actor = local_actor()
    from fracos.clients.selectors import client_find
    from fracos.clients.services import client_update

    found = client_find(actor, client)
    changes = {
        "name": name,
        "legal_name": legal_name,
        "street": street,
        "postcode": postcode,
        "city": city,
        "country": country,
        "currency": currency,
        "vat_number": vat,
        "enterprise_number": enterprise_number,
        "peppol_id": peppol,
        "billing_email": billing_email,
        "payment_terms_days": payment_terms,
        "size": size,
        "stage": stage,
        "industry": industry,
    }
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        raise typer.BadParameter("nothing to change; see --help")
    client_update(actor, found.pk, **given)
    success(f"Updated {found.name}: {', '.join(sorted(given))}.")


@app.command("archive")
def archive(client: Annotated[str, typer.Argument(help="Name, unique prefix or #id.")]) -> None:
    """Archive a client you no longer work with (its history stays).

    Example: fracos client archive delta
    """
    actor = local_actor()
    from fracos.clients.selectors import client_find
    from fracos.clients.services import client_archive

    found = client_find(actor, client)
    client_archive(actor, found.pk)
    success(f"Archived {found.name}.")
