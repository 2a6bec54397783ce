"""Every write of the pipeline: positioning, proof, the warm network, opportunities, pilots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from fracos.clients.models import Client
from fracos.clients.services import client_add
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import Conflict, NotFound, RuleViolation, ValidationFailed
from fracos.core.money import from_minor, parse_amount, to_minor, validate_currency
from fracos.engagements.models import Engagement
from fracos.engagements.selectors import engagement_get
from fracos.engagements.services import engagement_add, engagement_end
from fracos.pipeline.choices import ActivityKind, Channel, Stage, Warmth
from fracos.pipeline.models import (
    ClientFeedback,
    DocumentTemplate,
    LaunchPlan,
    NetworkContact,
    Opportunity,
    Outreach,
    Positioning,
    ProofStory,
    Proposal,
    StageChange,
    ThoughtLeadership,
)
from fracos.pipeline.network_csv import BadRow, ContactRow, parse_contacts
from fracos.pipeline.selectors import contact_get, opportunity_get, pilot_terms, story_get
from fracos.practice.models import Practice
from fracos.practice.services import audit_record

# The same ceiling engagements put on an amount: anything above is a typo, not a deal.
MAX_MONTHLY_VALUE = Decimal("100000000")


def _text(value: str | None, field: str, *, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(f"{field}: required", field=field)
    if len(text) > limit:
        raise ValidationFailed(f"{field}: longer than {limit:,} characters", field=field)
    return text


def _monthly_value(value: Decimal | str | int | None) -> Decimal:
    amount = parse_amount(value if value is not None else 0, field="monthly_value")
    if amount < 0:
        raise ValidationFailed("value: negative", field="monthly_value")
    if amount > MAX_MONTHLY_VALUE:
        raise ValidationFailed(f"value: {amount} is implausibly large", field="monthly_value")
    return amount


def _today(actor: Actor) -> date:
    return clock.today(
        Practice.objects.values_list("timezone", flat=True).get(pk=actor.practice_id)
    )


@transaction.atomic
def positioning_save(
    actor: Actor, *, who: str, what: str, different: str, outcome: str
) -> Positioning:
    """A new version of the statement; earlier versions stay as its history."""
    actor.require_write()
    return Positioning.objects.create(
        practice_id=actor.practice_id,
        who=_text(who, "who", limit=2000),
        what=_text(what, "what", limit=2000),
        different=_text(different, "different", limit=2000),
        outcome=_text(outcome, "outcome", limit=2000),
        created_at=clock.now(),
    )


@transaction.atomic
def story_add(
    actor: Actor,
    *,
    title: str,
    situation: str,
    actions: str,
    result: str,
    client_tags: str = "",
    problem_tags: str = "",
) -> ProofStory:
    actor.require_write()
    return ProofStory.objects.create(
        practice_id=actor.practice_id,
        title=_text(title, "title", limit=200),
        situation=_text(situation, "situation", limit=5000),
        actions=_text(actions, "actions", limit=5000),
        result=_text(result, "result", limit=2000),
        client_tags=_text(client_tags, "client_tags", limit=200, required=False),
        problem_tags=_text(problem_tags, "problem_tags", limit=200, required=False),
        created_at=clock.now(),
    )


STORY_LIMITS = {
    "title": 200,
    "situation": 5000,
    "actions": 5000,
    "result": 2000,
    "client_tags": 200,
    "problem_tags": 200,
}


@transaction.atomic
def story_update(actor: Actor, story_id: int, **changes: Any) -> ProofStory:
    """Change parts of a proof story; the four parts stay required, the tags optional."""
    actor.require_write()
    story = story_get(actor, story_id)
    for key, value in changes.items():
        if key not in STORY_LIMITS:
            raise ValidationFailed(f"unknown story field {key!r}", field=key)
        required = not key.endswith("_tags")
        setattr(story, key, _text(value, key, limit=STORY_LIMITS[key], required=required))
    story.save(update_fields=list(changes) or None)
    return story


@transaction.atomic
def story_delete(actor: Actor, story_id: int) -> None:
    """Remove a proof story; the opportunities that used it keep everything else."""
    actor.require_write()
    story = story_get(actor, story_id)
    audit_record(actor, "story.deleted", "story", story.pk, {"title": story.title})
    story.delete()


def _warmth(value: Any) -> int:
    names = {w.label.lower(): int(w.value) for w in Warmth}
    if isinstance(value, str) and value.strip().lower() in names:
        return names[value.strip().lower()]
    if value in (1, 2, 3, "1", "2", "3"):
        return int(value)
    raise ValidationFailed(f"warmth: {value!r} is not cold, warm or hot", field="warmth")


def _contact_email(actor: Actor, value: str | None, *, other_than: int | None = None) -> str:
    email = _text(value, "email", limit=200, required=False).lower()
    if email and "@" not in email:
        raise ValidationFailed(f"email: {email!r} is not an email address", field="email")
    taken = NetworkContact.objects.filter(practice_id=actor.practice_id, email=email)
    if email and taken.exclude(pk=other_than or 0).exists():
        raise Conflict(f"email: a contact with {email} exists already", field="email")
    return email


@transaction.atomic
def contact_add(
    actor: Actor,
    *,
    name: str,
    organisation: str = "",
    role: str = "",
    email: str = "",
    how_known: str = "",
    warmth: Any = "warm",
    fits_profile: bool = False,
    top: bool = False,
    connected_on: date | None = None,
    source: str = "manual",
) -> NetworkContact:
    actor.require_write()
    email = _contact_email(actor, email)
    contact = NetworkContact.objects.create(
        practice_id=actor.practice_id,
        name=_text(name, "name", limit=200),
        organisation=_text(organisation, "organisation", limit=200, required=False),
        role=_text(role, "role", limit=200, required=False),
        email=email,
        how_known=_text(how_known, "how_known", limit=200, required=False),
        warmth=_warmth(warmth),
        fits_profile=fits_profile,
        top=False,
        connected_on=connected_on,
        source=source,
        created_at=clock.now(),
    )
    if top:
        contact_set_top(actor, contact.pk, top=True)
        contact.top = True
    return contact


@transaction.atomic
def contact_update(actor: Actor, contact_id: int, **changes: Any) -> NetworkContact:
    actor.require_write()
    contact = contact_get(actor, contact_id)
    for key, value in changes.items():
        if key == "warmth":
            contact.warmth = _warmth(value)
        elif key == "fits_profile":
            contact.fits_profile = bool(value)
        elif key in ("organisation", "role", "how_known"):
            setattr(contact, key, _text(value, key, limit=200, required=False))
        elif key == "name":
            contact.name = _text(value, "name", limit=200)
        elif key == "email":
            contact.email = _contact_email(actor, value, other_than=contact.pk)
        elif key == "connected_on":
            contact.connected_on = value
        elif key == "top":
            # Through the one rule that keeps the top list at the playbook's size.
            contact.top = contact_set_top(actor, contact.pk, top=bool(value)).top
        else:
            raise ValidationFailed(f"unknown contact field {key!r}", field=key)
    contact.save()
    return contact


@transaction.atomic
def contact_set_top(actor: Actor, contact_id: int, *, top: bool) -> NetworkContact:
    """Mark a contact as one of the top N the playbook asks you to reach first."""
    actor.require_write()
    practice = Practice.objects.select_for_update().get(pk=actor.practice_id)
    contact = contact_get(actor, contact_id)
    limit = practice.rules.warm_network_size
    if top and not contact.top:
        count = NetworkContact.objects.filter(practice_id=actor.practice_id, top=True).count()
        if count >= limit:
            raise RuleViolation(
                f"top: the top list holds {limit} contacts (the playbook's warm network); "
                "take one off first",
                field="top",
            )
    contact.top = top
    contact.save(update_fields=["top"])
    return contact


@dataclass(frozen=True)
class ImportReport:
    rows: int
    added: int
    skipped_existing: int
    bad: list[BadRow]


@transaction.atomic
def contacts_import(actor: Actor, text: str, *, dry_run: bool = False) -> ImportReport:
    """All or nothing: any bad row means nothing is written; a dry run lists them all."""
    actor.require_write()
    good: list[ContactRow] = []
    bad: list[BadRow] = []
    seen: set[str] = set()
    for row in parse_contacts(text):
        if isinstance(row, BadRow):
            bad.append(row)
        elif row.email and row.email in seen:
            bad.append(BadRow(row.line, f"{row.email} appears twice in the file"))
        else:
            good.append(row)
            if row.email:
                seen.add(row.email)
    existing = set(
        NetworkContact.objects.filter(practice_id=actor.practice_id)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    fresh = [r for r in good if not r.email or r.email not in existing]
    report = ImportReport(len(good) + len(bad), len(fresh), len(good) - len(fresh), bad)
    if dry_run or bad:
        return ImportReport(report.rows, 0, report.skipped_existing, bad) if bad else report
    now = clock.now()
    NetworkContact.objects.bulk_create(
        [
            NetworkContact(
                practice_id=actor.practice_id,
                name=r.name,
                email=r.email,
                organisation=r.organisation,
                role=r.role,
                connected_on=r.connected_on,
                how_known="LinkedIn connection",
                source="csv",
                created_at=now,
            )
            for r in fresh
        ]
    )
    audit_record(actor, "contacts.imported", "practice", actor.practice_id, {"added": len(fresh)})
    return report


@transaction.atomic
def outreach_log(
    actor: Actor,
    contact_id: int,
    *,
    summary: str,
    channel: str = "email",
    on: date | None = None,
    next_step: str = "",
    next_step_on: date | None = None,
) -> Outreach:
    actor.require_write()
    contact = contact_get(actor, contact_id)
    if channel not in Channel.values:
        raise ValidationFailed(
            f"channel: {channel!r} is not one of {', '.join(Channel.values)}", field="channel"
        )
    day = on or _today(actor)
    if day > _today(actor):
        raise ValidationFailed(f"date: {day} is in the future", field="on")
    if next_step_on and not next_step.strip():
        raise ValidationFailed("next_step: say what the next step is", field="next_step")
    if next_step_on and next_step_on < day:
        raise ValidationFailed("next_step_on: before the conversation", field="next_step_on")
    return Outreach.objects.create(
        practice_id=actor.practice_id,
        contact=contact,
        on=day,
        channel=channel,
        summary=_text(summary, "summary", limit=5000),
        next_step=_text(next_step, "next_step", limit=200, required=False),
        next_step_on=next_step_on,
        created_at=clock.now(),
    )


@transaction.atomic
def opportunity_add(
    actor: Actor,
    *,
    title: str,
    organisation: str = "",
    contact_id: int | None = None,
    client_id: int | None = None,
    monthly_value: Decimal = Decimal(0),
    currency: str | None = None,
    stage: str = Stage.IDENTIFIED,
    expected_start: date | None = None,
    next_step: str = "",
    next_step_on: date | None = None,
    probability: int | None = None,
) -> Opportunity:
    actor.require_write()
    practice = Practice.objects.get(pk=actor.practice_id)
    contact = contact_get(actor, contact_id) if contact_id else None
    client = None
    if client_id is not None:
        from fracos.clients.selectors import client_get

        client = client_get(actor, client_id)
    org = organisation or (client.name if client else contact.organisation if contact else "")
    if stage not in Stage.values or stage in (Stage.WON, Stage.LOST, Stage.PILOT_RUNNING):
        raise ValidationFailed(f"stage: a new opportunity cannot start at {stage!r}", field="stage")
    code = validate_currency(currency or (client.currency if client else practice.currency))
    monthly_value = _monthly_value(monthly_value)
    if probability is not None and not 0 <= probability <= 100:
        raise ValidationFailed("probability: must be 0–100 %", field="probability")
    opportunity = Opportunity.objects.create(
        practice_id=actor.practice_id,
        title=_text(title, "title", limit=200),
        organisation=_text(org, "organisation", limit=200),
        contact=contact,
        client=client,
        stage=stage,
        currency=code,
        monthly_value_minor=to_minor(monthly_value, code),
        probability=probability,
        expected_start=expected_start,
        next_step=_text(next_step, "next_step", limit=200, required=False),
        next_step_on=next_step_on,
        created_at=clock.now(),
    )
    StageChange.objects.create(
        opportunity=opportunity, from_stage="", to_stage=stage, on=_today(actor)
    )
    return opportunity


@transaction.atomic
def opportunity_move(
    actor: Actor,
    opportunity_id: int,
    stage: str,
    *,
    reason: str = "",
    monthly_value: Decimal | None = None,
) -> Opportunity:
    """Move through the stages; won needs a value, lost a reason, closed ones stay closed."""
    actor.require_write()
    opportunity = opportunity_get(actor, opportunity_id)
    if stage not in Stage.values:
        raise ValidationFailed(
            f"stage: {stage!r} is not one of {', '.join(Stage.values)}", field="stage"
        )
    if opportunity.stage in (Stage.WON, Stage.LOST):
        raise RuleViolation(
            f"stage: #{opportunity.pk} is already {opportunity.stage}; open a new opportunity",
            field="stage",
        )
    if stage == Stage.PILOT_RUNNING and opportunity.pilot_engagement_id is None:
        raise RuleViolation(
            f"stage: start the pilot with `fracos pilot start {opportunity.pk} ...` so it "
            "becomes an engagement",
            field="stage",
        )
    if monthly_value is not None:
        opportunity.monthly_value_minor = to_minor(
            _monthly_value(monthly_value), opportunity.currency
        )
    if stage == Stage.WON and opportunity.pilot_engagement_id and not opportunity.engagement_id:
        raise RuleViolation(
            f"stage: #{opportunity.pk} is a running pilot; convert it with `fracos pilot convert "
            f"{opportunity.pilot_engagement_id} --retainer AMOUNT/month` to win it",
            field="stage",
        )
    if stage == Stage.WON and opportunity.monthly_value_minor <= 0:
        raise ValidationFailed(
            "value: a won opportunity needs its monthly value (e.g. --value 8000)",
            field="monthly_value",
        )
    if stage == Stage.LOST:
        opportunity.lost_reason = _text(reason, "reason", limit=200)
    if stage in (Stage.WON, Stage.LOST):
        opportunity.closed_on = _today(actor)
    StageChange.objects.create(
        opportunity=opportunity, from_stage=opportunity.stage, to_stage=stage, on=_today(actor)
    )
    opportunity.stage = stage
    opportunity.save()
    audit_record(actor, "opportunity.moved", "opportunity", opportunity.pk, {"to": stage})
    return opportunity


OPPORTUNITY_TEXT = {"title": (200, True), "organisation": (200, True), "next_step": (200, False)}


@transaction.atomic
def opportunity_update(actor: Actor, opportunity_id: int, **changes: Any) -> Opportunity:
    """Edit what an opportunity says; its stage moves only through ``opportunity_move``."""
    actor.require_write()
    opportunity = opportunity_get(actor, opportunity_id)
    for key, value in changes.items():
        if key in OPPORTUNITY_TEXT:
            limit, required = OPPORTUNITY_TEXT[key]
            setattr(opportunity, key, _text(value, key, limit=limit, required=required))
        elif key == "monthly_value":
            opportunity.monthly_value_minor = to_minor(_monthly_value(value), opportunity.currency)
        elif key == "probability":
            if value is not None and not 0 <= int(value) <= 100:
                raise ValidationFailed("probability: must be 0–100 %", field="probability")
            opportunity.probability = value
        elif key in ("expected_start", "next_step_on"):
            setattr(opportunity, key, value)
        elif key == "contact_id":
            opportunity.contact = contact_get(actor, value) if value else None
        else:
            raise ValidationFailed(f"unknown opportunity field {key!r}", field=key)
    if opportunity.next_step_on and not opportunity.next_step:
        raise ValidationFailed("next_step: say what the next step is", field="next_step")
    if opportunity.stage == Stage.WON and opportunity.monthly_value_minor <= 0:
        raise ValidationFailed(
            "value: a won opportunity keeps its monthly value", field="monthly_value"
        )
    opportunity.save()
    audit_record(
        actor, "opportunity.updated", "opportunity", opportunity.pk, {"fields": sorted(changes)}
    )
    return opportunity


@dataclass(frozen=True)
class PilotOffer:
    engagement: Engagement
    monthly_equivalent: Decimal
    discount_pct: Decimal | None  # below the eventual retainer
    warnings: list[str]


@transaction.atomic
def pilot_start(
    actor: Actor,
    opportunity_id: int,
    *,
    fee: Decimal,
    weeks: int,
    deliverable: str,
    start: date | None = None,
    role_title: str = "",
    hours_per_week: Decimal | None = None,
    dedicated_days: tuple[str, ...] = (),
) -> PilotOffer:
    """Turn an opportunity into a running pilot engagement (creating the client if new)."""
    actor.require_write()
    opportunity = opportunity_get(actor, opportunity_id)
    if opportunity.stage in (Stage.WON, Stage.LOST):
        raise RuleViolation(
            f"opportunity: #{opportunity.pk} is already {opportunity.stage}", field="opportunity"
        )
    if opportunity.pilot_engagement_id:
        raise Conflict(f"opportunity: #{opportunity.pk} already has a pilot", field="opportunity")
    deliverable = _text(deliverable, "deliverable", limit=200)
    rules = Practice.objects.get(pk=actor.practice_id).rules
    client = (
        opportunity.client
        or Client.objects.filter(
            practice_id=actor.practice_id, name__iexact=opportunity.organisation
        ).first()
    )
    if client is None:
        client = client_add(actor, name=opportunity.organisation, currency=opportunity.currency)
    engagement = engagement_add(
        actor,
        client_id=client.pk,
        role_title=role_title or f"{opportunity.title} (pilot)",
        pricing_model="pilot",
        fee=fee,
        pilot_weeks=weeks,
        pilot_deliverable=deliverable,
        start_date=start or _today(actor),
        hours_per_week=hours_per_week,
        dedicated_days=dedicated_days,
        currency=opportunity.currency,
    )
    monthly, discount = pilot_terms(
        fee, weeks, opportunity.monthly_value_minor, opportunity.currency
    )
    retainer = from_minor(opportunity.monthly_value_minor, opportunity.currency)
    warnings: list[str] = []
    if retainer > 0 and monthly >= retainer:
        warnings.append(
            f"A pilot is priced below the eventual retainer; this one is {monthly} "
            f"{opportunity.currency}/month against {retainer}."
        )
    if not rules.pilot_weeks_min <= weeks <= rules.pilot_weeks_max:
        warnings.append(
            f"Pilots run {rules.pilot_weeks_min}–{rules.pilot_weeks_max} weeks; "
            f"this one runs {weeks}."
        )
    opportunity.client = client
    opportunity.pilot_engagement = engagement
    StageChange.objects.create(
        opportunity=opportunity,
        from_stage=opportunity.stage,
        to_stage=Stage.PILOT_RUNNING,
        on=_today(actor),
    )
    opportunity.stage = Stage.PILOT_RUNNING
    conversation = (engagement.end_date or _today(actor)) - timedelta(days=7)
    opportunity.next_step = "Conversion conversation: pilot → retainer"
    opportunity.next_step_on = max(conversation, engagement.start_date)
    opportunity.save()
    return PilotOffer(engagement, monthly, discount, warnings)


def _opportunity_of_pilot(actor: Actor, pilot: Engagement) -> Opportunity | None:
    return Opportunity.objects.filter(practice_id=actor.practice_id, pilot_engagement=pilot).first()


@transaction.atomic
def pilot_convert(
    actor: Actor,
    pilot_id: int,
    *,
    fee: Decimal,
    start: date | None = None,
    days_per_week: Decimal | None = None,
    hours_per_week: Decimal | None = None,
    dedicated_days: tuple[str, ...] = (),
    role_title: str = "",
) -> Engagement:
    """The pilot becomes a retainer engagement carrying its client and scope."""
    actor.require_write()
    pilot = engagement_get(actor, pilot_id)
    if pilot.pricing_model != "pilot":
        raise RuleViolation(f"engagement: #{pilot.pk} is not a pilot", field="engagement")
    if pilot.converts_to_id:
        raise Conflict(
            f"engagement: pilot #{pilot.pk} was already converted into #{pilot.converts_to_id}",
            field="engagement",
        )
    if pilot.status == "ended" and pilot.ended_reason.startswith("Not converted"):
        raise RuleViolation(
            f"engagement: pilot #{pilot.pk} was closed without converting", field="engagement"
        )
    begin = start or (pilot.end_date + timedelta(days=1) if pilot.end_date else _today(actor))
    retainer = engagement_add(
        actor,
        client_id=pilot.client_id,
        pricing_model="retainer",
        fee=fee,
        role_title=role_title or pilot.role_title.replace(" (pilot)", ""),
        start_date=begin,
        days_per_week=days_per_week,
        hours_per_week=hours_per_week,
        dedicated_days=dedicated_days or pilot.weekdays,
        currency=pilot.currency,
        responsibilities=pilot.responsibilities,
        exclusions=pilot.exclusions,
        change_policy=pilot.change_policy,
        ending_terms=pilot.ending_terms,
        notes=f"Converted from pilot #{pilot.pk} ({pilot.pilot_deliverable}).",
    )
    pilot.converts_to = retainer
    pilot.save(update_fields=["converts_to"])
    if pilot.status != "ended":
        last_day = min(pilot.end_date or begin, begin - timedelta(days=1))
        engagement_end(
            actor,
            pilot.pk,
            on=max(last_day, pilot.start_date),
            reason=f"Converted into retainer #{retainer.pk}",
        )
    opportunity = _opportunity_of_pilot(actor, pilot)
    if opportunity is not None and opportunity.stage not in (Stage.WON, Stage.LOST):
        opportunity.engagement = retainer
        opportunity.save(update_fields=["engagement"])
        opportunity_move(actor, opportunity.pk, Stage.WON, monthly_value=fee)
    audit_record(actor, "pilot.converted", "engagement", pilot.pk, {"retainer": retainer.pk})
    return retainer


@transaction.atomic
def pilot_close(actor: Actor, pilot_id: int, *, reason: str) -> Engagement:
    actor.require_write()
    pilot = engagement_get(actor, pilot_id)
    if pilot.pricing_model != "pilot":
        raise RuleViolation(f"engagement: #{pilot.pk} is not a pilot", field="engagement")
    if pilot.converts_to_id:
        raise Conflict(
            f"engagement: pilot #{pilot.pk} was converted; it cannot be closed", field="engagement"
        )
    reason = _text(reason, "reason", limit=150)
    if pilot.status == "ended":
        pilot.ended_reason = f"Not converted: {reason}"
        pilot.save(update_fields=["ended_reason"])
    else:
        end = min(pilot.end_date or _today(actor), _today(actor))
        pilot = engagement_end(
            actor, pilot.pk, on=max(end, pilot.start_date), reason=f"Not converted: {reason}"
        )
    opportunity = _opportunity_of_pilot(actor, pilot)
    if opportunity is not None and opportunity.stage not in (Stage.WON, Stage.LOST):
        opportunity_move(actor, opportunity.pk, Stage.LOST, reason=reason)
    return pilot


@transaction.atomic
def opportunity_attach_story(actor: Actor, opportunity_id: int, story_id: int) -> None:
    actor.require_write()
    opportunity_get(actor, opportunity_id).stories.add(story_get(actor, story_id))


@transaction.atomic
def thought_add(
    actor: Actor, *, kind: str, title: str, on: date | None = None, url: str = ""
) -> ThoughtLeadership:
    actor.require_write()
    if kind not in ActivityKind.values:
        raise ValidationFailed(
            f"kind: {kind!r} is not one of {', '.join(ActivityKind.values)}", field="kind"
        )
    if url and not url.startswith(("http://", "https://")):
        raise ValidationFailed(f"url: {url!r} is not a web address", field="url")
    day = on or _today(actor)
    if day > _today(actor):
        raise ValidationFailed(f"date: {day} is in the future", field="on")
    return ThoughtLeadership.objects.create(
        practice_id=actor.practice_id,
        kind=kind,
        title=_text(title, "title", limit=200),
        on=day,
        url=url[:200],
        created_at=clock.now(),
    )


PROPOSAL_FEE_CEILING = Decimal("100000000")


@dataclass(frozen=True)
class ProposalOption:
    label: str
    pricing_model: str
    fee: Decimal
    weeks: int | None = None
    deliverable: str = ""
    equity: Decimal | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "pricing_model": self.pricing_model,
            "fee": str(self.fee),
            "weeks": self.weeks,
            "deliverable": self.deliverable,
            "equity": None if self.equity is None else str(self.equity),
        }


@transaction.atomic
def proposal_create(
    actor: Actor,
    opportunity_id: int,
    *,
    options: list[ProposalOption],
    title: str = "",
    hours_per_week: Decimal | None = None,
    days_per_week: Decimal | None = None,
    responsibilities: str = "",
    exclusions: str = "",
    change_policy: str = "",
    ending_terms: str = "",
    terms: str = "",
    story_ids: tuple[int, ...] = (),
) -> Proposal:
    actor.require_write()
    opportunity = opportunity_get(actor, opportunity_id)
    if opportunity.stage in (Stage.WON, Stage.LOST):
        raise RuleViolation(
            f"opportunity: #{opportunity.pk} is already {opportunity.stage}", field="opportunity"
        )
    if not options:
        raise ValidationFailed(
            "options: a proposal needs at least one pricing option (e.g. --retainer 8000/month)",
            field="options",
        )
    for option in options:
        if option.pricing_model not in ("retainer", "day_rate", "project", "equity", "pilot"):
            raise ValidationFailed(
                f"options: unknown pricing model {option.pricing_model!r}", field="options"
            )
        if option.fee <= 0:
            raise ValidationFailed(f"options: {option.label} needs an amount", field="options")
        if option.fee > PROPOSAL_FEE_CEILING:
            raise ValidationFailed(
                f"options: {option.label}'s amount {option.fee} is implausibly large",
                field="options",
            )
        if option.pricing_model == "pilot" and not (option.weeks and option.deliverable):
            raise ValidationFailed(
                "options: a pilot needs its weeks and its one deliverable", field="options"
            )
        if option.weeks is not None and not 1 <= option.weeks <= 52:
            raise ValidationFailed(f"options: {option.label} runs 1–52 weeks", field="options")
        if option.equity is not None and not 0 < option.equity <= 100:
            raise ValidationFailed(
                f"options: {option.label}'s equity is outside 0–100 %", field="options"
            )
    # The same bounds as an engagement's, so an accepted proposal never fails on them.
    for value, field, high in (
        (hours_per_week, "hours_per_week", 80),
        (days_per_week, "days_per_week", 7),
    ):
        if value is not None and not 0 < value <= high:
            raise ValidationFailed(f"{field}: {value} is outside 0–{high}", field=field)
    if hours_per_week is not None and days_per_week is not None:
        raise ValidationFailed(
            "give hours per week or days per week, not both", field="hours_per_week"
        )
    for story_id in story_ids:
        opportunity.stories.add(story_get(actor, story_id))
    return Proposal.objects.create(
        practice_id=actor.practice_id,
        opportunity=opportunity,
        title=_text(
            title or f"{opportunity.title} for {opportunity.organisation}", "title", limit=200
        ),
        options=[o.as_json() for o in options],
        hours_per_week=hours_per_week,
        days_per_week=days_per_week,
        responsibilities=_text(responsibilities, "responsibilities", limit=5000, required=False),
        exclusions=_text(exclusions, "exclusions", limit=5000, required=False),
        change_policy=_text(change_policy, "change_policy", limit=5000, required=False),
        ending_terms=_text(ending_terms, "ending_terms", limit=5000, required=False),
        terms=_text(terms, "terms", limit=5000, required=False),
        created_at=clock.now(),
    )


def proposal_get(actor: Actor, proposal_id: int) -> Proposal:
    actor.require_staff()
    found = (
        Proposal.objects.filter(practice_id=actor.practice_id, pk=proposal_id)
        .select_related("opportunity", "opportunity__contact")
        .first()
    )
    if found is None:
        raise NotFound(f"proposal: no proposal #{proposal_id}", field="proposal")
    return found


@transaction.atomic
def proposal_send(actor: Actor, proposal_id: int) -> Proposal:
    actor.require_write()
    proposal = proposal_get(actor, proposal_id)
    if proposal.status != "draft":
        raise RuleViolation(f"proposal: #{proposal.pk} is {proposal.status}", field="proposal")
    proposal.status = "sent"
    proposal.save(update_fields=["status"])
    opportunity = proposal.opportunity
    target = (
        Stage.PILOT_PROPOSED
        if any(o["pricing_model"] == "pilot" for o in proposal.options)
        else Stage.RETAINER_PROPOSED
    )
    early = (Stage.IDENTIFIED, Stage.CONTACTED, Stage.CONVERSATION)
    after_pilot = opportunity.stage == Stage.PILOT_RUNNING and target == Stage.RETAINER_PROPOSED
    if opportunity.stage in early or after_pilot:
        opportunity_move(actor, opportunity.pk, target)
    return proposal


@transaction.atomic
def proposal_accept(
    actor: Actor, proposal_id: int, *, option: int = 1, start: date | None = None
) -> Engagement:
    """The client said yes: the chosen option becomes an engagement with the proposal's scope."""
    actor.require_write()
    proposal = proposal_get(actor, proposal_id)
    if proposal.status == "accepted":
        raise Conflict(
            f"proposal: #{proposal.pk} was already accepted (engagement #{proposal.engagement_id})",
            field="proposal",
        )
    if not 1 <= option <= len(proposal.options):
        raise ValidationFailed(f"option: choose 1–{len(proposal.options)}", field="option")
    chosen = proposal.options[option - 1]
    # A pilot's end date is counted from the start: leave the calendar room for a year of weeks.
    if start is not None and start > date.max - timedelta(weeks=52):
        raise ValidationFailed(f"start: {start} is too close to the calendar's end", field="start")
    opportunity = proposal.opportunity
    scope = {
        "responsibilities": proposal.responsibilities,
        "exclusions": proposal.exclusions,
        "change_policy": proposal.change_policy,
        "ending_terms": proposal.ending_terms,
    }
    fee = Decimal(chosen["fee"])
    if chosen["pricing_model"] == "pilot":
        offer = pilot_start(
            actor,
            opportunity.pk,
            fee=fee,
            weeks=int(chosen["weeks"]),
            deliverable=chosen["deliverable"],
            start=start,
            hours_per_week=proposal.hours_per_week,
        )
        from fracos.engagements.services import engagement_update

        engagement = engagement_update(actor, offer.engagement.pk, **scope)
    else:
        client = (
            opportunity.client
            or Client.objects.filter(
                practice_id=actor.practice_id, name__iexact=opportunity.organisation
            ).first()
        )
        if client is None:
            client = client_add(actor, name=opportunity.organisation, currency=opportunity.currency)
        money_field = "day_rate" if chosen["pricing_model"] == "day_rate" else "fee"
        values: dict[str, Any] = {
            **scope,
            money_field: fee,
            "role_title": opportunity.title,
            "pricing_model": chosen["pricing_model"],
            "currency": opportunity.currency,
            "start_date": start or _today(actor),
            "hours_per_week": proposal.hours_per_week,
            "days_per_week": proposal.days_per_week,
            "equity_percent": chosen.get("equity"),
        }
        engagement = engagement_add(actor, client_id=client.pk, **values)
        opportunity.client = client
        opportunity.engagement = engagement
        opportunity.save(update_fields=["client", "engagement"])
        monthly = fee if chosen["pricing_model"] in ("retainer", "equity") else None
        opportunity_move(actor, opportunity.pk, Stage.WON, monthly_value=monthly)
    proposal.status = "accepted"
    proposal.accepted_option = option
    proposal.engagement = engagement
    proposal.save(update_fields=["status", "accepted_option", "engagement"])
    audit_record(actor, "proposal.accepted", "proposal", proposal.pk, {"engagement": engagement.pk})
    return engagement


