"""Emailing a sent summary as a PDF through the service: who may, and what goes out."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from fracos.cadence.services import summary_draft, summary_email, summary_send
from fracos.core import clock
from fracos.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from fracos.practice.models import AuditEvent

OCTOBER = clock.month_of(date(2026, 10, 1))


@pytest.fixture
def sent(cast):
    draft = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    return summary_send(cast.owner, draft.pk)


def test_a_leader_emails_a_sent_summary_with_its_pdf(cast, sent):
    summary_email(cast.leader, sent.pk, to=" cto@acme.example ")
    (message,) = mail.outbox
    assert message.to == ["cto@acme.example"]
    assert "Acme Logistics (October 2026)" in message.body
    assert "Peeters Tech Leadership" in message.body
    assert message.attachments[0][1].startswith(b"%PDF")
    event = AuditEvent.objects.get(action="summary.emailed")
    assert event.data == {"to": "cto@acme.example"}


@pytest.mark.parametrize(
    ("who", "error"),
    [("viewer", PermissionDenied), ("portal", PermissionDenied), ("outsider", NotFound)],
)
def test_a_viewer_a_portal_user_and_an_outsider_cannot_email_it(cast, sent, who, error):
    with pytest.raises(error):
        summary_email(getattr(cast, who), sent.pk, to="cto@acme.example")
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="summary.emailed").exists()


def test_a_draft_or_a_bad_address_is_refused_and_nothing_is_sent(cast, sent):
    draft = summary_draft(cast.owner, engagement_id=cast.day_rate.pk, month=OCTOBER)
    with pytest.raises(Conflict, match="is a draft; mark it sent before emailing it"):
        summary_email(cast.owner, draft.pk, to="cto@acme.example")
    for address in ("", "not an address", "a@b\nBcc: x@y.z"):
        with pytest.raises(ValidationFailed, match="is not an email address"):
            summary_email(cast.owner, sent.pk, to=address)
    assert mail.outbox == []
