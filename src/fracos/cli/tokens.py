"""`fracos token …`: personal access tokens for the JSON API."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from fracos.cli.common import Format, emit, emit_record, local_actor, success

app = typer.Typer(help="Personal access tokens for the JSON API.", no_args_is_help=True)


def token_record(token: Any) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "read_only": token.read_only,
        "created_at": token.created_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@app.command("create")
def create(
    name: Annotated[str, typer.Option(help="What the token is for, e.g. laptop.")],
    read_only: Annotated[bool, typer.Option(help="The token can read but never write.")] = False,
    format: Annotated[Format, typer.Option(help="table, csv or json.")] = Format.table,
) -> None:
    """Create a token; it is shown once, only its hash is kept.

    Example: fracos token create --name laptop --read-only
    """
    actor = local_actor()
    from fracos.practice.services import token_create

    token, raw = token_create(actor, name=name, read_only=read_only)
    if format != Format.table:
        emit_record({**token_record(token), "token": raw}, format)
        return
    success(f"Token {token.name} (#{token.pk}) created{' (read-only)' if token.read_only else ''}.")
    typer.echo(raw)
    typer.echo("Copy it now: it is not shown again. Send it as `Authorization: Bearer <token>`.")


@app.command("list")
def list_(
    format: Annotated[Format, typer.Option(help="table, csv or json.")] = Format.table,
) -> None:
    """Your tokens, live and revoked.

    Example: fracos token list --format json
    """
    actor = local_actor()
    from fracos.practice.selectors import tokens_of

    rows = [token_record(t) for t in tokens_of(actor)]
    emit(
        rows,
        [
            ("id", "#"),
            ("name", "Name"),
            ("prefix", "Starts with"),
            ("read_only", "Read-only"),
            ("created_at", "Created"),
            ("last_used_at", "Last used"),
            ("revoked_at", "Revoked"),
        ],
        format,
        title="API tokens",
    )


@app.command("revoke")
def revoke(
    token: Annotated[str, typer.Argument(help="The token's id or name.")],
) -> None:
    """Revoke a token: requests with it are refused from now on.

    Example: fracos token revoke laptop
    """
    actor = local_actor()
    from fracos.practice.services import token_revoke

    revoked = token_revoke(actor, token)
    success(f"Token {revoked.name} (#{revoked.pk}) revoked.")
