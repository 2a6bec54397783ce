"""Practice health: where the practice stands against the playbook, one check at a time.

Each check (see ``checks.py``) gives a status, the figure, the rule in one
sentence quoting the practice's own setting, and what to do. Every threshold is
a playbook setting (``core/playbook.py``). Amounts stay in their currency.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fracos.core import clock
from fracos.core.access import Actor
from fracos.insights.check_engagements import (
    check_clients,
    check_concentration,
    check_over_delivery,
    check_underpricing,
)
from fracos.insights.check_growth import check_business_development, check_pipeline
from fracos.insights.check_money import check_cadence, check_receivables, check_runway
from fracos.insights.check_week import check_context_switching, check_utilisation, window_entries
from fracos.insights.checks import Check, Context, worst
from fracos.practice.models import Practice

if TYPE_CHECKING:
    from fracos.insights.invoiced import Invoiced

__all__ = ["Check", "overall", "practice_health"]


def practice_health(
    actor: Actor,
    *,
    practice: Practice | None = None,
    engagements: list[Any] | None = None,
    cadence: list[Any] | None = None,
    invoiced: Invoiced | None = None,
    unpaid: list[tuple[Any, str]] | None = None,
    weighted: dict[str, Decimal] | None = None,
) -> list[Check]:
    """Every check, in the playbook's order; pass what the caller has already read
    (``invoiced``: the twelve full months before this one)."""
    from fracos.engagements.selectors import engagement_list
    from fracos.insights.invoiced import invoiced_income
    from fracos.practice.selectors import practice_for

    actor.require_staff()
    if practice is None or practice.pk != actor.practice_id:
        practice = practice_for(actor)
    ctx = Context(
        actor=actor,
        practice=practice,
        rules=practice.rules,
        today=clock.today(practice.timezone),
        engagements=engagements
        if engagements is not None
        else engagement_list(actor, status="active"),
        weighted=weighted,
        unpaid=unpaid,
    )
    entries = window_entries(ctx)
    if invoiced is None:
        twelve_months_ago = clock.add_months(ctx.today.replace(day=1), -12)
        invoiced = invoiced_income(actor, first_month=twelve_months_ago)
    return [
        check_clients(ctx),
        check_concentration(ctx, invoiced),
        check_underpricing(ctx),
        check_over_delivery(ctx),
        check_business_development(ctx, entries),
        check_pipeline(ctx),
        check_context_switching(ctx, entries),
        check_utilisation(ctx, entries),
        check_runway(ctx),
        check_receivables(ctx),
        check_cadence(ctx, cadence),
    ]


def overall(checks: Sequence[Check]) -> str:
    return worst([c.status for c in checks])
