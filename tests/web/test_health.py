"""The /health/ page and the dashboard's health panel: readable without colour, one practice only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from tests.insights.helpers import log_hours
from tests.web.conftest import OUTSIDER, OWNER, PORTAL, VIEWER


def test_an_anonymous_visitor_is_sent_to_sign_in(cast) -> None:
    response = Client().get("/health/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_a_portal_user_gets_404(cast, login) -> None:
    assert login(PORTAL).get("/health/").status_code == 404


def test_a_signed_in_stranger_without_a_practice_gets_404(cast) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("stranger", "stranger@example.com", "stranger-pass-1")
    browser = Client()
    assert browser.login(username="stranger", password="stranger-pass-1")
    assert browser.get("/health/").status_code == 404


def test_another_practice_sees_only_its_own_health(cast, login) -> None:
    log_hours(cast.owner, cast.retainer, date(2026, 11, 2), 72)
    page = login(OUTSIDER).get("/health/").content.decode()
    assert "0 active clients" in page
    assert "Acme" not in page and "Brightwave" not in page


def test_a_viewer_reads_the_page_and_nothing_can_be_posted(cast, login) -> None:
    assert login(VIEWER).get("/health/").status_code == 200
    assert login(VIEWER).post("/health/").status_code == 403
    assert login(OWNER).post("/health/").status_code == 405


def test_each_check_has_a_status_word_an_icon_its_rule_and_advice(cast, login) -> None:
    page = login(OWNER).get("/health/").content.decode()
    assert (
        '<span class="status-label status-ok-text"><span aria-hidden="true">✓</span> OK</span> '
        'Active clients: <span class="figure">2 active clients</span>'
    ) in page
    # No business development logged: an alert, in words as well as colour
    assert '<span aria-hidden="true">⚠</span> Alert</span> Business development' in page
    assert "Protect at least 16 h of business development every 4 weeks" in page
    assert "→ Block time on your non-client day" in page
    assert '<li class="check status-alert" id="check-business_development">' in page


def test_the_forecast_is_an_svg_chart_with_a_data_table(cast, login) -> None:
    from fracos.pipeline.services import opportunity_add
    from fracos.practice.services import playbook_update

    playbook_update(cast.owner, {"full_time_salary": "150000"})
    opportunity_add(
        cast.owner,
        title="Fractional CTO",
        organisation="Foxtrot",
        monthly_value=Decimal("6000"),
        stage="conversation",
        expected_start=date(2027, 1, 15),
    )
    page = login(OWNER).get("/health/").content.decode()
    assert "Over the next 12 months you are forecast to earn 29864.51 EUR" in page
    assert '<svg viewBox="0 0 720 260" role="img" aria-labelledby="forecast_eur_title"' in page
    # November: 13200 contracted; January's pipeline from the 15th: 1500 × 17/31
    assert "<title>2026-11 · Contracted: 13,200.00 EUR</title>" in page
    assert "<title>2027-01 · Weighted pipeline: 822.58 EUR</title>" in page
    assert (
        '<th scope="row">2026-12</th><td class="num">7664.51</td><td class="num">0.00</td>'
        '<td class="num">7664.51</td><td class="num">12500.00</td>'
    ) in page
    assert (
        '<th scope="row">Total</th><td class="num">20864.51</td><td class="num">9000.00</td>'
        '<td class="num">29864.51</td><td class="num">150000.00</td>'
    ) in page
    # By client: Foxtrot's weighted pipeline from January
    foxtrot = page[page.index('<th scope="row">Foxtrot</th>') :]
    foxtrot = foxtrot[: foxtrot.index("</tr>")]
    assert "<td>weighted pipeline</td>" in foxtrot
    assert foxtrot.count('<td class="num">') == 13
    assert '<td class="num">822.58</td><td class="num">1500.00</td>' in foxtrot
    assert foxtrot.endswith('<td class="num">9000.00</td>')


def test_the_dashboard_panel_shows_every_check_and_links_to_the_page(cast, login) -> None:
    page = login(OWNER).get("/").content.decode()
    panel = page[page.index('id="health-h"') :]
    panel = panel[: panel.index("</section>")]
    assert 'href="/health/"' in panel
    assert panel.count('<li class="check status-') == 11
    assert "2–4 clients is the sustainable range; you have 2." in panel
    # Advice only where something is to be done
    assert "→ Keep it there" not in panel
    assert "→ Block time on your non-client day" in panel


def test_the_nav_links_the_health_page(cast, login) -> None:
    page = login(OWNER).get("/health/").content.decode()
    assert '<a href="/health/" aria-current="page">Health</a>' in page


@pytest.mark.parametrize("extra_clients", [0, 12])
def test_the_health_page_query_count_does_not_grow_with_rows(
    cast, login, django_assert_max_num_queries, extra_clients
) -> None:
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add
    from fracos.pipeline.services import opportunity_add
    from fracos.practice.services import playbook_update
    from fracos.timesheets.services import time_log

    playbook_update(cast.owner, {"full_time_salary": "180000"})
    for n in range(extra_clients):
        client = client_add(cast.owner, name=f"Client {n:02d}")
        engagement = engagement_add(
            cast.owner,
            client_id=client.pk,
            role_title="Advisor",
            pricing_model="retainer",
            fee=Decimal("3000"),
            hours_per_week=Decimal("4"),
            dedicated_days=("fri",),
            start_date=date(2026, 1, 1),
        )
        time_log(
            cast.owner, seconds=3600, engagement_id=engagement.pk, work_date=date(2026, 11, 12)
        )
        opportunity_add(
            cast.owner, title="CTO", organisation=f"Prospect {n}", monthly_value=Decimal("5000")
        )
    browser = login(OWNER)
    # 26 measured: sign-in, the eleven checks, the forecast, the header's timer; 2 to spare.
    with django_assert_max_num_queries(28):
        response = browser.get("/health/")
    assert response.status_code == 200
