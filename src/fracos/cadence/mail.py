"""A sent monthly summary as an email to the client, with its PDF attached."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from fracos.cadence.models import Summary
from fracos.cadence.pdf import summary_pdf


def summary_message(summary: Summary, to: str, sender_name: str, sender_email: str) -> EmailMessage:
    sender = sender_email or settings.DEFAULT_FROM_EMAIL
    body = (
        f'Hello,\n\nAttached is the progress summary "{summary.title}" for '
        f"{summary.engagement.client.name} ({summary.period_start:%B %Y}).\n"
        "You can also read it in your client portal.\n\n"
        f"Kind regards,\n{sender_name}\n"
    )
    message = EmailMessage(
        f"Progress summary: {summary.title}",
        body,
        from_email=sender,
        to=[to],
        reply_to=[sender],
    )
    slug = f"summary-{summary.engagement_id}-{summary.period_start:%Y-%m}.pdf"
    message.attach(slug, summary_pdf(summary.title, summary.body), "application/pdf")
    return message
