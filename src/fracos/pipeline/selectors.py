"""Reads of the pipeline, scoped to the actor's practice (portal users see none of it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.core.money import from_minor, round_money
from fracos.core.paging import KeyPart, Order
from fracos.core.playbook import PlaybookSettings
from fracos.core.positioning import Finding, check_positioning, check_proof_result
from fracos.core.pricing import WEEKS_PER_MONTH
from fracos.engagements.models import Engagement
from fracos.pipeline.choices import OPEN_STAGES, Stage
from fracos.pipeline.models import (
    NetworkContact,
    Opportunity,
    Outreach,
    Positioning,
    ProofStory,
    Proposal,
    ThoughtLeadership,
)
from fracos.practice.models import Practice
from fracos.practice.paging import keyset


def _practice(actor: Actor) -> Practice:
    actor.require_staff()
    return Practice.objects.get(pk=actor.practice_id)


def positioning_current(actor: Actor) -> Positioning | None:
    actor.require_staff()
    return Positioning.objects.filter(practice_id=actor.practice_id).first()


def positioning_history(actor: Actor) -> list[Positioning]:
    actor.require_staff()
    return list(Positioning.objects.filter(practice_id=actor.practice_id))


def positioning_findings(positioning: Positioning) -> list[Finding]:
    return check_positioning(
        who=positioning.who,
        what=positioning.what,
        different=positioning.different,
        outcome=positioning.outcome,
    )


def stories(actor: Actor) -> list[ProofStory]:
    actor.require_staff()
    return list(
        ProofStory.objects.filter(practice_id=actor.practice_id).prefetch_related("opportunities")
    )


def story_get(actor: Actor, story_id: int) -> ProofStory:
    actor.require_staff()
    found = ProofStory.objects.filter(practice_id=actor.practice_id, pk=story_id).first()
    if found is None:
        raise NotFound(f"story: no proof story #{story_id}", field="story")
    return found


def story_finding(story: ProofStory) -> Finding:
    return check_proof_result(story.result)


def contacts(actor: Actor, *, top_only: bool = False) -> QuerySet[NetworkContact]:
    actor.require_staff()
    qs = NetworkContact.objects.filter(practice_id=actor.practice_id)
    return qs.filter(top=True) if top_only else qs


def contact_get(actor: Actor, contact_id: int) -> NetworkContact:
    found = contacts(actor).filter(pk=contact_id).first()
    if found is None:
        raise NotFound(f"contact: no contact #{contact_id}", field="contact")
    return found


def contact_find(actor: Actor, text: str) -> NetworkContact:
    from fracos.core.matching import pick_by_prefix

    stripped = (text or "").strip().lstrip("#")
    if stripped.isdigit():
        return contact_get(actor, int(stripped))
    return pick_by_prefix([(c, c.name, True) for c in contacts(actor)], text, what="contact")


def next_steps_due(actor: Actor, on: date) -> list[Outreach]:
    """The latest outreach of each contact whose next step is due by ``on``."""
    actor.require_staff()
    latest: dict[int, Outreach] = {}
    for item in (
        Outreach.objects.filter(practice_id=actor.practice_id)
        .select_related("contact")
        .order_by("contact_id", "-on", "-id")
    ):
        latest.setdefault(item.contact_id, item)
    due = [o for o in latest.values() if o.next_step_on and o.next_step_on <= on]
    return sorted(due, key=lambda o: (o.next_step_on or on, o.contact.name))


def opportunities(actor: Actor, *, open_only: bool = False) -> QuerySet[Opportunity]:
    actor.require_staff()
    qs = Opportunity.objects.filter(practice_id=actor.practice_id).select_related(
        "contact", "client"
    )
    return qs.filter(stage__in=OPEN_STAGES) if open_only else qs


def opportunity_get(actor: Actor, opportunity_id: int) -> Opportunity:
    found = opportunities(actor).filter(pk=opportunity_id).first()
    if found is None:
        raise NotFound(f"opportunity: no opportunity #{opportunity_id}", field="opportunity")
    return found


def probability(opportunity: Opportunity, stage_probabilities: dict[str, int]) -> int:
    if opportunity.probability is not None:
        return opportunity.probability
    return stage_probabilities.get(opportunity.stage, 0)


def weighted_value(opportunity: Opportunity, stage_probabilities: dict[str, int]) -> Decimal:
    value = from_minor(opportunity.monthly_value_minor, opportunity.currency)
    return round_money(
        value * probability(opportunity, stage_probabilities) / 100, opportunity.currency
    )


@dataclass(frozen=True)
class BoardColumn:
    stage: Stage
    cards: list[Opportunity]
    weighted: dict[str, Decimal]  # per currency: never summed across currencies


def board(actor: Actor, rules: PlaybookSettings | None = None) -> list[BoardColumn]:
    """``rules`` saves a query when the caller holds the practice already (a web request)."""
    rules = rules or _practice(actor).rules
    by_stage: dict[str, list[Opportunity]] = {s.value: [] for s in Stage}
    for opportunity in opportunities(actor).order_by("expected_start", "id"):
        by_stage[opportunity.stage].append(opportunity)
    columns = []
    for stage in Stage:
        totals: dict[str, Decimal] = {}
        for card in by_stage[stage.value]:
            totals[card.currency] = totals.get(card.currency, Decimal(0)) + weighted_value(
                card, rules.stage_probabilities
            )
        columns.append(BoardColumn(stage, by_stage[stage.value], totals))
    return columns


def weighted_pipeline(actor: Actor, rules: PlaybookSettings | None = None) -> dict[str, Decimal]:
    """Weighted monthly value of the open pipeline, per currency."""
    totals: dict[str, Decimal] = {}
    for column in board(actor, rules):
        if column.stage in OPEN_STAGES:
            for currency, amount in column.weighted.items():
                totals[currency] = totals.get(currency, Decimal(0)) + amount
    return totals


@dataclass(frozen=True)
class PilotStats:
    pilots: int
    converted: int
    closed: int
    running: int
    average_days_to_convert: Decimal | None

    @property
    def conversion_rate(self) -> Decimal | None:
        decided = self.converted + self.closed
        return None if not decided else Decimal(100 * self.converted) / decided


def pilot_stats(actor: Actor) -> PilotStats:
    from fracos.engagements.selectors import engagements_visible

    actor.require_staff()
    pilots = list(
        engagements_visible(actor).filter(pricing_model="pilot").select_related("converts_to")
    )
    converted = [p for p in pilots if p.converts_to_id]
    closed = [p for p in pilots if not p.converts_to_id and p.status == "ended"]
    days = [(p.converts_to.start_date - p.start_date).days for p in converted if p.converts_to]
    average = Decimal(sum(days)) / len(days) if days else None
    return PilotStats(
        len(pilots),
        len(converted),
        len(closed),
        len(pilots) - len(converted) - len(closed),
        average,
    )


def thought_leadership(actor: Actor) -> list[ThoughtLeadership]:
    actor.require_staff()
    return list(ThoughtLeadership.objects.filter(practice_id=actor.practice_id))


def thought_leadership_due(actor: Actor, on: date) -> tuple[bool, date | None]:
    """(is an activity due?, date of the last one) against the practice's cadence."""
    rules = _practice(actor).rules
    last = ThoughtLeadership.objects.filter(practice_id=actor.practice_id).order_by("-on").first()
    if last is None:
        return True, None
    return (on - last.on).days >= rules.thought_leadership_interval_days, last.on


