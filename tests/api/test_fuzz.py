"""Schemathesis against the live OpenAPI document: no 5xx, responses match, no other tenant.

Every operation gets generated valid and invalid input, authenticated as the cast's
owner; the other practice holds a row of every kind the API shows (client, contact,
invoice with lines, payment and credit note, draft, positioning, proof story, network
contact with outreach, opportunity, pilot, thought leadership, proposal, launch plan and
client feedback), each carrying the mark, so that any leak shows in a body.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings

# 79 operations × 2 modes × 10 examples ≈ 1,600 requests, as many as 66 × 12 were before
# proposals and the launch plan (~75 s on a quiet core, over half of it generating the
# input), so the run stays within three minutes on a busy one.
EXAMPLES_PER_OPERATION = 10
LEAK_MARK = "Zebra Leak Holdings"
LEAK_DAY = date(1999, 9, 9)


def test_no_generated_request_gets_a_server_error_a_wrong_shape_or_another_practices_data(
    cast: Any,
) -> None:
    from fracos.practice.services import token_create
    from fracos.timesheets.services import time_log

    _seed_the_other_practice(cast.outsider)
    _seed_the_practice(cast)
    time_log(cast.owner, seconds=3600, client="acme", note="seed")
    _token, raw = token_create(cast.owner, name="fuzz")

    # As Django's test client does: the WSGI handler must not close the test's connection.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _fuzz(raw)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _seed_the_other_practice(outsider: Any) -> None:
    """Rows of every kind the API lists, all named with the mark, in the other practice."""
    from decimal import Decimal

    from fracos.billing import services as billing
    from fracos.clients.services import client_add, contact_add
    from fracos.pipeline import services as pipeline
    from fracos.practice.services import practice_update

    practice_update(outsider, vat_number="BE0403019261", country="BE", street="Rue 1")
    client = client_add(outsider, name=LEAK_MARK, country="BE", vat_number="BE0765432146")
    contact_add(outsider, client.pk, name=LEAK_MARK, email="leak@zebra.example")
    issued = billing.invoice_draft(outsider, client_id=client.pk)
    billing.invoice_line_add(
        outsider, invoice_id=issued.pk, description=LEAK_MARK, quantity="1", unit_price="100"
    )
    billing.invoice_issue(outsider, invoice_id=issued.pk)
    billing.payment_add(outsider, invoice_id=issued.pk, amount="10", reference=LEAK_MARK)
    billing.invoice_credit(outsider, invoice_id=issued.pk, amount="5", reason=LEAK_MARK)
    draft = billing.invoice_draft(outsider, client_id=client.pk)
    billing.invoice_line_add(
        outsider, invoice_id=draft.pk, description=LEAK_MARK, quantity="1", unit_price="1"
    )
    pipeline.positioning_save(
        outsider, who=LEAK_MARK, what=LEAK_MARK, different=LEAK_MARK, outcome=LEAK_MARK
    )
    pipeline.story_add(
        outsider, title=LEAK_MARK, situation=LEAK_MARK, actions=LEAK_MARK, result=LEAK_MARK
    )
    person = pipeline.contact_add(outsider, name=LEAK_MARK, organisation=LEAK_MARK, top=True)
    pipeline.outreach_log(outsider, person.pk, summary=LEAK_MARK, next_step=LEAK_MARK)
    won = pipeline.opportunity_add(
        outsider, title=LEAK_MARK, organisation=LEAK_MARK, contact_id=person.pk
    )
    pilot = pipeline.pilot_start(
        outsider, won.pk, fee=Decimal(5000), weeks=6, deliverable=LEAK_MARK
    )
    pipeline.pilot_convert(outsider, pilot.engagement.pk, fee=Decimal(8000))
    pipeline.thought_add(outsider, kind="post", title=LEAK_MARK)
    pitched = pipeline.opportunity_add(outsider, title=LEAK_MARK, organisation=LEAK_MARK)
    story = pipeline.story_add(
        outsider, title=LEAK_MARK, situation=LEAK_MARK, actions=LEAK_MARK, result="38 %"
    )
    proposal = pipeline.proposal_create(
        outsider,
        pitched.pk,
        options=[pipeline.ProposalOption(LEAK_MARK, "retainer", Decimal(8000))],
        title=LEAK_MARK,
        responsibilities=LEAK_MARK,
        terms=LEAK_MARK,
        story_ids=(story.pk,),
    )
    pipeline.proposal_send(outsider, proposal.pk)
    # A launch plan holds no text: its start day is the mark (the owner's plan starts today).
    pipeline.launch_start(outsider, start=LEAK_DAY)
    pipeline.launch_tick(outsider, "profile")
    pipeline.feedback_record(
        outsider,
        client.pk,
        what_they_get=LEAK_MARK,
        wish_different=LEAK_MARK,
        would_recommend=LEAK_MARK,
    )


def _seed_the_practice(cast: Any) -> None:
    """Some of everything in the token's own practice, so reads find rows to show."""
    from decimal import Decimal

    from fracos.billing import services as billing
    from fracos.pipeline import services as pipeline
    from tests.billing.helpers import ready_practice

    ready_practice(cast)
    issued = billing.invoice_draft(cast.owner, client_id=cast.acme.pk)
    billing.invoice_issue(cast.owner, invoice_id=issued.pk)
    billing.payment_add(cast.owner, invoice_id=issued.pk, amount="100")
    billing.invoice_draft(cast.owner, client_id=cast.brightwave.pk)
    person = pipeline.contact_add(cast.owner, name="Jan Peeters", top=True)
    pipeline.outreach_log(cast.owner, person.pk, summary="coffee")
    pipeline.opportunity_add(cast.owner, title="Fractional CTO", organisation="Zeta")
    pipeline.story_add(cast.owner, title="Cloud", situation="s", actions="a", result="38 %")
    pipeline.positioning_save(cast.owner, who="w", what="w", different="d", outcome="o")
    pipeline.thought_add(cast.owner, kind="post", title="Hiring")
    zeta = pipeline.opportunity_add(cast.owner, title="Fractional CTO", organisation="Zeta")
    option = pipeline.ProposalOption("Monthly retainer", "retainer", Decimal(8000))
    pipeline.proposal_create(cast.owner, zeta.pk, options=[option], responsibilities="Run it")
    pipeline.launch_start(cast.owner)


def _fuzz(raw: str) -> None:
    import schemathesis
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application
    from schemathesis.checks import not_a_server_error
    from schemathesis.generation import GenerationMode
    from schemathesis.specs.openapi.checks import response_schema_conformance

    from fracos.practice.models import FailedAttempt

    auth = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 55
    seen_statuses: set[int] = set()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def exercise(case: Any) -> None:
                # Invalid input is not a failed authentication: no counts carry over.
                cache.clear()
                FailedAttempt.objects.all().delete()
                response = case.call(headers=auth)
                seen_statuses.add(response.status_code)
                case.validate_response(
                    response, checks=[not_a_server_error, response_schema_conformance]
                )
                # Bytes, not text: some operations answer with a PDF, which does not decode.
                body = response.content
                assert LEAK_MARK.encode() not in body, case.as_curl_command()
                assert LEAK_DAY.isoformat().encode() not in body, case.as_curl_command()

            exercise()
    assert 200 in seen_statuses
    assert 422 in seen_statuses
