"""Schemathesis against the live OpenAPI document: no 5xx, responses match, no other tenant.

Every operation gets generated valid and invalid input, authenticated as the cast's
owner; the other practice's client is named so that any leak shows in a body.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 25
LEAK_MARK = "Zebra Leak Holdings"


def test_no_generated_request_gets_a_server_error_a_wrong_shape_or_another_practices_data(
    cast: Any,
) -> None:
    from fracos.clients.services import client_add
    from fracos.practice.services import token_create
    from fracos.timesheets.services import time_log

    client_add(cast.outsider, name=LEAK_MARK)
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


def _fuzz(raw: str) -> None:
    import schemathesis
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application
    from schemathesis.checks import not_a_server_error
    from schemathesis.generation import GenerationMode
    from schemathesis.specs.openapi.checks import response_schema_conformance

    auth = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
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
                cache.clear()  # invalid input is not a failed authentication
                response = case.call(headers=auth)
                seen_statuses.add(response.status_code)
                case.validate_response(
                    response, checks=[not_a_server_error, response_schema_conformance]
                )
                assert LEAK_MARK not in response.text, case.as_curl_command()

            exercise()
    assert 200 in seen_statuses
    assert 422 in seen_statuses
