"""Shared set-up for the billing tests: a practice that can issue valid e-invoices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fracos.core import clock


def ready_practice(cast: Any) -> None:
    """The cast's practice with a legal identity, a Belgian VAT number and an IBAN."""
    from fracos.clients.services import client_update
    from fracos.practice.services import practice_update

    practice_update(
        cast.owner,
        legal_name="Peeters Tech Leadership BV",
        street="Rue de la Loi 42",
        postcode="1040",
        city="Brussels",
        vat_number="BE0403019261",
        enterprise_number="0403019261",
        iban="BE71096123456769",
        bic="GKCCBEBB",
        email="lena@peeters.example",
    )
    client_update(
        cast.owner,
        cast.acme.pk,
        legal_name="Acme Logistics NV",
        street="Havenlaan 12",
        postcode="1000",
        city="Brussels",
        billing_email="finance@acme.example",
    )
    client_update(
        cast.owner,
        cast.brightwave.pk,
        vat_number="NL004495445B01",
        street="Keizersgracht 1",
        postcode="1015 CJ",
        city="Amsterdam",
        billing_email="ap@brightwave.example",
    )


def month(label: str) -> clock.Period:
    return clock.parse_period(label, clock.today("Europe/Brussels"))


def log(cast: Any, engagement: Any, day: str, hours: str) -> None:
    from fracos.timesheets.services import time_log

    time_log(
        cast.owner,
        seconds=int(Decimal(hours) * 3600),
        engagement_id=engagement.pk,
        work_date=clock.parse_date(day),
        note="work",
    )
