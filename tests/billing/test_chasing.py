"""Reminders on the practice's schedule, sent once; run-due drafts the month once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from fracos.billing import services
from fracos.billing.models import Invoice, Reminder
from fracos.core.errors import PermissionDenied, ValidationFailed
from fracos.practice.services import playbook_update
from tests.billing.helpers import month, ready_practice


@pytest.fixture
def ready(cast):  # type: ignore[no-untyped-def]
    ready_practice(cast)
    return cast


def _issued(ready, period: str, issue_date: date) -> Invoice:  # type: ignore[no-untyped-def]
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month(period))
    return services.invoice_issue(ready.owner, invoice_id=draft.pk, issue_date=issue_date)


def test_sending_an_invoice_emails_its_pdf_to_the_billing_address(ready):
    invoice = _issued(ready, "2026-11", date(2026, 11, 18))
    assert services.invoice_send(ready.owner, invoice_id=invoice.pk) == "finance@acme.example"
    (message,) = mail.outbox
    assert message.to == ["finance@acme.example"]
    assert message.subject == "Invoice 2026-0001 from Peeters Tech Leadership BV"
    assert "9680.00 EUR" in message.body and "+++260/0000/00170+++" in message.body
    name, content, kind = message.attachments[0]
    assert (name, kind) == ("2026-0001.pdf", "application/pdf") and content[:4] == b"%PDF"


def test_sending_without_a_billing_email_says_how_to_add_one(ready):
    from fracos.clients.services import client_update

    client_update(ready.owner, ready.acme.pk, billing_email="")
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    invoice = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    with pytest.raises(ValidationFailed, match="--billing-email") as caught:
        services.invoice_send(ready.owner, invoice_id=invoice.pk)
    assert caught.value.field == "billing_email"
    assert Invoice.objects.get(pk=invoice.pk).sent_at is None and not mail.outbox


def test_the_latest_due_reminder_is_sent_once(ready):
    invoice = _issued(ready, "2026-10", date(2026, 10, 1))  # due 31 October
    # 18 November is due + 18 days: steps −3, 0, 7 and 14 have come; only 14 is sent.
    sent = services.reminders_send_due(ready.owner, today=date(2026, 11, 18)).sent
    assert [(r.invoice_id, r.step) for r in sent] == [(invoice.pk, 14)]
    # The step is 14, but the email says how late the invoice really is.
    assert "was due on 2026-10-31, 18 days ago" in mail.outbox[0].body
    assert mail.outbox[0].attachments
    assert services.reminders_send_due(ready.owner, today=date(2026, 11, 18)).sent == []
    later = services.reminders_send_due(ready.owner, today=date(2026, 11, 30)).sent
    assert [r.step for r in later] == [30]
    assert len(mail.outbox) == 2


def test_a_paid_invoice_is_not_chased(ready):
    invoice = _issued(ready, "2026-10", date(2026, 10, 1))
    services.payment_add(ready.owner, invoice_id=invoice.pk, amount="9680", on=date(2026, 10, 20))
    assert services.reminders_send_due(ready.owner, today=date(2026, 11, 18)).sent == []
    assert not Reminder.objects.exists()


def test_a_friendly_note_goes_three_days_before_the_due_date(ready):
    _issued(ready, "2026-10", date(2026, 10, 1))  # due 31 October
    sent = services.reminders_send_due(ready.owner, today=date(2026, 10, 28)).sent
    assert [r.step for r in sent] == [-3]
    assert mail.outbox[0].subject == "Invoice 2026-0001 falls due on 2026-10-31"


def test_reminders_state_what_is_still_open_after_a_payment_and_a_credit(ready):
    invoice = _issued(ready, "2026-10", date(2026, 10, 1))  # 9680.00 due 31 October
    services.payment_add(ready.owner, invoice_id=invoice.pk, amount="4000", on=date(2026, 10, 20))
    services.invoice_credit(ready.owner, invoice_id=invoice.pk, amount="1000")  # 1210.00 with VAT
    services.reminders_send_due(ready.owner, today=date(2026, 10, 28))
    # 9680.00 − 4000.00 − 1210.00 = 4470.00
    assert "of 9680.00 EUR falls due on 2026-10-31; 4470.00 EUR of it is still open" in (
        mail.outbox[-1].body
    )
    services.reminders_send_due(ready.owner, today=date(2026, 11, 1))
    assert "1 day ago, and 4470.00 EUR is still open" in mail.outbox[-1].body


def test_the_reminder_schedule_is_a_practice_setting(ready):
    playbook_update(ready.owner, {"reminder_days": "10,40"})
    _issued(ready, "2026-10", date(2026, 10, 1))
    assert [
        r.step for r in services.reminders_send_due(ready.owner, today=date(2026, 11, 18)).sent
    ] == [10]


def test_run_due_drafts_this_months_retainers_once(ready):
    first = services.run_due(ready.owner, today=date(2026, 12, 1))
    assert [(i.client_id, i.period_start) for i in first.drafted] == [
        (ready.acme.pk, date(2026, 12, 1))
    ]
    assert first.problems == []
    again = services.run_due(ready.owner, today=date(2026, 12, 1))
    assert again.drafted == [] and Invoice.objects.count() == 1


def test_run_due_can_issue_and_send_when_the_practice_says_so(ready):
    playbook_update(ready.owner, {"run_due_issue": True})
    outcome = services.run_due(ready.owner, today=date(2026, 11, 18))
    assert [i.number for i in outcome.issued] == ["2026-0001"]
    assert [i.number for i in outcome.sent] == ["2026-0001"]
    assert mail.outbox[0].to == ["finance@acme.example"]
    assert services.run_due(ready.owner, today=date(2026, 11, 18)).issued == []


def test_run_due_reports_a_client_it_cannot_bill_and_carries_on(ready):
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    nl = client_add(ready.owner, name="Dutch Co", country="NL")
    engagement_add(
        ready.owner,
        client_id=nl.pk,
        role_title="CTO",
        pricing_model="retainer",
        fee="5000",
        start_date=date(2026, 1, 1),
    )
    outcome = services.run_due(ready.owner, today=date(2026, 12, 1))
    assert len(outcome.drafted) == 1
    assert outcome.problems == [
        "Dutch Co: vat_number: Dutch Co is in NL, so this is an intra-EU reverse-charge invoice, "
        'which needs the client\'s VAT number; set it with `fracos client set "Dutch Co" --vat NUMBER`'
    ]


def test_a_viewer_cannot_send_or_chase(ready):
    invoice = _issued(ready, "2026-10", date(2026, 10, 1))
    with pytest.raises(PermissionDenied):
        services.invoice_send(ready.viewer, invoice_id=invoice.pk)
    with pytest.raises(PermissionDenied):
        services.reminders_send_due(ready.viewer)
    with pytest.raises(PermissionDenied):
        services.run_due(ready.viewer)
    outsider = services.run_due(ready.outsider, today=date(2026, 12, 1))
    assert outsider.drafted == [] and outsider.reminders == []


# A month-end run's cost grows with its clients: 73 queries for these four today
# (transaction, drafting, claims, numbering, audit), so one more per client shows here.
QUERIES_PER_CLIENT = 19


def _retainer_client(ready, name: str) -> None:  # type: ignore[no-untyped-def]
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    client = client_add(ready.owner, name=name, country="BE", vat_number="BE0765432146")
    engagement_add(
        ready.owner,
        client_id=client.pk,
        role_title="CTO",
        pricing_model="retainer",
        fee="5000",
        start_date=date(2026, 1, 1),
    )


def test_run_due_reads_the_practice_once_and_issues_each_client_in_a_few_queries(ready):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    playbook_update(ready.owner, {"run_due_issue": True})
    for name in ("Beta BV", "Gamma BV", "Delta BV"):
        _retainer_client(ready, name)
    with CaptureQueriesContext(connection) as queries:
        outcome = services.bill_due(ready.owner, today=date(2026, 12, 1))
    assert [i.number for i in outcome.issued] == [f"2026-{n:04d}" for n in range(1, 5)]
    assert len([q for q in queries if 'FROM "practice_practice"' in q["sql"]]) == 1
    # In a test's never-committed transaction every write bumps the data version at once
    # (in production it is one statement after each commit): those are not the run's cost.
    work = [q for q in queries if "fracos_data_version" not in q["sql"]]
    assert len(work) <= 2 + 4 * QUERIES_PER_CLIENT  # two for the run: practice, clients
