"""Reads of clients, and the access helpers that fetch *and* authorise them."""

from __future__ import annotations

from django.db.models import QuerySet

from fracos.clients.models import Client, Contact
from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.core.matching import pick_by_prefix
from fracos.core.paging import KeyPart, Order
from fracos.practice.paging import keyset

CLIENT_ORDER = Order(("name", "id"), (str, int))
CONTACT_ORDER = Order(("name", "id"), (str, int))


def clients_visible(actor: Actor) -> QuerySet[Client]:
    """Every client the actor may see: the practice's, or a portal user's own one."""
    qs = Client.objects.filter(practice_id=actor.practice_id)
    if not actor.is_staff:
        qs = qs.filter(pk=actor.client_id or 0)
    return qs


def client_get(actor: Actor, client_id: int) -> Client:
    client = clients_visible(actor).filter(pk=client_id).first()
    if client is None:
        raise NotFound(f"client: no client #{client_id}", field="client")
    return client


def client_find(actor: Actor, text: str) -> Client:
    """By id ('#12' or '12') or by a case-insensitive unique prefix of the name."""
    stripped = (text or "").strip().lstrip("#")
    if stripped.isdigit():
        found = clients_visible(actor).filter(pk=int(stripped)).first()
        if found is not None:
            return found
    candidates = [(c, c.name, c.status == "active") for c in clients_visible(actor)]
    return pick_by_prefix(candidates, text, what="client")


def client_list(
    actor: Actor,
    *,
    include_archived: bool = False,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[Client]:
    """By name; ``after``/``limit`` page through it (see CLIENT_ORDER)."""
    qs = clients_visible(actor)
    if not include_archived:
        qs = qs.filter(status="active")
    return keyset(qs, CLIENT_ORDER, after=after, limit=limit)


def contacts_of(
    actor: Actor,
    client_id: int,
    *,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[Contact]:
    client = client_get(actor, client_id)
    return keyset(client.contacts.all(), CONTACT_ORDER, after=after, limit=limit)
