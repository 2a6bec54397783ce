"""A practice's books with every tax case and three currencies, and the documents made from it.

Issued, in order (figures by hand):
  2026-0001  Acme, Sept, exempt (E)              net 8000.00 EUR, VAT 0,      total 8000.00
  2026-0002  Acme, Oct, domestic 21 %            net 8000.00 EUR, VAT 1680.00, total 9680.00
  2026-0003  Brightwave (NL), reverse charge K   net 2400.00 EUR, VAT 0,      total 2400.00
  2026-0004  Gadget Corp (US), not subject O     net 3999.99 USD, VAT 0,      total 3999.99
  2026-0005  Sakura KK (JP), not subject O       net 250000 JPY,  VAT 0,      total 250000
  CN-2026-0001 credits 1000.00 of 2026-0002      net 1000.00 EUR, VAT 210.00, total 1210.00
Payments: 8000.00 EUR on 0001, 4000.00 EUR on 0002, 3999.99 USD on 0004.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fracos.core import clock
from tests.billing.helpers import month, ready_practice


def _issue_with_lines(
    actor: Any, client_id: int, lines: list[tuple[str, str, str]], period: str, on: date
) -> Any:
    from fracos.billing import services

    draft = services.invoice_draft(actor, client_id=client_id, period=month(period))
    for description, quantity, price in lines:
        services.invoice_line_add(
            actor, invoice_id=draft.pk, description=description, quantity=quantity, unit_price=price
        )
    return services.invoice_issue(actor, invoice_id=draft.pk, issue_date=on)


def write_books(cast: Any) -> dict[str, Any]:
    """Issue the documents above on the cast's practice; returns them by number."""
    from fracos.billing import services
    from fracos.clients.services import client_add
    from fracos.practice.services import playbook_update

    ready_practice(cast)
    owner = cast.owner
    playbook_update(
        owner,
        {"vat_exempt": True, "vat_exemption_reason": "Small business exemption, art. 56bis"},
    )
    exempt = _issue_with_lines(owner, cast.acme.pk, [], "2026-09", date(2026, 9, 30))
    playbook_update(owner, {"vat_exempt": False, "vat_exemption_reason": ""})
    domestic = _issue_with_lines(owner, cast.acme.pk, [], "2026-10", date(2026, 10, 31))
    reverse = _issue_with_lines(
        owner, cast.brightwave.pk, [("Architecture workshop", "2", "1200")], "2026-11",
        date(2026, 11, 2),
    )  # fmt: skip
    us = client_add(
        owner, name="Gadget Corp", country="US", currency="USD", city="Austin",
        peppol_id="0088:4035811991021",
    )  # fmt: skip
    dollars = _issue_with_lines(
        owner, us.pk, [("Advisory, 3 sessions", "3", "1333.33")], "2026-11", date(2026, 11, 3)
    )
    jp = client_add(
        owner, name="Sakura KK", country="JP", currency="JPY", city="Tokyo",
        peppol_id="0088:4035811991038",
    )  # fmt: skip
    yen = _issue_with_lines(
        owner, jp.pk, [("Board workshop", "1", "250000")], "2026-11", date(2026, 11, 4)
    )
    services.payment_add(owner, invoice_id=exempt.pk, amount="8000", on=date(2026, 10, 15))
    services.payment_add(owner, invoice_id=domestic.pk, amount="4000", on=date(2026, 11, 10))
    services.payment_add(owner, invoice_id=dollars.pk, amount="3999.99", on=date(2026, 11, 12))
    credit = services.invoice_credit(
        owner, invoice_id=domestic.pk, amount="1000", reason="Goodwill"
    )
    return {i.number: i for i in (exempt, domestic, reverse, dollars, yen, credit)}


def write_every_list(cast: Any) -> dict[str, Any]:
    """:func:`write_books` plus a row for the lists the books leave empty: a contact, an hour
    of client time and an opportunity, so every export has something to write."""
    from decimal import Decimal

    from fracos.clients.services import contact_add
    from fracos.pipeline.services import opportunity_add
    from fracos.timesheets.services import time_log

    contact_add(cast.owner, cast.acme.pk, name="Ann Peeters", role="CFO")
    time_log(cast.owner, seconds=5400, client="acme", work_date=date(2026, 11, 2))
    opportunity_add(
        cast.owner, title="Fractional CTO", organisation="Zeta", monthly_value=Decimal("6500")
    )
    return write_books(cast)


def today() -> date:
    return clock.today("Europe/Brussels")
