"""The 90-day launch plan: its items, and which of them the data already shows done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from fracos.core.access import Actor
from fracos.core.positioning import check_proof_result
from fracos.engagements.models import Engagement
from fracos.pipeline.choices import Stage
from fracos.pipeline.models import (
    ClientFeedback,
    LaunchPlan,
    NetworkContact,
    Opportunity,
    Outreach,
    ThoughtLeadership,
)
from fracos.pipeline.selectors import positioning_current, positioning_findings, stories
from fracos.practice.models import Practice

Check = Callable[[Actor, LaunchPlan, Practice], bool]


@dataclass(frozen=True)
class Item:
    key: str
    month: int
    title: str
    rule: str  # how it ticks itself, in one sentence ("" when only by hand)
    check: Check | None


def _positioning(actor: Actor, plan: LaunchPlan, practice: Practice) -> bool:
    current = positioning_current(actor)
    return current is not None and all(f.ok for f in positioning_findings(current))


def _proof(actor: Actor, plan: LaunchPlan, practice: Practice) -> bool:
    good = [s for s in stories(actor) if check_proof_result(s.result).ok]
    return len(good) >= 3


def _templates(actor: Actor, plan: LaunchPlan, practice: Practice) -> bool:
    return bool(
        practice.legal_name
        and practice.iban
        and (practice.vat_number or practice.enterprise_number)
    )


def _top_list(actor: Actor, plan: LaunchPlan, practice: Practice) -> bool:
    size = practice.rules.warm_network_size
    return NetworkContact.objects.filter(practice=practice, top=True).count() >= size


def _outreach(actor: Actor, plan: LaunchPlan, practice: Practice) -> bool:
    top = NetworkContact.objects.filter(practice=practice, top=True)
    reached = (
        Outreach.objects.filter(practice=practice, contact__in=top)
        .values("contact")
        .distinct()
        .count()
    )
    return top.exists() and reached >= top.count()


def _pilots_offered(actor: Actor, plan: LaunchPlan, practice: Practice) -> bool:
    offered = (
        Opportunity.objects.filter(practice=practice)
        .exclude(stage__in=(Stage.IDENTIFIED, Stage.CONTACTED, Stage.CONVERSATION))
        .exclude(stage=Stage.LOST, pilot_engagement__isnull=True)
        .count()
    )
    return offered >= 2


def _thought(actor: Actor, plan: LaunchPlan, practice: Practice) -> bool:
    return ThoughtLeadership.objects.filter(practice=practice, on__gte=plan.start_date).exists()


def _paid(actor: Actor, plan: LaunchPlan, practice: Practice) -> bool:
    return (
        Engagement.objects.filter(practice=practice, start_date__gte=plan.start_date)
        .exclude(fee_minor=0, day_rate_minor=0)
        .exists()
    )


def _feedback(actor: Actor, plan: LaunchPlan, practice: Practice) -> bool:
    return ClientFeedback.objects.filter(practice=practice, on__gte=plan.start_date).exists()


ITEMS = (
    Item(
        "positioning",
        1,
        "Write your positioning",
        "Ticks itself when the positioning passes every specificity rule.",
        _positioning,
    ),
    Item(
        "proof",
        1,
        "Write 3–5 proof stories",
        "Ticks itself at 3 stories with a measurable result.",
        _proof,
    ),
    Item("profile", 1, "Publish a profile page", "", None),
    Item(
        "templates",
        1,
        "Contract and invoice templates",
        "Ticks itself when your legal name, VAT or enterprise number and IBAN are set.",
        _templates,
    ),
    Item(
        "top20",
        1,
        "List your top 20 warm contacts",
        "Ticks itself when the top list is full.",
        _top_list,
    ),
    Item(
        "outreach",
        2,
        "Reach out personally to the top list",
        "Ticks itself when every top contact has a logged conversation.",
        _outreach,
    ),
    Item(
        "pilots",
        2,
        "Offer pilots to the 2–3 most promising",
        "Ticks itself at 2 opportunities with a pilot or a proposal.",
        _pilots_offered,
    ),
    Item(
        "thought",
        2,
        "Begin one thought-leadership activity",
        "Ticks itself at the first activity recorded after the plan's start.",
        _thought,
    ),
    Item(
        "engagement",
        3,
        "Land a first paid engagement (a pilot counts)",
        "Ticks itself when a paid engagement starts after the plan's start.",
        _paid,
    ),
    Item("rhythm", 3, "Test the operating rhythm: dedicated days, check-ins, admin", "", None),
    Item(
        "feedback",
        3,
        "Ask the first client for feedback",
        "Ticks itself when the three feedback answers are recorded.",
        _feedback,
    ),
)
KEYS = tuple(item.key for item in ITEMS)


@dataclass(frozen=True)
class ItemStatus:
    item: Item
    done: bool
    by_hand: bool
    due: date


@dataclass(frozen=True)
class Progress:
    plan: LaunchPlan
    items: list[ItemStatus]

    @property
    def done(self) -> int:
        return sum(status.done for status in self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.items))

    def active_on(self, day: date) -> bool:
        return day <= self.plan.start_date + timedelta(days=90) or self.done < len(self.items)


def progress(actor: Actor) -> Progress | None:
    actor.require_staff()
    plan = LaunchPlan.objects.filter(practice_id=actor.practice_id).first()
    if plan is None:
        return None
    practice = Practice.objects.get(pk=actor.practice_id)
    statuses = []
    for item in ITEMS:
        by_hand = item.key in plan.ticked
        auto = item.check(actor, plan, practice) if item.check else False
        statuses.append(
            ItemStatus(
                item,
                by_hand or auto,
                by_hand,
                plan.start_date + timedelta(days=30 * item.month - 1),
            )
        )
    return Progress(plan, statuses)