@transaction.atomic
def template_set(actor: Actor, kind: str, body: str) -> DocumentTemplate:
    """The practice's own proposal or scope template (Django template syntax, Markdown out)."""
    from fracos.pipeline.documents import KINDS, check_template

    actor.require_write()
    if kind not in KINDS:
        raise ValidationFailed(f"kind: {kind!r} is not one of {', '.join(KINDS)}", field="kind")
    body = _text(body, "body", limit=50000)
    check_template(body)
    template, _ = DocumentTemplate.objects.update_or_create(
        practice_id=actor.practice_id, kind=kind, defaults={"body": body, "updated_at": clock.now()}
    )
    return template


@transaction.atomic
def template_reset(actor: Actor, kind: str) -> None:
    actor.require_write()
    DocumentTemplate.objects.filter(practice_id=actor.practice_id, kind=kind).delete()


@transaction.atomic
def launch_start(actor: Actor, *, start: date | None = None) -> LaunchPlan:
    actor.require_write()
    if LaunchPlan.objects.filter(practice_id=actor.practice_id).exists():
        raise Conflict(
            "launch: this practice has a launch plan already; see `fracos launch show`",
            field="launch",
        )
    day = start or _today(actor)
    # The plan's due dates run 90 days on: a start at the calendar's end has none.
    if day > date.max - timedelta(days=90):
        raise ValidationFailed(f"start: {day} leaves no 90 days in the calendar", field="start")
    return LaunchPlan.objects.create(
        practice_id=actor.practice_id, start_date=day, created_at=clock.now()
    )


