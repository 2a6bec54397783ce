"""`fracos user …`: who may sign in to the practice, and as what."""

from __future__ import annotations

from typing import Annotated

import typer

from fracos.cli.common import Format, emit, local_actor, success

app = typer.Typer(
    help="Members: the practice's people and client-portal users.", no_args_is_help=True
)


@app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="Their email address (also their sign-in).")],
    role: Annotated[
        str | None, typer.Option(help="owner, leader or viewer (practice members).")
    ] = None,
    portal: Annotated[
        str | None, typer.Option(help="A client (name prefix or #id): a portal user for it.")
    ] = None,
    password: Annotated[
        str | None,
        typer.Option(help="Initial password (otherwise they use 'Forgot your password?')."),
    ] = None,
) -> None:
    """Add a member to the practice, or a client-portal user.

    Example: fracos user add sam@peeters.example --role viewer --password 'a long secret'
    """
    actor = local_actor()
    from fracos.clients.selectors import client_find
    from fracos.core.errors import ValidationFailed
    from fracos.practice.services import member_add

    if portal and role:
        raise ValidationFailed("give --role or --portal, not both")
    client_id = None
    if portal:
        client = client_find(actor, portal)
        client_id, role = client.pk, "portal"
    if not role:
        raise ValidationFailed("give --role owner|leader|viewer, or --portal CLIENT")
    if role == "portal" and client_id is None:
        raise ValidationFailed("portal users are added with --portal CLIENT")
    member = member_add(actor, email=email, role=role, password=password, client_id=client_id)
    what = f"portal user for {member.client.name}" if member.client_id else role  # type: ignore[union-attr]
    success(f"Added {member.user.email} as {what}.")


@app.command("list")
def list_(
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """List the practice's members and portal users.

    Example: fracos user list --format csv
    """
    actor = local_actor()
    from fracos.practice.selectors import members

    rows = [
        {
            "email": m.user.email,
            "role": m.role,
            "client": m.client.name if m.client else None,
            "since": m.created_at.date(),
        }
        for m in members(actor)
    ]
    emit(
        rows,
        [("email", "Email"), ("role", "Role"), ("client", "Client"), ("since", "Since")],
        format,
        title="Members",
    )


@app.command("remove")
def remove(
    email: Annotated[str, typer.Argument(help="The member's email address.")],
) -> None:
    """Remove a member's access (the last owner cannot be removed).

    Example: fracos user remove sam@peeters.example
    """
    actor = local_actor()
    from fracos.practice.services import member_remove

    member_remove(actor, email=email)
    success(f"Removed {email.strip().lower()}.")
