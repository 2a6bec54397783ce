"""Billing's overage lines come from the same retainer figures people see: they never disagree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.billing import services
from fracos.core.playbook import PlaybookSettings
from fracos.timesheets.retainer import retainer_month
from tests.billing.helpers import month, ready_practice
from tests.insights.helpers import log_hours


@pytest.fixture
def ready(cast):  # type: ignore[no-untyped-def]
    from fracos.engagements.services import engagement_update

    ready_practice(cast)
    # 12 h a week × 52/12 = 52 h a month, from September.
    engagement_update(
        cast.owner,
        cast.retainer.pk,
        days_per_week=None,
        hours_per_week="12",
        start_date=date(2026, 9, 1),
    )
    return cast


def _policy(cast, **changes):  # type: ignore[no-untyped-def]
    from fracos.engagements.services import engagement_update

    return engagement_update(cast.owner, cast.retainer.pk, **changes)


def _overage_lines(draft):  # type: ignore[no-untyped-def]
    return [(line.quantity, line.unit_price_minor) for line in draft.lines.filter(kind="overage")]


def test_the_billed_overage_is_the_retainer_figures_billable_hours(ready) -> None:
    engagement = _policy(ready, overage_policy="bill", overage_rate="150")
    log_hours(ready.owner, engagement, date(2026, 10, 1), 58)  # 6 h over 52
    october = retainer_month(ready.owner, engagement, month("2026-10"), PlaybookSettings())
    assert october is not None and october.billable_hours == Decimal("6.00")
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert _overage_lines(draft) == [(Decimal("6.00"), 15000)]
    assert draft.overage[0]["overage_hours"] == "6.00" and draft.overage[0]["billed"] is True


def test_rolled_over_hours_absorb_what_would_otherwise_be_over(ready) -> None:
    # September uses 40 h: 12 h roll into October, whose 58 h fit its 64 h allowance.
    _policy(ready, overage_policy="rollover", rollover_periods="1")
    log_hours(ready.owner, ready.retainer, date(2026, 9, 1), 40)
    log_hours(ready.owner, ready.retainer, date(2026, 10, 1), 58)
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert _overage_lines(draft) == []
    report = draft.overage[0]
    assert (report["rolled_in_hours"], report["allowance_hours"]) == ("12.00", "64.00")
    assert (report["logged_hours"], report["overage_hours"]) == ("58.00", "0.00")


def test_a_carried_overrun_is_reported_against_the_next_month_and_never_billed(ready) -> None:
    _policy(ready, overage_policy="carry")
    log_hours(ready.owner, ready.retainer, date(2026, 9, 1), 60)  # 8 h over
    log_hours(ready.owner, ready.retainer, date(2026, 10, 1), 50)  # 44 h allowance: 6 h over
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert _overage_lines(draft) == []
    report = draft.overage[0]
    assert (report["carried_in_hours"], report["allowance_hours"]) == ("8.00", "44.00")
    assert report["overage_hours"] == "6.00"
