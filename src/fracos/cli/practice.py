"""`fracos init` and `fracos practice …`: the practice, its identity and its playbook numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fracos.cli.common import Format, boot, emit, emit_record, local_actor, success

app = typer.Typer(
    help="The practice: identity, legal and bank details, playbook settings.", no_args_is_help=True
)


def init(
    name: Annotated[str, typer.Option(help="Your practice's name.")],
    currency: Annotated[str, typer.Option(help="Home currency (ISO 4217).")] = "EUR",
    timezone: Annotated[str, typer.Option(help="IANA timezone.")] = "Europe/Brussels",
    country: Annotated[str, typer.Option(help="ISO 3166 country code.")] = "BE",
    locale: Annotated[str, typer.Option(help="Locale for numbers and dates.")] = "en_BE",
    email: Annotated[str | None, typer.Option(help="The owner's email (sign-in).")] = None,
) -> None:
    """Create your practice.

    Example: fracos init --name "Lena Peeters Advisory" --currency EUR --timezone Europe/Brussels --country BE
    """
    boot()
    from fracos.core.errors import Conflict
    from fracos.practice.models import Practice
    from fracos.practice.services import practice_create

    if Practice.objects.exists():
        raise Conflict("a practice exists here already; see `fracos practice show`")
    practice, member = practice_create(
        name=name,
        currency=currency,
        timezone=timezone,
        country=country,
        locale=locale,
        owner_email=email,
    )
    success(
        f"Created {practice.name} ({practice.currency}, {practice.timezone}); "
        f"owner {member.user.email}. Next: fracos client add NAME"
    )


@app.command("show")
def show(
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """Show the practice's identity.

    Example: fracos practice show --format json
    """
    actor = local_actor()
    from fracos.practice.selectors import practice_for, practice_logo

    p = practice_for(actor)
    logo = practice_logo(actor)
    emit_record(
        {
            "name": p.name,
            "slug": p.slug,
            "legal_name": p.legal_name,
            "currency": p.currency,
            "timezone": p.timezone,
            "locale": p.locale,
            "country": p.country,
            "address": ", ".join(x for x in (p.street, f"{p.postcode} {p.city}".strip()) if x),
            "vat_number": p.vat_number,
            "enterprise_number": p.enterprise_number,
            "iban": p.iban,
            "bic": p.bic,
            "peppol_id": p.peppol_id,
            "email": p.email,
            "logo": _logo_summary(logo, format),
        },
        format,
        title=p.name,
    )


def _logo_summary(logo: Any, format: Format) -> Any:
    if format == Format.json:
        return None if logo is None else {"media_type": logo.media_type, "size": logo.size}
    if logo is None:
        return "none (add one with `fracos practice set --logo FILE`)"
    return f"{logo.media_type}, {logo.size:,} bytes"


def _read_logo(path: Path) -> bytes:
    from fracos.core.errors import ValidationFailed
    from fracos.core.images import MAX_BYTES

    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationFailed(
                f"logo: {path} is {path.stat().st_size // 1024} KB; a logo may be "
                f"{MAX_BYTES // 1024} KB",
                field="logo",
            )
        return path.read_bytes()
    except OSError as exc:
        raise ValidationFailed(f"logo: cannot read {path} ({exc.strerror})", field="logo") from exc


@app.command("set")
def set_identity(
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    legal_name: Annotated[str | None, typer.Option(help="Legal name on invoices.")] = None,
    street: Annotated[str | None, typer.Option(help="Street and number.")] = None,
    postcode: Annotated[str | None, typer.Option(help="Postcode.")] = None,
    city: Annotated[str | None, typer.Option(help="City.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code.")] = None,
    vat: Annotated[str | None, typer.Option(help="VAT number (checked).")] = None,
    enterprise_number: Annotated[str | None, typer.Option(help="Belgian KBO/BCE number.")] = None,
    iban: Annotated[str | None, typer.Option(help="IBAN (checked).")] = None,
    bic: Annotated[str | None, typer.Option(help="BIC.")] = None,
    peppol: Annotated[str | None, typer.Option(help="Peppol id SCHEME:ID.")] = None,
    email: Annotated[str | None, typer.Option(help="Billing email.")] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA timezone.")] = None,
    locale: Annotated[str | None, typer.Option(help="Locale, e.g. nl_BE.")] = None,
    logo: Annotated[
        Path | None,
        typer.Option(help="Logo for invoices: PNG, JPEG or SVG, at most 512 KB ('' removes it)."),
    ] = None,
    no_logo: Annotated[bool, typer.Option("--no-logo", help="Remove the logo.")] = False,
) -> None:
    """Set the practice's legal identity, bank details and logo.

    Example: fracos practice set --legal-name "Peeters Advisory BV" --vat BE0403019261 --iban BE68539007547034
    Example: fracos practice set --logo logo.svg
    """
    actor = local_actor()
    from django.db import transaction

    from fracos.core.errors import ValidationFailed
    from fracos.practice.services import practice_logo_remove, practice_logo_set, practice_update

    changes = {
        "name": name,
        "legal_name": legal_name,
        "street": street,
        "postcode": postcode,
        "city": city,
        "country": country,
        "vat_number": vat,
        "enterprise_number": enterprise_number,
        "iban": iban,
        "bic": bic,
        "peppol_id": peppol,
        "email": email,
        "timezone": timezone,
        "locale": locale,
    }
    given = {k: v for k, v in changes.items() if v is not None}
    # Typer turns --logo '' into Path("."), which is no file anyone means.
    remove_logo = no_logo or (logo is not None and str(logo) in ("", "."))
    if remove_logo and logo is not None and str(logo) not in ("", "."):
        raise ValidationFailed("logo: give --logo FILE or --no-logo, not both", field="logo")
    content = _read_logo(logo) if logo is not None and not remove_logo else None
    if not given and content is None and not remove_logo:
        raise typer.BadParameter("nothing to change; see --help")
    with transaction.atomic():  # a bad VAT number must not leave a new logo behind
        if given:
            practice_update(actor, **given)
        if content is not None:
            practice_logo_set(actor, content)
            given["logo"] = "set"
        elif remove_logo:
            practice_logo_remove(actor)
            given["logo"] = "removed"
    success(f"Updated {', '.join(sorted(given))}.")


@app.command("settings")
def settings(
    set_: Annotated[list[str] | None, typer.Option("--set", help="KEY=VALUE, repeatable.")] = None,
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """Show or change the playbook numbers (defaults from the operating model).

    Example: fracos practice settings --set max_clients=5 --set premium_default_pct=45
    """
    actor = local_actor()
    from fracos.core.errors import ValidationFailed
    from fracos.practice.selectors import practice_for
    from fracos.practice.services import playbook_update

    if set_:
        changes = {}
        for item in set_:
            key, sep, value = item.partition("=")
            if not sep:
                raise ValidationFailed(f"--set: {item!r} is not KEY=VALUE")
            changes[key.strip()] = value.strip()
        playbook_update(actor, changes)
        success(f"Updated {', '.join(sorted(changes))}.")
    rules = practice_for(actor).rules.as_dict()
    emit(
        [{"setting": k, "value": v} for k, v in rules.items()],
        [("setting", "Setting"), ("value", "Value")],
        format,
        title="Playbook settings",
    )
