"""The dashboard's cached panels: a repeat view is served from the cache, and any write by
any path (web, command line, API, import, payment, settings, another member) shows at once."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fracos.billing import services as billing
from fracos.practice.services import playbook_update
from fracos.timesheets.services import time_log
from fracos.web.views import dashboard
from tests.web.conftest import LEADER, OUTSIDER, OWNER, VIEWER
from tests.web.test_dashboard_invoices import income  # noqa: F401 - the invoices fixture
from tests.web.test_import_page import DATA, _token


def acme_hours(page: str) -> str:
    """The hours the Acme retainer's bar counts this month ("2h30m" in "2h30m of 69h20m")."""
    found = re.search(r'<p class="usage-figures">(\S+) of 69h20m', page)
    assert found, "the Acme retainer's bar is missing"
    return found.group(1)


@pytest.fixture
def computed(monkeypatch):
    """How many times the panels were computed rather than read from the cache."""
    calls = []
    real = dashboard.dashboard_body

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard, "dashboard_body", counting)
    return calls


def test_a_repeat_view_is_served_from_the_cache_in_a_few_queries(
    cast, login, computed, django_assert_max_num_queries
):
    browser = login(OWNER)
    first = browser.get("/").content.decode()
    browser.get("/")  # the first view with the CSRF cookie the first one set: cached now
    # Session, user, membership with its practice, data version: the page costs nothing.
    with django_assert_max_num_queries(4):
        second = browser.get("/").content.decode()
    assert len(computed) == 1
    assert acme_hours(first) == acme_hours(second) == "0m"


def test_the_timers_own_write_shows_in_the_header_at_once(cast, login, computed):
    browser = login(OWNER)
    assert "Start timer" in browser.get("/").content.decode()
    assert (
        browser.post("/timer/start/", {"client": "acme", "note": "Board prep"}).status_code == 302
    )
    page = browser.get("/").content.decode()
    assert "Stop timer" in page and "Start timer" not in page


