"""/payments/: every payment received, newest first, a page at a time."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.datasafe.books import write_books
from tests.web.conftest import OUTSIDER, OWNER, PORTAL, VIEWER, Login


@pytest.fixture
def books(cast: Any) -> Any:
    write_books(cast)
    return cast


def _invoices_listed(html: str) -> list[str]:
    return re.findall(r'href="/invoices/\d+/">([^<]+)</a>', html)


def test_it_lists_the_payments_newest_first(books: Any, login: Login) -> None:
    response = login(OWNER).get("/payments/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _invoices_listed(html) == ["2026-0004", "2026-0002", "2026-0001"]
    assert "3,999.99 USD" in html and "8,000.00 EUR" in html


def test_the_invoices_page_links_to_it(books: Any, login: Login) -> None:
    assert 'href="/payments/"' in login(OWNER).get("/invoices/").content.decode()


def test_it_pages_with_an_older_link(
    books: Any, login: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fracos.web.views import payments

    monkeypatch.setattr(payments, "PER_PAGE", 2)
    browser = login(OWNER)
    html = browser.get("/payments/").content.decode()
    assert _invoices_listed(html) == ["2026-0004", "2026-0002"]
    older = re.search(r'href="(/payments/\?cursor=[^"]+)"', html)
    assert older
    rest = browser.get(older.group(1).replace("&amp;", "&")).content.decode()
    assert _invoices_listed(rest) == ["2026-0001"] and "Older" not in rest


def test_a_made_up_cursor_is_named_and_the_first_page_shown(books: Any, login: Login) -> None:
    response = login(OWNER).get("/payments/?cursor=nonsense")
    assert response.status_code == 400
    html = response.content.decode()
    assert "cursor" in html and "2026-0004" in html


def test_a_viewer_reads_it(books: Any, login: Login) -> None:
    assert login(VIEWER).get("/payments/").status_code == 200


def test_a_portal_user_and_an_outsider_see_nothing(books: Any, login: Login) -> None:
    assert login(PORTAL).get("/payments/").status_code == 404
    html = login(OUTSIDER).get("/payments/").content.decode()
    assert _invoices_listed(html) == [] and "No payments recorded yet." in html
