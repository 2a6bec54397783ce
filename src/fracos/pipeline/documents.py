"""Proposals and scope-of-work documents: Markdown from editable templates, and PDF."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import ValidationFailed
from fracos.core.money import from_minor
from fracos.engagements.models import Engagement
from fracos.pipeline.models import DocumentTemplate, Proposal
from fracos.pipeline.selectors import positioning_current
from fracos.practice.models import Practice

KINDS = ("proposal", "scope")
DEFAULTS = Path(__file__).parent / "templates" / "pipeline"
# A plain engine: no autoescaping (this is Markdown), no access to the site's templates.
ENGINE = Engine(autoescape=False, string_if_invalid="")
PDF_CSS = """
@page { size: A4; margin: 22mm 20mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #666; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.45; color: #1d2330; }
h1 { font-size: 18pt; margin: 0 0 4mm; } h2 { font-size: 12.5pt; margin-top: 7mm;
  border-bottom: 1px solid #ccd; padding-bottom: 1mm; } h3 { font-size: 10.5pt; }
"""


def template_body(actor: Actor, kind: str) -> str:
    """The practice's own template for ``kind``, or the shipped default."""
    if kind not in KINDS:
        raise ValidationFailed(f"kind: {kind!r} is not one of {', '.join(KINDS)}", field="kind")
    own = DocumentTemplate.objects.filter(practice_id=actor.practice_id, kind=kind).first()
    return own.body if own else (DEFAULTS / f"{kind}.md").read_text()


def check_template(body: str) -> None:
    try:
        ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        raise ValidationFailed(f"template: {exc}", field="body") from None


def commitment_text(hours: Any, days: Any) -> str:
    if hours is not None:
        return f"{_plain(hours)} hours a week"
    if days is not None:
        return f"{_plain(days)} days a week"
    return "as agreed per month"


def _plain(number: Any) -> str:
    """2.0 -> '2', 1.5 -> '1.5': how people write days and hours."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def price_text(option: dict[str, Any], currency: str) -> str:
    fee = option.get("fee", "0")
    return {
        "retainer": f"{fee} {currency} a month",
        "equity": f"{fee} {currency} a month plus {option.get('equity', '?')} % equity",
        "day_rate": f"{fee} {currency} a day",
        "project": f"{fee} {currency} for the project",
        "pilot": f"{fee} {currency} for a {option.get('weeks', '?')}-week pilot",
    }.get(option.get("pricing_model", ""), f"{fee} {currency}")


def proposal_markdown(actor: Actor, proposal: Proposal, *, for_html: bool = False) -> str:
    practice = Practice.objects.get(pk=actor.practice_id)
    opportunity = proposal.opportunity
    context = {
        "proposal": proposal,
        "opportunity": opportunity,
        "contact": opportunity.contact,
        "practice": practice,
        "positioning": positioning_current(actor),
        "stories": list(opportunity.stories.all()),
        "options": [{**o, "price": price_text(o, opportunity.currency)} for o in proposal.options],
        "commitment": commitment_text(proposal.hours_per_week, proposal.days_per_week),
        "today": clock.today(practice.timezone).isoformat(),
    }
    return _render(template_body(actor, "proposal"), context, escape=for_html)


def scope_markdown(actor: Actor, engagement: Engagement, *, for_html: bool = False) -> str:
    practice = Practice.objects.get(pk=actor.practice_id)
    currency = engagement.currency
    fee = from_minor(engagement.fee_minor, currency)
    option = {
        "pricing_model": engagement.pricing_model,
        "fee": fee,
        "weeks": engagement.pilot_weeks,
        "equity": engagement.equity_percent,
    }
    if engagement.pricing_model == "day_rate":
        option["fee"] = from_minor(engagement.day_rate_minor, currency)
    context = {
        "engagement": engagement,
        "client": engagement.client,
        "practice": practice,
        "pricing": price_text(option, currency),
        "commitment": commitment_text(engagement.hours_per_week, engagement.days_per_week),
        "days": ", ".join(d.capitalize() for d in engagement.weekdays),
        "today": clock.today(practice.timezone).isoformat(),
    }
    return _render(template_body(actor, "scope"), context, escape=for_html)


def _render(body: str, context: dict[str, Any], *, escape: bool) -> str:
    check_template(body)
    text = ENGINE.from_string(body).render(Context(context, autoescape=escape))
    return text.strip() + "\n"


def markdown_pdf(markdown_text: str, title: str) -> bytes:
    import markdown
    from weasyprint import HTML

    body = markdown.markdown(markdown_text, extensions=["extra", "sane_lists"])
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title><style>{PDF_CSS}</style></head><body>{body}</body></html>"
    )
    return bytes(HTML(string=page).write_pdf())
