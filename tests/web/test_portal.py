"""The client portal: one client's scope and hours, and nothing else."""

from __future__ import annotations

from datetime import date

from django.test import Client

from fracos.timesheets.services import time_log
from tests.web.conftest import PORTAL


def _history(cast):
    from fracos.engagements.services import engagement_update

    engagement_update(
        cast.owner,
        cast.retainer.pk,
        responsibilities="Technology strategy and hiring",
        exclusions="Hands-on coding",
        change_policy="Extra days agreed in writing",
        ending_terms="30 days' notice",
        notes="INTERNAL-ENGAGEMENT-NOTE",
    )
    from fracos.clients.services import client_update

    client_update(cast.owner, cast.acme.pk, notes="INTERNAL-CLIENT-NOTE")
    time_log(
        cast.owner,
        seconds=3 * 3600,
        client="acme",
        work_date=date(2026, 11, 16),
        note="SECRET-ENTRY-NOTE",
    )
    time_log(cast.owner, seconds=2 * 3600, client="acme", work_date=date(2026, 11, 17))
    time_log(cast.owner, seconds=10 * 3600, client="acme", work_date=date(2026, 9, 7))
    time_log(
        cast.owner,
        seconds=4 * 3600,
        client="bright",
        work_date=date(2026, 11, 12),
        note="BRIGHT-NOTE",
    )
    time_log(cast.owner, seconds=3600, kind="bd", work_date=date(2026, 11, 13), note="BD-NOTE")


def test_a_portal_user_lands_on_their_portal_after_signing_in(cast):
    response = Client().post("/login/", {"username": PORTAL, "password": cast.passwords[PORTAL]})
    assert response.status_code == 302 and response["Location"] == "/portal/"


def test_the_portal_shows_the_scope_and_hours_against_included(cast, login):
    _history(cast)
    page = login(PORTAL).get("/portal/").content.decode()
    assert "Acme Logistics" in page and "Technology strategy and hiring" in page
    assert "Hands-on coding" in page and "Extra days agreed in writing" in page
    # 5 h in November of 69 h 20 min included: 7 %
    assert "<strong>5h</strong> used of 69h20m included (7%)" in page
    # Six months, June to November, September with its 10 hours (14 %)
    assert "Jun 2026" in page and "May 2026" not in page
    assert (
        '<th scope="row">Sep 2026</th><td class="num">10h <span class="muted small">of 69h20m'
        in page
    )


def test_the_portal_counts_hours_as_the_invoices_do(cast, login):
    """Billable client hours against the month's allowance, prorated when the retainer ends
    mid-month: the figures of retainer.py, which drafting bills overage from."""
    from fracos.engagements.services import engagement_end

    _history(cast)
    time_log(
        cast.owner, seconds=2 * 3600, client="acme", work_date=date(2026, 11, 17), billable=False
    )
    engagement_end(cast.owner, cast.retainer.pk, on=date(2026, 11, 15))
    page = login(PORTAL).get("/portal/").content.decode()
    # 69h20m × 15 of 30 days, to the quarter hour: 34h45m; the 2 unbilled hours do not count
    assert "<strong>5h</strong> used of 34h45m available this month" in page and "(14%)" in page
    assert (
        '<th scope="row">Sep 2026</th><td class="num">10h <span class="muted small">of 69h20m'
        in page
    )


def test_the_portal_never_shows_notes_other_clients_or_business_development(cast, login):
    _history(cast)
    page = login(PORTAL).get("/portal/").content.decode()
    for secret in (
        "INTERNAL-ENGAGEMENT-NOTE",
        "INTERNAL-CLIENT-NOTE",
        "SECRET-ENTRY-NOTE",
        "BRIGHT-NOTE",
        "BD-NOTE",
        "Brightwave",
        "Business development",
        "8000",  # the fee is the practice's business, not shown in hours reporting
    ):
        assert secret not in page, secret


def test_a_portal_user_is_404_on_leader_urls_of_their_own_client(cast, login):
    browser = login(PORTAL)
    for url in (
        f"/clients/{cast.acme.pk}/",
        f"/engagements/{cast.retainer.pk}/",
        "/time/",
        "/settings/",
    ):
        assert browser.get(url).status_code == 404, url


def test_the_portal_is_read_only(cast, login):
    assert login(PORTAL).post("/portal/").status_code == 403


def test_another_clients_portal_user_sees_only_their_client(cast, login):
    from fracos.practice.services import member_add

    member_add(
        cast.owner,
        email="portal@brightwave.example",
        role="portal",
        password="bright-pass-123",
        client_id=cast.brightwave.pk,
    )
    _history(cast)
    browser = Client()
    assert browser.login(username="portal@brightwave.example", password="bright-pass-123")
    page = browser.get("/portal/").content.decode()
    assert "Brightwave Health" in page and "Acme" not in page
    assert "Technology strategy" not in page
    assert "<strong>4h</strong> used of 34h40m included (12%)" in page
    assert browser.get(f"/engagements/{cast.retainer.pk}/").status_code == 404


def test_the_portal_query_count_is_bounded(cast, login, django_assert_max_num_queries):
    _history(cast)
    browser = login(PORTAL)
    with django_assert_max_num_queries(10):
        assert browser.get("/portal/").status_code == 200


def test_months_before_the_engagement_started_say_so(cast, login):
    from fracos.engagements.services import engagement_update

    engagement_update(cast.owner, cast.retainer.pk, start_date=date(2026, 9, 15))
    page = login(PORTAL).get("/portal/").content.decode()
    assert '<th scope="row">Aug 2026</th><td class="num">not started</td>' in page
    # started on the 15th: 16 of 30 days of 69h20m, to the quarter hour
    assert (
        '<th scope="row">Sep 2026</th><td class="num">0m <span class="muted small">of 37h</span>'
        in page
    )


def test_the_portal_shows_sent_summaries_of_its_client_only(cast, login):
    from fracos.cadence.services import summary_draft, summary_edit, summary_send
    from fracos.core import clock

    october = clock.month_of(date(2026, 10, 1))
    sent = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=october)
    summary_edit(cast.owner, sent.pk, body="## October\n\n- Hired a lead <script>x</script>")
    summary_send(cast.owner, sent.pk)
    summary_draft(cast.owner, engagement_id=cast.day_rate.pk, month=october)  # not sent
    page = login("portal@acme.example").get("/portal/").content.decode()
    assert "Monthly progress summaries" in page
    assert "<h2>October</h2>" in page and "Hired a lead" in page
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert "Brightwave" not in page
