"""Billing's playbook settings, and the audit trail of every issue, send, payment, reminder, credit."""

from __future__ import annotations

from datetime import date

import pytest

from fracos.billing import services
from fracos.core.errors import ValidationFailed
from fracos.core.playbook import PlaybookSettings
from fracos.practice.models import AuditEvent
from fracos.practice.services import playbook_update, practice_update
from tests.billing.helpers import month, ready_practice


@pytest.fixture
def ready(cast):  # type: ignore[no-untyped-def]
    ready_practice(cast)
    return cast


def test_the_billing_defaults_are_the_playbooks():
    rules = PlaybookSettings()
    assert rules.invoice_number_pattern == "{year}-{seq:04d}"
    assert rules.credit_note_number_pattern == "CN-{year}-{seq:04d}"
    assert rules.reminder_days == [-3, 0, 7, 14, 30]
    assert rules.structured_payment_reference is True
    assert (rules.vat_exempt, rules.vat_exemption_reason, rules.run_due_issue) == (False, "", False)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"vat_exempt": "yes"}, "vat_exemption_reason"),
        ({"invoice_number_pattern": "INV-{year}"}, "invoice_number_pattern"),
        ({"credit_note_number_pattern": "CN-{month}-{seq}"}, "credit_note_number_pattern"),
    ],
)
def test_billing_settings_that_cannot_work_are_refused(changes, field):
    with pytest.raises(ValidationFailed) as caught:
        PlaybookSettings().updated(changes)
    assert caught.value.field == field


def test_a_custom_number_pattern_numbers_the_invoice(ready):
    playbook_update(ready.owner, {"invoice_number_pattern": "F{year}/{seq:05d}"})
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert services.invoice_issue(ready.owner, invoice_id=draft.pk).number == "F2026/00001"


def test_the_structured_communication_can_be_turned_off(ready):
    playbook_update(ready.owner, {"structured_payment_reference": "no"})
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert services.invoice_issue(ready.owner, invoice_id=draft.pk).payment_reference == "2026-0001"


def test_a_practice_outside_belgium_uses_the_number_as_reference(ready):
    practice_update(ready.owner, country="NL", vat_number="NL004495445B01")
    from fracos.clients.services import client_update

    client_update(ready.owner, ready.acme.pk, country="NL", vat_number="NL004495445B01")
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert issued.payment_reference == "2026-0001"
    assert issued.tax_minor == 168000  # Dutch 21 %


def test_issue_send_payment_reminder_and_credit_are_audited(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-10"))
    invoice = services.invoice_issue(ready.owner, invoice_id=draft.pk, issue_date=date(2026, 10, 1))
    services.invoice_send(ready.owner, invoice_id=invoice.pk)
    services.payment_add(ready.owner, invoice_id=invoice.pk, amount="100", on=date(2026, 10, 5))
    services.reminders_send_due(ready.owner, today=date(2026, 11, 18))
    services.invoice_credit(ready.owner, invoice_id=invoice.pk, amount="50")
    actions = list(
        AuditEvent.objects.filter(subject_type="invoice").values_list("action", flat=True)
    )
    for action in (
        "invoice.issued",
        "invoice.sent",
        "payment.added",
        "reminder.sent",
        "credit_note.issued",
        "invoice.credited",
    ):
        assert action in actions, action
    assert AuditEvent.objects.filter(
        action="invoice.issued", actor_id=ready.owner.member_id
    ).exists()
