"""The demo's business development: positioning, proof, a warm network and a pipeline."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

POSITIONING = {
    "who": "Belgian and Dutch B2B SaaS and logistics scale-ups of 20–150 people, Series A to "
    "B, that just raised and have no CTO yet",
    "what": "I build and lead the engineering team, own the technology roadmap and represent "
    "technology at the board, two days a week",
    "different": "Fifteen years as an engineer and CTO; I have hired more than 40 engineers in "
    "Belgium and led two platform migrations without downtime",
    "outcome": "Within 6 months a senior team of 6–8, a roadmap the board signed off, and a "
    "release cadence of weekly instead of quarterly",
}
STORIES = [
    (
        "Cloud bill under control",
        "A logistics scale-up's AWS bill had doubled in a year.",
        "Rightsized the clusters, reserved capacity, removed idle environments, set budgets.",
        "Cut cloud costs by 38 % in 3 months.",
        "logistics,scaleup",
        "cloud-costs",
    ),
    (
        "From quarterly to weekly releases",
        "A SaaS company shipped four times a year.",
        "Introduced trunk-based development, CI/CD and feature flags; coached the leads.",
        "Weekly releases within 5 months; incidents down by half.",
        "saas,series-a",
        "delivery",
    ),
    (
        "Hiring a senior team",
        "A seed-stage fintech had two junior developers and no lead.",
        "Defined the roles, ran the hiring loop, onboarded the hires.",
        "Hired a team of 6, including a head of engineering, in 4 months.",
        "fintech,seed",
        "hiring",
    ),
    (
        "ISO 27001 without a security team",
        "A healthtech needed certification for a key deal.",
        "Ran the gap analysis, set up the ISMS, prepared the audit.",
        "Passed the ISO 27001 audit at the first attempt; the deal closed.",
        "healthtech",
        "security,compliance",
    ),
]
CONTACTS = [
    ("Sofie Claes", "Zeta Robotics", "CEO", "Former colleague at a scale-up", 3, True),
    ("Pieter Janssens", "Northwind Freight", "COO", "Met at a logistics meetup", 3, True),
    ("Elena Rossi", "Lumen Health", "Founder", "Introduced by a VC partner", 2, True),
    ("Tom De Smet", "Kettle Payments", "CFO", "University friend", 2, True),
    ("Marie Dubois", "Orbit Analytics", "CEO", "Panel at a SaaS conference", 2, True),
    ("Joris Wouters", "Greenline Energy", "Managing director", "Neighbour", 2, False),
    ("Anna Müller", "Hafen Logistik", "VP Operations", "Former client's partner", 2, True),
    ("Lucas Peeters", "Brickly", "Founder", "Angel network", 2, True),
    ("Nina Verhoeven", "Tulip Learning", "CEO", "Former colleague", 3, True),
    ("Karel Maes", "Atlas Insurtech", "COO", "Accelerator mentor", 1, True),
]


def build_pipeline_demo(actor: Any, today: date) -> None:
    from fracos.core import clock
    from fracos.pipeline.services import (
        contact_add,
        opportunity_add,
        opportunity_attach_story,
        opportunity_move,
        outreach_log,
        positioning_save,
        story_add,
        thought_add,
    )

    with clock.freeze(clock.start_of_day(today - timedelta(days=200), "Europe/Brussels")):
        positioning_save(
            actor,
            who="Companies that need technology leadership",
            what="I help companies with technology strategy",
            different="Experienced and passionate",
            outcome="Better technology",
        )
    positioning_save(actor, **POSITIONING)
    stories = [
        story_add(actor, title=t, situation=s, actions=a, result=r, client_tags=c, problem_tags=p)
        for t, s, a, r, c, p in STORIES
    ]
    contacts = []
    for index, (name, org, role, how, warmth, fits) in enumerate(CONTACTS):
        email = f"{name.split()[0].lower()}@{org.split()[0].lower()}.example"
        contacts.append(
            contact_add(
                actor,
                name=name,
                organisation=org,
                role=role,
                email=email,
                how_known=how,
                warmth=warmth,
                fits_profile=fits,
                top=index < 8,
            )
        )
    for index, contact in enumerate(contacts[:7]):
        when = today - timedelta(days=80 - 9 * index)
        outreach_log(
            actor,
            contact.pk,
            on=when,
            channel=("meeting", "call", "email")[index % 3],
            summary=f"Caught up with {contact.name.split()[0]}: growth plans and "
            "engineering hiring.",
            next_step="Follow up with a short note on a pilot",
            next_step_on=today - timedelta(days=2)
            if index < 2
            else today + timedelta(days=7 + index),
        )
    value = Decimal
    zeta = opportunity_add(
        actor,
        title="Fractional CTO",
        contact_id=contacts[0].pk,
        monthly_value=value("8500"),
        stage="conversation",
        expected_start=today + timedelta(days=45),
        next_step="Send the pilot outline",
        next_step_on=today,
    )
    opportunity_attach_story(actor, zeta.pk, stories[2].pk)
    northwind = opportunity_add(
        actor,
        title="Fractional CTO, 2 days a week",
        contact_id=contacts[1].pk,
        monthly_value=value("9000"),
        stage="pilot_proposed",
        expected_start=today + timedelta(days=30),
        next_step="Pilot decision call",
        next_step_on=today + timedelta(days=3),
    )
    opportunity_attach_story(actor, northwind.pk, stories[0].pk)
    opportunity_add(
        actor,
        title="Interim Head of Engineering",
        contact_id=contacts[4].pk,
        monthly_value=value("7000"),
        stage="retainer_proposed",
        expected_start=today + timedelta(days=20),
        next_step="Answer questions on the proposal",
        next_step_on=today + timedelta(days=1),
    )
    opportunity_add(
        actor,
        title="Technology due diligence",
        contact_id=contacts[2].pk,
        monthly_value=value("6000"),
        stage="contacted",
    )
    opportunity_add(
        actor,
        title="Fractional CTO",
        contact_id=contacts[8].pk,
        monthly_value=value("8000"),
        stage="identified",
    )
    lost = opportunity_add(
        actor,
        title="Fractional CTO",
        contact_id=contacts[3].pk,
        monthly_value=value("7500"),
        stage="conversation",
    )
    opportunity_move(actor, lost.pk, "lost", reason="Hired a full-time CTO instead")
    for days_ago, kind, title in (
        (75, "article", "Engineering metrics a board understands"),
        (44, "talk", "Scaling a team from 5 to 25 engineers"),
        (12, "post", "What a fractional CTO does in the first 30 days"),
    ):
        thought_add(actor, kind=kind, title=title, on=today - timedelta(days=days_ago))
