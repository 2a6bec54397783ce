"""GET /api/v1/pipeline: the board by stage, as `fracos pipeline` shows it."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tests.api.conftest import Api, ApiFor


@pytest.fixture
def pipeline(in_practice: Any) -> Any:
    from fracos.pipeline.services import opportunity_add, opportunity_move

    owner = in_practice.owner
    for title, value, currency, stage in (
        ("Fractional CTO", "6500", "EUR", "conversation"),
        ("Interim VP Eng", "9000", "USD", "conversation"),
        ("Tech due diligence", "3000", "EUR", "conversation"),
        ("Board advisor", "2000", "EUR", "retainer_proposed"),
    ):
        added = opportunity_add(
            owner,
            title=title,
            organisation="Zeta",
            monthly_value=Decimal(value),
            currency=currency,
            stage=stage,
        )
    opportunity_move(owner, added.pk, "won")
    return in_practice


def _board(api: Api) -> dict[str, Any]:
    response = api.get("/pipeline")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def test_it_is_the_board_the_command_line_shows(pipeline: Any, fracos: Any, owner_api: Api) -> None:
    cli = json.loads(fracos("pipeline", "--format", "json").stdout)
    board = _board(owner_api)
    assert [s["stage"] for s in board["stages"]] == [c["stage"] for c in cli]
    for stage, column in zip(board["stages"], cli, strict=True):
        assert stage["count"] == len(column["opportunities"])
        assert stage["opportunity_ids"] == [o["id"] for o in column["opportunities"]]
        assert {w["currency"]: w["amount"] for w in stage["weighted"]} == column["weighted"]


def test_weighted_value_is_per_currency_never_mixed(pipeline: Any, owner_api: Api) -> None:
    board = _board(owner_api)
    conversation = next(s for s in board["stages"] if s["stage"] == "conversation")
    assert conversation["count"] == 3
    currencies = [w["currency"] for w in conversation["weighted"]]
    assert currencies == ["EUR", "USD"]
    # The won opportunity is on the board but not in the open pipeline's value.
    won = next(s for s in board["stages"] if s["stage"] == "won")
    assert won["count"] == 1 and won["weighted"]
    assert [w["currency"] for w in board["open_weighted"]] == ["EUR", "USD"]
    open_eur = next(w for w in board["open_weighted"] if w["currency"] == "EUR")
    assert open_eur == next(w for w in conversation["weighted"] if w["currency"] == "EUR")


def test_a_viewer_reads_it_and_a_portal_token_is_refused(pipeline: Any, api_for: ApiFor) -> None:
    assert _board(api_for(pipeline.viewer))["stages"]
    assert api_for(pipeline.portal).get("/pipeline").status_code == 403


def test_an_outsider_sees_an_empty_board(pipeline: Any, api_for: ApiFor) -> None:
    board = _board(api_for(pipeline.outsider))
    assert all(s["count"] == 0 and s["opportunity_ids"] == [] for s in board["stages"])
    assert board["open_weighted"] == []
