"""Reads of practices and members, and the access helper every request starts from."""

from __future__ import annotations

import base64
import os

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from fracos.core.access import Actor
from fracos.core.errors import NotFound, PermissionDenied, ValidationFailed
from fracos.practice.compiled import first_with_related
from fracos.practice.models import ApiToken, Member, Practice, PracticeLogo


def actor_for_member(member: Member) -> Actor:
    return Actor(member.practice_id, member.pk, member.role, member.client_id)


def practice_for(actor: Actor) -> Practice:
    return Practice.objects.get(pk=actor.practice_id)


def practice_logo(actor: Actor) -> PracticeLogo | None:
    """The logo invoices are issued with now, or None."""
    actor.require_staff()
    digest = Practice.objects.filter(pk=actor.practice_id).values_list("logo_digest", flat=True)
    return PracticeLogo.objects.filter(practice_id=actor.practice_id, digest=digest[:1]).first()


def logo_data_uri(practice_id: int, digest: str) -> str:
    """The named logo of the practice as a data: URI, or "" when it names none.

    For documents of that practice already fetched through its access helper
    (an invoice's seller snapshot names the digest it was issued with).
    """
    if not digest:
        return ""
    key = (practice_id, digest)
    if key not in _LOGO_URIS:
        found = (
            PracticeLogo.objects.filter(practice_id=practice_id, digest=digest)
            .values_list("media_type", "content")
            .first()
        )
        if found is None:
            return ""
        media_type, content = found
        if len(_LOGO_URIS) >= 64:
            _LOGO_URIS.clear()
        encoded = base64.b64encode(bytes(content)).decode("ascii")
        _LOGO_URIS[key] = f"data:{media_type};base64,{encoded}"
    return _LOGO_URIS[key]


# Month-end renders a thousand PDFs with one logo. Kept by content hash: a digest always
# names the same bytes, so an entry is never stale (a missing logo is not kept).
_LOGO_URIS: dict[tuple[int, str], str] = {}


def _first_member(user_id: int) -> Member | None:
    """The user's first membership with its practice: every page reads it, and Django took
    longer compiling the select_related query than running it."""
    found: Member | None = first_with_related(
        "member",
        Member,
        lambda: Member.objects.select_related("practice").filter(user_id=0).order_by("id")[:1],
        (0,),
        [user_id],
        "practice",
    )
    return found


def member_for_user(
    user: AbstractBaseUser | AnonymousUser, practice_slug: str | None = None
) -> Member:
    """The membership a signed-in user acts through (the first, or the named practice)."""
    if not user.is_authenticated:
        raise PermissionDenied("sign in first")
    if practice_slug:
        members = Member.objects.select_related("practice").filter(user_id=user.pk)
        member = members.filter(practice__slug=practice_slug).order_by("id").first()
    else:
        member = _first_member(user.pk)
    if member is None:
        raise PermissionDenied("you are not a member of any practice")
    return member


def local_actor() -> Actor:
    """Who the command line acts as on this machine: FRACOS_PRACTICE / FRACOS_USER or the only one."""
    practice = local_practice()
    email = os.environ.get("FRACOS_USER")
    members = Member.objects.filter(practice=practice).select_related("user")
    if email:
        member = members.filter(user__email__iexact=email).first()
        if member is None:
            raise NotFound(f"FRACOS_USER: {email} is not a member of {practice.name}")
    else:
        member = members.filter(role="owner").order_by("id").first()
        if member is None:
            raise NotFound(f"{practice.name} has no owner; add one with `fracos user add`")
    return actor_for_member(member)


def local_practice() -> Practice:
    slug = os.environ.get("FRACOS_PRACTICE")
    if slug:
        found = Practice.objects.filter(slug=slug).first()
        if found is None:
            raise NotFound(f"FRACOS_PRACTICE: no practice {slug!r} in this database")
        return found
    practices = list(Practice.objects.order_by("id")[:2])
    if not practices:
        raise NotFound(
            "no practice yet: run `fracos init --name NAME` (or `fracos demo` to explore)"
        )
    if len(practices) > 1:
        slugs = ", ".join(Practice.objects.values_list("slug", flat=True))
        raise ValidationFailed(f"several practices here; set FRACOS_PRACTICE to one of: {slugs}")
    return practices[0]


def members(actor: Actor) -> list[Member]:
    actor.require_staff()
    return list(
        Member.objects.filter(practice_id=actor.practice_id)
        .select_related("user", "client")
        .order_by("role", "user__email")
    )


def tokens_of(actor: Actor) -> list[ApiToken]:
    """The acting member's own tokens, live and revoked."""
    return list(ApiToken.objects.filter(member_id=actor.member_id).order_by("created_at", "id"))