def pilot_terms(
    fee: Decimal, weeks: int, retainer_minor: int, currency: str
) -> tuple[Decimal, Decimal | None]:
    """A pilot's monthly equivalent, and its discount in % below the eventual retainer."""
    monthly = round_money(fee / Decimal(weeks) * WEEKS_PER_MONTH, currency)
    retainer = from_minor(retainer_minor, currency)
    if retainer <= 0:
        return monthly, None
    return monthly, round_money((retainer - monthly) / retainer * 100, "EUR")


def proposals_of(actor: Actor, opportunity_id: int) -> list[Proposal]:
    actor.require_staff()
    return list(
        Proposal.objects.filter(practice_id=actor.practice_id, opportunity_id=opportunity_id)
    )


def proposals(actor: Actor) -> list[Proposal]:
    actor.require_staff()
    return list(
        Proposal.objects.filter(practice_id=actor.practice_id).select_related("opportunity")
    )


def stories_with_proposals(actor: Actor) -> list[tuple[ProofStory, list[Proposal]]]:
    """Each proof story with the proposals written for the opportunities that use it."""
    found = stories(actor)
    by_opportunity: dict[int, list[Proposal]] = {}
    for proposal in Proposal.objects.filter(
        practice_id=actor.practice_id, opportunity__stories__isnull=False
    ).distinct():
        by_opportunity.setdefault(proposal.opportunity_id, []).append(proposal)
    return [
        (s, [p for o in s.opportunities.all() for p in by_opportunity.get(o.pk, [])]) for s in found
    ]


