"""A small, hand-countable business-development world on top of the shared cast."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fracos.cli.demo_pipeline import POSITIONING


@dataclass
class World:
    cast: Any
    story: Any  # measurable result
    vague_story: Any  # no number in the result
    jan: Any  # top, hot, fits; a next step due yesterday
    ann: Any  # warm, does not fit
    zeta: Any  # 8000 EUR, conversation (25 %): weighted 2000.00
    northwind: Any  # 9000 EUR, retainer proposed (75 %): weighted 6750.00
    lumen: Any  # 6000 EUR, contacted, its own 50 %: weighted 3000.00
    hafen: Any  # 5000 USD, conversation (25 %): weighted 1250.00
    empty: Any  # no value yet, identified


def build(cast: Any) -> World:
    from fracos.pipeline import services

    owner = cast.owner
    services.positioning_save(owner, **POSITIONING)
    story = services.story_add(
        owner,
        title="Cloud bill under control",
        situation="A logistics scale-up's AWS bill had doubled.",
        actions="Rightsized, reserved, removed idle environments.",
        result="Cut cloud costs by 38 % in 3 months.",
        client_tags="logistics",
        problem_tags="cloud-costs",
    )
    vague = services.story_add(
        owner,
        title="Happier team",
        situation="A team was unhappy.",
        actions="Coached the leads.",
        result="The team felt better.",
    )
    jan = services.contact_add(
        owner,
        name="Jan Peeters",
        organisation="Zeta Robotics",
        role="CEO",
        email="jan@zeta.example",
        warmth="hot",
        fits_profile=True,
        top=True,
    )
    ann = services.contact_add(owner, name="Ann Smet", organisation="Lumen Health", warmth="warm")
    services.outreach_log(
        owner,
        jan.pk,
        summary="Coffee: they struggle to hire seniors.",
        channel="meeting",
        on=date(2026, 11, 10),
        next_step="Send pilot outline",
        next_step_on=date(2026, 11, 17),
    )
    zeta = services.opportunity_add(
        owner,
        title="Fractional CTO",
        contact_id=jan.pk,
        monthly_value=Decimal("8000"),
        stage="conversation",
        expected_start=date(2027, 1, 4),
        next_step="Send pilot outline",
        next_step_on=date(2026, 11, 20),
    )
    northwind = services.opportunity_add(
        owner,
        title="Interim CTO",
        organisation="Northwind Freight",
        monthly_value=Decimal("9000"),
        stage="retainer_proposed",
    )
    lumen = services.opportunity_add(
        owner,
        title="Tech due diligence",
        contact_id=ann.pk,
        monthly_value=Decimal("6000"),
        stage="contacted",
        probability=50,
    )
    hafen = services.opportunity_add(
        owner,
        title="Advisory",
        organisation="Hafen Logistik",
        monthly_value=Decimal("5000"),
        currency="USD",
        stage="conversation",
    )
    empty = services.opportunity_add(owner, title="Maybe something", organisation="Brickly")
    return World(cast, story, vague, jan, ann, zeta, northwind, lumen, hafen, empty)
