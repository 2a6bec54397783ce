"""Export links on the list pages: the files `fracos export` writes, downloaded in a browser."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from tests.datasafe.books import write_every_list
from tests.web.conftest import OUTSIDER, OWNER, PORTAL, VIEWER, Login

EVERY_FILE = (
    *(
        (what, fmt)
        for what in (
            "clients",
            "contacts",
            "engagements",
            "invoices",
            "payments",
            "opportunities",
            "time",
        )
        for fmt in ("csv", "json")
    ),
    ("time", "toggl-csv"),
    ("journal", "hledger"),
    ("journal", "beancount"),
)
# Each list page and the exports it links to.
PAGES = {
    "/clients/": ("clients", "contacts"),
    "/engagements/": ("engagements",),
    "/invoices/": ("invoices", "journal"),
    "/payments/": ("payments",),
    "/pipeline/": ("opportunities",),
    "/time/": ("time",),
}


@pytest.fixture
def books(in_practice: Any) -> Any:
    write_every_list(in_practice)
    return in_practice


def _download(browser: Any, href: str) -> bytes:
    response = browser.get(href)
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return b"".join(response.streaming_content)


def _export_links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="(/exports/[^"]+)"', html)]


@pytest.mark.parametrize(("what", "fmt"), EVERY_FILE)
def test_the_owner_downloads_the_bytes_the_command_line_writes(
    books: Any, fracos: Any, login: Login, what: str, fmt: str
) -> None:
    cli = fracos("export", what, "--format", fmt)
    assert cli.exit_code == 0, cli.stderr
    assert _download(login(OWNER), f"/exports/{what}/?format={fmt}") == cli.stdout.encode()


@pytest.mark.parametrize(("url", "whats"), PAGES.items())
def test_each_list_page_links_its_exports_and_the_links_work(
    books: Any, login: Login, url: str, whats: tuple[str, ...]
) -> None:
    browser = login(OWNER)
    page = browser.get(url)
    assert page.status_code == 200
    links = _export_links(page.content.decode())
    assert {re.match(r"/exports/([^/]+)/", h).group(1) for h in links} == set(whats)  # type: ignore[union-attr]
    for href in links:
        _download(browser, href)


def test_the_time_page_offers_the_week_it_shows(books: Any, fracos: Any, login: Login) -> None:
    browser = login(OWNER)
    links = _export_links(browser.get("/time/?date=2026-11-04").content.decode())
    week = "/exports/time/?format=csv&period=2026-11-02..2026-11-08"
    assert week in links
    cli = fracos("export", "time", "--period", "2026-11-02..2026-11-08").stdout.encode()
    assert _download(browser, week) == cli and cli.count(b"\n") == 2


def test_the_invoices_page_links_both_journals_and_toggl_is_offered_for_time(
    books: Any, login: Login
) -> None:
    html = login(OWNER).get("/invoices/").content.decode()
    assert "hledger journal" in html and "Beancount journal" in html
    assert "Toggl CSV" in login(OWNER).get("/time/").content.decode()


def test_a_viewer_may_download(books: Any, login: Login) -> None:
    owners = _download(login(OWNER), "/exports/invoices/?format=json")
    assert _download(login(VIEWER), "/exports/invoices/?format=json") == owners
    assert "/exports/invoices/" in login(VIEWER).get("/invoices/").content.decode()


def test_a_portal_user_and_a_stranger_are_refused(books: Any, login: Login, client: Any) -> None:
    assert login(PORTAL).get("/exports/invoices/?format=csv").status_code == 404
    assert client.get("/exports/invoices/?format=csv").status_code == 302  # to sign in


def test_an_outsider_downloads_only_its_own_practice(books: Any, login: Login) -> None:
    browser = login(OUTSIDER)
    clients = _download(browser, "/exports/clients/?format=json").decode()
    assert "Foreign Client" in clients and "Acme" not in clients
    assert _download(browser, "/exports/invoices/").decode().strip().count("\n") == 0


@pytest.mark.parametrize(
    ("href", "status", "says"),
    [
        ("/exports/invoices/?format=toggl-csv", 400, "format"),
        ("/exports/invoices/?period=someday", 400, "period"),
        ("/exports/secrets/", 404, ""),
    ],
)
def test_a_bad_link_says_what_is_wrong(
    books: Any, login: Login, href: str, status: int, says: str
) -> None:
    response = login(OWNER).get(href)
    assert response.status_code == status
    assert not response.has_header("Content-Disposition")
    assert says in response.content.decode()