@transaction.atomic
def launch_tick(actor: Actor, key: str, *, undo: bool = False) -> LaunchPlan:
    from fracos.pipeline.launch import KEYS

    actor.require_write()
    plan = LaunchPlan.objects.select_for_update().filter(practice_id=actor.practice_id).first()
    if plan is None:
        raise NotFound(
            "launch: no launch plan; start one with `fracos launch start`", field="launch"
        )
    if key not in KEYS:
        raise ValidationFailed(f"item: {key!r} is not one of {', '.join(KEYS)}", field="item")
    ticked = dict(plan.ticked)
    if undo:
        ticked.pop(key, None)
    else:
        ticked[key] = _today(actor).isoformat()
    plan.ticked = ticked
    plan.save(update_fields=["ticked"])
    return plan


@transaction.atomic
def feedback_record(
    actor: Actor, client_id: int, *, what_they_get: str, wish_different: str, would_recommend: str
) -> ClientFeedback:
    from fracos.clients.selectors import client_get

    actor.require_write()
    client = client_get(actor, client_id)
    return ClientFeedback.objects.create(
        practice_id=actor.practice_id,
        client=client,
        what_they_get=_text(what_they_get, "what_they_get", limit=5000),
        wish_different=_text(wish_different, "wish_different", limit=5000),
        would_recommend=_text(would_recommend, "would_recommend", limit=2000),
        on=_today(actor),
    )


OPPORTUNITY_EDITABLE = (
    "title",
    "organisation",
    "monthly_value",
    "probability",
    "expected_start",
    "next_step",
    "next_step_on",
)


@transaction.atomic
def opportunity_detach_story(actor: Actor, opportunity_id: int, story_id: int) -> None:
    actor.require_write()
    opportunity_get(actor, opportunity_id).stories.remove(story_get(actor, story_id))
