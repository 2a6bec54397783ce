"""Who may see and change what, on every page: anonymous, outsider, viewer, portal user."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from tests.web.conftest import LEADER, OUTSIDER, OWNER, PORTAL, VIEWER, counts
from tests.web.pipeline_data import build

# Every staff page, by a template of the cast's ids.
PAGES = [
    "/",
    "/time/",
    "/time/{entry}/edit/",
    "/clients/",
    "/clients/new/",
    "/clients/{acme}/",
    "/clients/{acme}/edit/",
    "/engagements/",
    "/engagements/new/",
    "/engagements/{retainer}/",
    "/engagements/{retainer}/edit/",
    "/engagements/{retainer}/end/",
    "/settings/",
    "/cadence/",
    "/cadence/summaries/{summary}/",
    "/cadence/review/{retainer}/",
    "/calendar/",
    "/plan/",
    "/rate/",
    "/time/import/",
    "/pipeline/",
    "/pipeline/new/",
    "/pipeline/{opportunity}/",
    "/pipeline/{opportunity}/edit/",
    "/pipeline/{opportunity}/pilot/",
    "/pipeline/{opportunity}/proposals/new/",
    "/pipeline/pilots/",
    "/pipeline/pilots/{pilot}/convert/",
    "/pipeline/pilots/{pilot}/close/",
    "/pipeline/proposals/",
    "/pipeline/proposals/{proposal}/",
    "/positioning/",
    "/positioning/edit/",
    "/proof/",
    "/proof/new/",
    "/proof/{story}/edit/",
    "/thought/",
    "/launch/",
    "/network/",
    "/network/new/",
    "/network/import/",
    "/network/{contact}/",
    "/network/{contact}/edit/",
    "/invoices/",
    "/invoices/new/",
    "/invoices/{draft}/",
    "/invoices/{issued}/",
    "/invoices/{draft}/issue/",
    "/receivables/",
]
# Documents to download: read like pages, but not HTML.
DOWNLOADS = [
    "/pipeline/proposals/{proposal}/proposal.md",
    "/pipeline/proposals/{proposal}/proposal.pdf",
    "/engagements/{retainer}/scope.md",
    "/engagements/{retainer}/scope.pdf",
]
# The documents of an issued invoice: read like pages, but not HTML.
DOCUMENTS = ["/invoices/{issued}/pdf", "/invoices/{issued}/ubl", "/invoices/{issued}/facturx"]
# Every URL that writes.
WRITES = [
    "/time/log/",
    "/time/{entry}/edit/",
    "/time/{entry}/delete/",
    "/timer/start/",
    "/timer/stop/",
    "/clients/new/",
    "/clients/{acme}/",
    "/clients/{acme}/edit/",
    "/clients/{acme}/archive/",
    "/engagements/new/",
    "/engagements/{retainer}/edit/",
    "/engagements/{retainer}/end/",
    "/settings/practice/",
    "/settings/playbook/",
    "/settings/members/add/",
    "/settings/members/remove/",
    "/cadence/checkin/",
    "/cadence/renewal/",
    "/cadence/summaries/draft/",
    "/cadence/summaries/preview/",
    "/cadence/summaries/{summary}/",
    "/cadence/summaries/{summary}/send/",
    "/cadence/summaries/{summary}/email/",
    "/cadence/review/{retainer}/",
    "/calendar/issue/",
    "/calendar/revoke/",
    "/plan/",
    "/time/import/",
    "/pipeline/new/",
    "/pipeline/{opportunity}/edit/",
    "/pipeline/{opportunity}/move/",
    "/pipeline/{opportunity}/story/",
    "/pipeline/{opportunity}/pilot/",
    "/pipeline/{opportunity}/proposals/new/",
    "/pipeline/pilots/{pilot}/convert/",
    "/pipeline/pilots/{pilot}/close/",
    "/pipeline/proposals/{proposal}/send/",
    "/pipeline/proposals/{proposal}/accept/",
    "/positioning/edit/",
    "/proof/new/",
    "/proof/{story}/edit/",
    "/thought/",
    "/launch/",
    "/launch/tick/",
    "/launch/feedback/",
    "/network/new/",
    "/network/import/",
    "/network/{contact}/",
    "/network/{contact}/edit/",
    "/network/{contact}/top/",
    "/invoices/new/",
    "/invoices/{draft}/lines/",
    "/invoices/{draft}/lines/{line}/",
    "/invoices/{draft}/lines/{line}/remove/",
    "/invoices/{draft}/notes/",
    "/invoices/{draft}/delete/",
    "/invoices/{draft}/issue/",
    "/invoices/{issued}/send/",
    "/invoices/{issued}/payments/",
    "/invoices/{issued}/credit/",
]
# Pages that exist to change something: a viewer is refused them outright.
FORM_PAGES = [
    "/time/{entry}/edit/",
    "/clients/new/",
    "/clients/{acme}/edit/",
    "/engagements/new/",
    "/engagements/{retainer}/edit/",
    "/engagements/{retainer}/end/",
    "/time/import/",
    "/pipeline/new/",
    "/pipeline/{opportunity}/edit/",
    "/pipeline/{opportunity}/pilot/",
    "/pipeline/{opportunity}/proposals/new/",
    "/pipeline/pilots/{pilot}/convert/",
    "/pipeline/pilots/{pilot}/close/",
    "/positioning/edit/",
    "/proof/new/",
    "/proof/{story}/edit/",
    "/network/new/",
    "/network/import/",
    "/network/{contact}/edit/",
    "/invoices/new/",
    "/invoices/{draft}/issue/",
]
READ_PAGES = [p for p in PAGES if p not in FORM_PAGES]
# Pages about one object of the cast's practice.
OBJECT_PAGES = [p for p in PAGES if "{" in p]


@pytest.fixture
def ids(cast):
    from datetime import date

    from fracos.billing.services import invoice_draft, invoice_issue, invoice_line_add
    from fracos.cadence.services import summary_draft
    from fracos.core import clock
    from fracos.pipeline.services import ProposalOption, pilot_start, proposal_create
    from fracos.timesheets.services import time_log
    from tests.billing.helpers import ready_practice

    entry = time_log(cast.owner, seconds=3600, client="acme", note="Secret roadmap talk")
    summary = summary_draft(
        cast.owner, engagement_id=cast.retainer.pk, month=clock.month_of(date(2026, 10, 1))
    )
    world = build(cast)
    proposal = proposal_create(
        cast.owner,
        world.northwind.pk,
        options=[ProposalOption("Monthly retainer", "retainer", Decimal("9000"))],
    )
    pilot = pilot_start(
        cast.owner, world.zeta.pk, fee=Decimal("6000"), weeks=6, deliverable="Assessment"
    )
    ready_practice(cast)
    issued = invoice_issue(
        cast.owner, invoice_id=invoice_draft(cast.owner, client_id=cast.acme.pk).pk
    )
    draft = invoice_draft(cast.owner, client_id=cast.brightwave.pk)
    line = invoice_line_add(
        cast.owner, invoice_id=draft.pk, description="Review", quantity="1", unit_price="100"
    )
    return {
        "acme": cast.acme.pk,
        "retainer": cast.retainer.pk,
        "entry": entry.id,
        "summary": summary.pk,
        "opportunity": world.lumen.pk,
        "contact": world.jan.pk,
        "story": world.story.pk,
        "proposal": proposal.pk,
        "pilot": pilot.engagement.pk,
        "draft": draft.pk,
        "issued": issued.pk,
        "line": line.pk,
    }


def test_a_summarys_pdf_is_for_its_practices_staff_only(cast, ids, login):
    url = "/cadence/summaries/{summary}/pdf/".format(**ids)
    assert Client().get(url).status_code == 302
    assert login(OUTSIDER).get(url).status_code == 404
    assert login(PORTAL).get(url).status_code == 404
    assert login(VIEWER).get(url).status_code == 200


def test_a_portal_user_reads_only_sent_summaries_in_the_portal_not_drafts(cast, ids, login):
    from fracos.cadence.models import Summary

    draft = Summary.objects.get(pk=ids["summary"])
    assert draft.title.encode() not in login(PORTAL).get("/portal/").content


PORTAL_INVOICE_PAGES = [
    "/portal/invoices/2026-0001/",
    "/portal/invoices/{issued}/pdf",
    "/portal/invoices/{issued}/ubl",
    "/portal/invoices/{issued}/facturx",
]


@pytest.mark.parametrize(
    "url", [*PAGES, *DOCUMENTS, "/portal/", "/password/", *PORTAL_INVOICE_PAGES]
)
def test_anonymous_visitors_are_sent_to_sign_in(cast, ids, url):
    response = Client().get(url.format(**ids))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("url", [*OBJECT_PAGES, *DOCUMENTS])
def test_an_outsider_gets_404_for_another_practices_objects(cast, ids, login, url):
    assert login(OUTSIDER).get(url.format(**ids)).status_code == 404


@pytest.mark.parametrize("url", [w for w in WRITES if "{" in w])
def test_an_outsider_cannot_write_to_another_practices_objects(cast, ids, login, url):
    before = counts()
    response = login(OUTSIDER).post(url.format(**ids), {"name": "Hijack", "duration": "1h"})
    assert response.status_code == 404
    assert counts() == before


@pytest.mark.parametrize("url", [*PAGES, *DOCUMENTS])
def test_a_portal_user_gets_404_on_every_leader_page(cast, ids, login, url):
    assert login(PORTAL).get(url.format(**ids)).status_code == 404


@pytest.mark.parametrize("url", WRITES)
def test_a_portal_user_cannot_post_to_leader_urls(cast, ids, login, url):
    before = counts()
    assert login(PORTAL).post(url.format(**ids), {}).status_code == 404
    assert counts() == before


@pytest.mark.parametrize("url", FORM_PAGES)
def test_a_viewer_is_refused_the_form_pages(cast, ids, login, url):
    response = login(VIEWER).get(url.format(**ids))
    assert response.status_code == 403
    assert b"can look but not change anything" in response.content


@pytest.mark.parametrize("url", READ_PAGES)
def test_a_viewer_reads_every_page_without_a_single_write_form(cast, ids, login, url):
    response = login(VIEWER).get(url.format(**ids))
    assert response.status_code == 200
    forms = re.findall(r'<form[^>]*method="post"[^>]*action="([^"]*)"', response.content.decode())
    assert forms in ([], ["/logout/"]), forms
    assert b'method="post" novalidate' not in response.content


@pytest.mark.parametrize("url", WRITES)
def test_a_viewer_posting_anywhere_gets_the_403_page_and_nothing_is_written(cast, ids, login, url):
    before = counts()
    response = login(VIEWER).post(
        url.format(**ids),
        {"name": "Changed", "line": "acme 1h", "client": "acme", "email": "x@example.com"},
    )
    assert response.status_code == 403
    assert b"Not allowed" in response.content
    assert counts() == before


@pytest.mark.parametrize("url", DOWNLOADS)
def test_documents_are_for_the_practices_own_members_only(cast, ids, login, url):
    address = url.format(**ids)
    anonymous = Client().get(address)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/?next=")
    assert login(OUTSIDER).get(address).status_code == 404
    assert login(PORTAL).get(address).status_code == 404
    assert login(VIEWER).get(address).status_code == 200


def test_another_practices_documents_are_not_found(cast, ids, login):
    from fracos.engagements.services import engagement_add

    foreign = engagement_add(
        cast.outsider,
        client_id=cast.foreign_client.pk,
        role_title="CTO",
        pricing_model="retainer",
        fee=Decimal("1000"),
        start_date=cast.retainer.start_date,
    )
    browser = login(OWNER)
    assert browser.get(f"/engagements/{foreign.pk}/scope.md").status_code == 404
    assert browser.get(f"/engagements/{cast.retainer.pk}/scope.exe").status_code == 404


@pytest.mark.parametrize("url", DOCUMENTS)
def test_a_viewer_downloads_the_documents(cast, ids, login, url):
    response = login(VIEWER).get(url.format(**ids))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="2026-0001')


@pytest.mark.parametrize("url", PORTAL_INVOICE_PAGES)
@pytest.mark.parametrize("who", [OUTSIDER, OWNER, VIEWER])
def test_staff_and_outsiders_get_404_on_the_portals_invoice_pages(cast, ids, login, who, url):
    assert login(who).get(url.format(**ids)).status_code == 404


@pytest.mark.parametrize("url", PORTAL_INVOICE_PAGES)
def test_the_portal_user_reads_its_own_invoices_pages(cast, ids, login, url):
    assert login(PORTAL).get(url.format(**ids)).status_code == 200


@pytest.mark.parametrize("email", [OWNER, LEADER])
def test_owners_and_leaders_see_the_write_forms(cast, ids, login, email):
    page = login(email).get("/time/").content.decode()
    assert 'action="/time/log/"' in page and "Start timer" in page


def test_a_member_of_no_practice_gets_404(cast):
    from fracos.practice.services import user_ensure

    user_ensure("stranger@example.com", "stranger-pass-1")
    browser = Client()
    assert browser.login(username="stranger@example.com", password="stranger-pass-1")
    assert browser.get("/").status_code == 404
    assert browser.get("/portal/").status_code == 404


def test_staff_get_404_on_the_portal(cast, login):
    assert login(OWNER).get("/portal/").status_code == 404


def test_the_health_check_answers_ok_without_signing_in(db):
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
