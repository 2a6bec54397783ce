"""The cadence pages: what is due per engagement, check-ins, renewals, summaries, reviews,
the calendar feed (today: Wednesday 18 November 2026)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail

from fracos.cadence.models import CalendarToken, Summary, Touchpoint
from fracos.cadence.services import summary_draft, summary_send
from fracos.core import clock
from fracos.engagements.services import engagement_update
from fracos.practice.models import AuditEvent
from fracos.timesheets.services import time_log
from tests.web.conftest import LEADER, OWNER, PORTAL, VIEWER

OCTOBER = clock.month_of(date(2026, 10, 1))


def _rows(html: str, client: str) -> dict[str, str]:
    """The cadence table of one client's card: what → the row's text, tags stripped."""
    card = html.split(f">{client} <span", 1)[1].split("</section>", 1)[0]
    rows = re.findall(
        r"<tr class=\"state-\w+\"><th scope=\"row\">([^<]+)</th>(.*?)</tr>", card, re.S
    )
    return {what: " ".join(re.sub(r"<[^>]+>", " ", body).split()) for what, body in rows}


def test_each_running_engagement_shows_its_checkin_summary_and_review_with_due_date_and_state(
    cast, login
):
    html = login(OWNER).get("/cadence/").content.decode()
    acme = _rows(html, "Acme Logistics")
    # Started 1 Jan 2026 with no history: a check-in 7 days later, January's summary the day
    # after January, a review 3 months after the start; all long past.
    assert acme == {
        "Check-in": "⚠ Overdue Thu 8 Jan 2026 —",
        "Progress summary": "⚠ Overdue Sun 1 Feb 2026 — covers 2026-01",
        "Quarterly review": "⚠ Overdue Wed 1 Apr 2026 — Prepare the review",
    }
    bright = _rows(html, "Brightwave Health")
    assert bright["Check-in"] == "⚠ Overdue Fri 8 May 2026 —"
    assert bright["Quarterly review"] == "⚠ Overdue Sat 1 Aug 2026 — Prepare the review"
    assert "6 overdue · 0 due soon" in html


def test_a_recorded_checkin_turns_the_checkin_due_then_done(cast, login):
    browser = login(LEADER)
    response = browser.post(
        "/cadence/checkin/",
        {
            "engagement": cast.retainer.pk,
            "notes": "Agreed the hiring plan",
            "held_on": "2026-11-14",
        },
    )
    assert response.status_code == 302
    point = Touchpoint.objects.get()
    assert (point.kind, point.held_on, point.notes) == (
        "checkin",
        date(2026, 11, 14),
        "Agreed the hiring plan",
    )
    # 14 Nov + 7 days = 21 Nov, within the 3 days "due soon" window from 18 Nov.
    assert _rows(browser.get("/cadence/").content.decode(), "Acme Logistics")["Check-in"] == (
        "● Due Sat 21 Nov 2026 14 Nov 2026"
    )
    browser.post("/cadence/checkin/", {"engagement": cast.retainer.pk, "notes": "Weekly sync"})
    # Today's check-in: next one on 25 Nov, beyond the window.
    assert _rows(browser.get("/cadence/").content.decode(), "Acme Logistics")["Check-in"] == (
        "✓ Done Wed 25 Nov 2026 18 Nov 2026"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"notes": ""}, "notes: say what was discussed or decided"),
        ({"notes": "x", "held_on": "2026-11-30"}, "date: 2026-11-30 is in the future"),
        ({"notes": "x", "held_on": "2026-02-30"}, "2026-02-30"),
        ({"notes": "x" * 5001}, "notes: longer than 5,000 characters"),
    ],
)
def test_a_bad_checkin_shows_the_error_beside_the_field_and_keeps_what_was_typed(
    cast, login, data, message
):
    response = login(OWNER).post("/cadence/checkin/", {"engagement": cast.retainer.pk, **data})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    if data.get("held_on"):
        assert f'value="{data["held_on"]}"' in html
    assert not Touchpoint.objects.exists()


def test_a_checkin_for_another_practices_engagement_is_refused_on_top(cast, login):
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    foreign = engagement_add(
        cast.outsider,
        client_id=client_add(cast.outsider, name="Theirs").pk,
        role_title="CTO",
        pricing_model="day_rate",
        day_rate="1000",
        start_date=date(2026, 1, 1),
    )
    response = login(OWNER).post("/cadence/checkin/", {"engagement": foreign.pk, "notes": "Hijack"})
    assert response.status_code == 422
    assert f"no engagement #{foreign.pk}" in response.content.decode()
    assert not Touchpoint.objects.exists()


def test_an_engagement_nearing_its_end_raises_a_renewal_task_cleared_by_a_logged_conversation(
    cast, login
):
    engagement_update(cast.owner, cast.retainer.pk, end_date=date(2027, 1, 10))
    browser = login(OWNER)
    html = browser.get("/cadence/").content.decode()
    # 53 days to the end: inside the 60-day window, not yet within the 30-day alert.
    assert _rows(html, "Acme Logistics")["Renewal conversation"] == (
        "● Due Sun 10 Jan 2027 — log it below"
    )
    assert "Log a renewal conversation" in html
    response = browser.post(
        "/cadence/renewal/",
        {"engagement": cast.retainer.pk, "notes": "They want six more months"},
    )
    assert response.status_code == 302
    html = browser.get("/cadence/").content.decode()
    assert _rows(html, "Acme Logistics")["Renewal conversation"] == (
        "✓ Done Sun 10 Jan 2027 18 Nov 2026 conversation logged"
    )


def test_drafting_a_summary_opens_it_for_editing(cast, login):
    time_log(
        cast.owner, seconds=7200, client="acme", work_date=date(2026, 10, 5), note="Architecture"
    )
    browser = login(OWNER)
    response = browser.post(
        "/cadence/summaries/draft/", {"engagement": cast.retainer.pk, "month": "2026-10"}
    )
    summary = Summary.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/cadence/summaries/{summary.pk}/"
    )
    assert (summary.period_start, summary.status) == (date(2026, 10, 1), "draft")
    page = browser.get(response["Location"]).content.decode()
    assert "Progress summary — Acme Logistics, October 2026" in page
    assert "Acme Logistics — Fractional CTO, 1 Oct 2026 – 31 Oct 2026" in page
    assert "Architecture — 2.00 h (1 entry)" in page
    assert 'hx-post="/cadence/summaries/preview/"' in page


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-12", "2026-12 has not started yet"),
        ("2026-13", "is not a month; use YYYY-MM"),
        ("", "is not a month; use YYYY-MM"),
        ("2025-12", "did not run in 2025-12"),
    ],
)
def test_a_summary_for_a_bad_month_is_refused_beside_the_month(cast, login, month, message):
    response = login(OWNER).post(
        "/cadence/summaries/draft/", {"engagement": cast.retainer.pk, "month": month}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Summary.objects.exists()


def test_a_second_draft_for_the_same_month_points_to_the_first(cast, login):
    first = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    response = login(OWNER).post(
        "/cadence/summaries/draft/", {"engagement": cast.retainer.pk, "month": "2026-10"}
    )
    assert response.status_code == 422
    assert f"#{first.pk} already covers 2026-10" in response.content.decode()
    assert Summary.objects.count() == 1


def test_the_preview_renders_markdown_and_escapes_html_as_the_portal_does(cast, login):
    response = login(OWNER).post(
        "/cadence/summaries/preview/",
        {"body": "# October\n\n- **Hired** a lead\n\n<script>alert(1)</script>"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<h1>October</h1>" in html
    assert "<li><strong>Hired</strong> a lead</li>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_edited_summary_is_saved_and_a_bad_edit_keeps_the_text(cast, login):
    summary = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    browser = login(OWNER)
    response = browser.post(
        f"/cadence/summaries/{summary.pk}/", {"body": "# October at Acme\n\nWe shipped."}
    )
    assert response.status_code == 302
    summary.refresh_from_db()
    assert (summary.title, summary.body) == (
        "October at Acme",
        "# October at Acme\n\nWe shipped.\n",
    )
    response = browser.post(f"/cadence/summaries/{summary.pk}/", {"body": "   "})
    assert response.status_code == 422
    assert "body: a summary cannot be empty" in response.content.decode()
    summary.refresh_from_db()
    assert summary.title == "October at Acme"


def test_a_summary_marked_sent_appears_in_the_portal_and_no_longer_changes(cast, login):
    summary = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    browser = login(OWNER)
    assert b"No summary has been sent yet" in login(PORTAL).get("/portal/").content
    assert browser.post(f"/cadence/summaries/{summary.pk}/send/").status_code == 302
    summary.refresh_from_db()
    assert summary.status == "sent" and summary.sent_at == clock.now()
    assert summary.title.encode() in login(PORTAL).get("/portal/").content
    page = browser.get(f"/cadence/summaries/{summary.pk}/").content.decode()
    assert "Sent 18 Nov 2026" in page and 'name="body"' not in page
    response = browser.post(f"/cadence/summaries/{summary.pk}/", {"body": "# Changed"})
    assert response.status_code == 422 and "no longer changes" in response.content.decode()


def test_a_sent_summary_is_emailed_as_a_pdf_and_a_draft_is_not(cast, login):
    summary = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    browser = login(OWNER)
    response = browser.post(f"/cadence/summaries/{summary.pk}/email/", {"to": "cto@acme.example"})
    assert (
        response.status_code == 422 and "mark it sent before emailing" in response.content.decode()
    )
    summary_send(cast.owner, summary.pk)
    response = browser.post(f"/cadence/summaries/{summary.pk}/email/", {"to": "not-an-address"})
    assert response.status_code == 422
    assert "to: &#x27;not-an-address&#x27; is not an email address" in response.content.decode()
    assert mail.outbox == []
    response = browser.post(f"/cadence/summaries/{summary.pk}/email/", {"to": "cto@acme.example"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["cto@acme.example"]
    assert message.subject == "Progress summary: Progress summary — Acme Logistics, October 2026"
    name, content, kind = message.attachments[0]
    assert (name, kind) == (f"summary-{cast.retainer.pk}-2026-10.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="summary.emailed").count() == 1


def test_the_summary_pdf_downloads(cast, login):
    summary = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    response = login(VIEWER).get(f"/cadence/summaries/{summary.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="summary-Acme-Logistics-2026-10.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_the_review_page_gathers_the_quarters_sent_summaries_and_records_the_review(cast, login):
    summary_send(
        cast.owner, summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER).pk
    )
    time_log(cast.owner, seconds=5400, client="acme", work_date=date(2026, 9, 2), note="Audit")
    browser = login(OWNER)
    html = browser.get(f"/cadence/review/{cast.retainer.pk}/").content.decode()
    # No earlier review: it looks back three months, 18 Aug – 18 Nov, with 1.5 h logged.
    assert "Review — Acme Logistics, 18 Aug 2026 – 18 Nov 2026" in html
    assert "1.50 h of work in the period" in html
    assert "<li>Progress summary — Acme Logistics, October 2026</li>" in html
    response = browser.post(
        f"/cadence/review/{cast.retainer.pk}/", {"notes": "Renew for six months"}
    )
    assert response.status_code == 302
    review = Touchpoint.objects.get(kind="review")
    assert review.held_on == date(2026, 11, 18) and review.notes == "Renew for six months"
    html = browser.get("/cadence/").content.decode()
    # Next review three months after today's.
    assert _rows(html, "Acme Logistics")["Quarterly review"] == (
        "✓ Done Thu 18 Feb 2027 18 Nov 2026 Prepare the review"
    )


def test_the_calendar_page_issues_a_url_once_rotates_and_revokes_it(cast, login, client):
    browser = login(OWNER)
    assert b"No feed is live" in browser.get("/calendar/").content
    html = browser.post("/calendar/issue/").content.decode()
    url = re.search(r'value="(http[^"]+\.ics)"', html).group(1)
    path = url.split("127.0.0.1:8000", 1)[1]
    assert client.get(path).status_code == 200
    page = browser.get("/calendar/").content.decode()
    assert "A feed URL is live since 18 Nov 2026" in page and url not in page
    html = browser.post("/calendar/issue/").content.decode()
    rotated = re.search(r'value="(http[^"]+\.ics)"', html).group(1)
    assert rotated != url
    assert client.get(path).status_code == 404
    assert browser.post("/calendar/revoke/").status_code == 302
    assert client.get(rotated.split("127.0.0.1:8000", 1)[1]).status_code == 404
    assert not CalendarToken.objects.filter(revoked_at__isnull=True).exists()


def test_the_cadence_page_reads_a_bounded_number_of_queries(
    cast, login, django_assert_max_num_queries
):
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    for n in range(6):
        client = client_add(cast.owner, name=f"Client {n}")
        engagement = engagement_add(
            cast.owner,
            client_id=client.pk,
            role_title="CTO",
            pricing_model="day_rate",
            day_rate="1000",
            start_date=date(2026, 3, 1),
        )
        summary_draft(cast.owner, engagement_id=engagement.pk, month=OCTOBER)
    browser = login(OWNER)
    with django_assert_max_num_queries(9):
        response = browser.get("/cadence/")
    assert response.content.decode().count("Record check-in") == 8


def test_the_cadence_pages_queries_do_not_grow_with_the_engagements(cast, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    browser = login(OWNER)
    with CaptureQueriesContext(connection) as two:
        browser.get("/cadence/")
    for n in range(4):
        engagement_add(
            cast.owner,
            client_id=client_add(cast.owner, name=f"Client {n}").pk,
            role_title="CTO",
            pricing_model="day_rate",
            day_rate="1000",
            start_date=date(2026, 3, 1),
        )
    with CaptureQueriesContext(connection) as six:
        html = browser.get("/cadence/").content.decode()
    assert html.count("Record check-in") == 6
    assert len(six.captured_queries) == len(two.captured_queries)


def test_a_draft_waiting_to_be_sent_is_linked_from_its_summary_row(cast, login):
    january = summary_draft(
        cast.owner, engagement_id=cast.retainer.pk, month=clock.month_of(date(2026, 1, 1))
    )
    html = login(OWNER).get("/cadence/").content.decode()
    assert _rows(html, "Acme Logistics")["Progress summary"] == (
        f"⚠ Overdue Sun 1 Feb 2026 — covers 2026-01; draft #{january.pk} is waiting to be sent "
        "— open the draft"
    )
    assert f'<a href="/cadence/summaries/{january.pk}/">open the draft</a>' in html


def test_the_email_form_starts_from_the_billing_email_else_a_contacts(cast, login):
    from fracos.clients.services import client_update, contact_add

    summary = summary_send(
        cast.owner, summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER).pk
    )
    browser = login(OWNER)
    url = f"/cadence/summaries/{summary.pk}/"
    assert 'name="to" type="email" value=""' in browser.get(url).content.decode()
    contact_add(cast.owner, cast.acme.pk, name="Ann", email="ann@acme.example", role="CEO")
    assert 'value="ann@acme.example"' in browser.get(url).content.decode()
    client_update(cast.owner, cast.acme.pk, billing_email="ap@acme.example")
    assert 'value="ap@acme.example"' in browser.get(url).content.decode()