def pilots(actor: Actor) -> list[Engagement]:
    """Every pilot engagement with the opportunity it came from (when there is one)."""
    from fracos.engagements.selectors import engagements_visible

    actor.require_staff()
    return list(
        engagements_visible(actor)
        .filter(pricing_model="pilot")
        .select_related("converts_to")
        .order_by("-start_date", "-id")
    )


def opportunities_of_pilots(actor: Actor) -> dict[int, Opportunity]:
    actor.require_staff()
    return {
        o.pilot_engagement_id: o
        for o in Opportunity.objects.filter(
            practice_id=actor.practice_id, pilot_engagement__isnull=False
        )
        if o.pilot_engagement_id is not None
    }


def contacts_listed(
    actor: Actor, *, top_only: bool = False, fit_only: bool = False, warmth: int | None = None
) -> QuerySet[NetworkContact]:
    """The warm network for a list: top first, warmest first, with the last conversation's date."""
    from django.db.models import Max

    qs = contacts(actor, top_only=top_only)
    if fit_only:
        qs = qs.filter(fits_profile=True)
    if warmth is not None:
        qs = qs.filter(warmth=warmth)
    return qs.annotate(last_on=Max("outreach__on")).order_by("-top", "-warmth", "name")


def top_count(actor: Actor) -> int:
    return contacts(actor, top_only=True).count()


# -- pages for the API ------------------------------------------------------------------

NEWEST_FIRST = Order(("-id",), (int,))
STORY_ORDER = Order(("id",), (int,))
CONTACT_ORDER = Order(("name", "id"), (str, int))
ACTIVITY_ORDER = Order(("-on", "-id"), (date, int))


def positioning_page(
    actor: Actor, *, after: tuple[KeyPart, ...] | None = None, limit: int | None = None
) -> list[Positioning]:
    actor.require_staff()
    qs = Positioning.objects.filter(practice_id=actor.practice_id)
    return keyset(qs, NEWEST_FIRST, after=after, limit=limit)


def stories_page(
    actor: Actor, *, after: tuple[KeyPart, ...] | None = None, limit: int | None = None
) -> list[ProofStory]:
    actor.require_staff()
    qs = ProofStory.objects.filter(practice_id=actor.practice_id).prefetch_related("opportunities")
    return keyset(qs, STORY_ORDER, after=after, limit=limit)


def contacts_page(
    actor: Actor,
    *,
    top_only: bool = False,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[NetworkContact]:
    return keyset(contacts(actor, top_only=top_only), CONTACT_ORDER, after=after, limit=limit)


def outreach_of(actor: Actor, contact_id: int) -> list[Outreach]:
    """The conversations with one contact, newest first."""
    return list(contact_get(actor, contact_id).outreach.all())


def opportunities_page(
    actor: Actor,
    *,
    stage: str | None = None,
    client_id: int | None = None,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[Opportunity]:
    qs = opportunities(actor).prefetch_related("stories")
    if stage:
        qs = qs.filter(stage=stage)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    return keyset(qs, NEWEST_FIRST, after=after, limit=limit)


def thought_leadership_page(
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[ThoughtLeadership]:
    actor.require_staff()
    qs = ThoughtLeadership.objects.filter(practice_id=actor.practice_id)
    if start is not None:
        qs = qs.filter(on__gte=start)
    if end is not None:
        qs = qs.filter(on__lte=end)
    return keyset(qs, ACTIVITY_ORDER, after=after, limit=limit)


def proposals_page(
    actor: Actor,
    *,
    opportunity_id: int | None = None,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[Proposal]:
    actor.require_staff()
    qs = Proposal.objects.filter(practice_id=actor.practice_id).select_related("opportunity")
    if opportunity_id is not None:
        qs = qs.filter(opportunity_id=opportunity_id)
    return keyset(
        qs.prefetch_related("opportunity__stories"), NEWEST_FIRST, after=after, limit=limit
    )