def _csrf(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the page has no CSRF token"
    return found.group(1)


def test_each_browser_gets_a_page_whose_csrf_token_it_can_post_with(cast, computed):
    """The whole page is cached per CSRF secret: another browser of the same member reuses
    the panels (computed once) but never gets a page carrying someone else's token."""
    from django.test import Client

    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for browser in browsers:  # signing in is a write (the last sign-in): both before any view
        assert browser.login(username=OWNER, password=cast.passwords[OWNER])
    pages = []
    for browser in browsers:
        browser.get("/")  # the first view sets the CSRF cookie
        pages.append(browser.get("/").content.decode())  # …the second is the cached page
    assert len(computed) == 1
    for browser, page in zip(browsers, pages, strict=True):
        answer = browser.post(
            "/timer/start/", {"client": "acme", "csrfmiddlewaretoken": _csrf(page)}
        )
        assert answer.status_code == 302
        browser.post("/timer/stop/", {"csrfmiddlewaretoken": _csrf(page)})
    cookies = [b.cookies["csrftoken"].value for b in browsers]
    assert cookies[0] != cookies[1]


def test_a_flash_message_is_shown_once_over_a_cached_page(cast, login, computed):
    browser = login(OWNER)
    browser.get("/")
    browser.get("/")  # cached now
    # A timer without a client writes nothing and says why on the page it came from.
    browser.post("/timer/start/", {"client": ""}, HTTP_REFERER="http://testserver/")
    shown = browser.get("/").content.decode()
    assert "type a client to time" in shown
    assert "type a client to time" not in browser.get("/").content.decode()
    assert len(computed) == 1


def test_each_member_and_role_has_their_own_cached_panels(cast, login, computed):
    login(OWNER).get("/")
    login(VIEWER).get("/")
    assert len(computed) == 2
    page = login(OUTSIDER).get("/").content.decode()
    assert "Other Practice" in page and "Acme Logistics" not in page


def test_another_week_is_its_own_entry_in_the_cache(cast, login, computed):
    browser = login(OWNER)
    assert "Week 2026-W47" in browser.get("/").content.decode()
    assert "Week 2026-W46" in browser.get("/?date=2026-11-10").content.decode()
    assert len(computed) == 2


def test_time_logged_in_the_web_shows_at_once(cast, login):
    browser = login(OWNER)
    assert acme_hours(browser.get("/").content.decode()) == "0m"
    browser.post("/time/log/", {"kind": "client", "work_date": "2026-11-17", "line": "acm 2h Prep"})
    assert acme_hours(browser.get("/").content.decode()) == "2h"


def test_time_logged_on_the_command_line_shows_at_once(cast, login, fracos, in_practice):
    browser = login(OWNER)
    assert acme_hours(browser.get("/").content.decode()) == "0m"
    assert fracos("log", "acme", "3h", "Architecture").exit_code == 0
    assert acme_hours(browser.get("/").content.decode()) == "3h"


def test_time_logged_through_the_api_shows_at_once(cast, login):
    from django.test import Client

    from fracos.practice.services import token_create

    browser = login(OWNER)
    assert acme_hours(browser.get("/").content.decode()) == "0m"
    _token_row, raw = token_create(cast.owner, name="cache test")
    response = Client().post(
        "/api/v1/time-entries",
        data={"client": "acme", "duration": "1h30m", "date": "2026-11-17"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    assert acme_hours(browser.get("/").content.decode()) == "1h30m"


def test_an_import_shows_at_once(cast, login):
    browser = login(OWNER)
    assert acme_hours(browser.get("/").content.decode()) == "0m"
    upload = SimpleUploadedFile("toggl.csv", (DATA / "toggl.csv").read_bytes())
    mapping = SimpleUploadedFile("mapping.json", (DATA / "mapping.json").read_bytes())
    checked = browser.post(
        "/time/import/",
        {"source": "toggl", "file": upload, "mapping_file": mapping, "action": "check"},
    ).content.decode()
    browser.post(
        "/time/import/", {"source": "toggl", "upload": _token(checked), "action": "import"}
    )
    assert acme_hours(browser.get("/").content.decode()) == "2h30m"


def test_another_members_write_shows_at_once(cast, login):
    owner = login(OWNER)
    assert acme_hours(owner.get("/").content.decode()) == "0m"
    login(LEADER).post(
        "/time/log/", {"kind": "client", "work_date": "2026-11-17", "line": "acm 4h Review"}
    )
    time_log(cast.leader, seconds=1800, client="acme", work_date=date(2026, 11, 16))
    assert acme_hours(owner.get("/").content.decode()) == "4h30m"


def unpaid_panel(page: str) -> str:
    panel = page[page.index("Unpaid and overdue invoices") :]
    return panel[: panel.index("</section>")]


def test_a_payment_clears_the_unpaid_invoice_at_once(cast, login, income):  # noqa: F811
    september = income["2026-09"]
    browser = login(OWNER)
    assert september.number in unpaid_panel(browser.get("/").content.decode())
    billing.payment_add(cast.owner, invoice_id=september.pk, amount="9680")
    assert september.number not in unpaid_panel(browser.get("/").content.decode())


def test_a_settings_change_shows_at_once(cast, login):
    browser = login(OWNER)
    assert "Bars turn amber (▲) at 80%" in browser.get("/").content.decode()
    playbook_update(cast.owner, {"retainer_warn_pct": 70})
    assert "Bars turn amber (▲) at 70%" in browser.get("/").content.decode()


def test_a_write_in_another_practice_also_recomputes_but_shows_nothing_of_it(cast, login, computed):
    browser = login(OWNER)
    browser.get("/")
    time_log(
        cast.outsider, seconds=3600, kind="bd", note="Foreign Client", work_date=date(2026, 11, 17)
    )
    page = browser.get("/").content.decode()
    assert len(computed) == 2 and "Foreign Client" not in page
