"""Settings: the owner uploads, previews, replaces and removes the logo printed on invoices."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fracos.practice.models import Practice, PracticeLogo
from tests.core.logos import SVG, png
from tests.web.conftest import LEADER, OUTSIDER, OWNER, PORTAL, VIEWER


def _file(content: bytes, name: str = "logo.svg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _digest(cast) -> str:  # type: ignore[no-untyped-def]
    return Practice.objects.get(pk=cast.practice.pk).logo_digest


def test_the_owner_uploads_a_logo_and_sees_its_preview(cast, login):
    browser = login(OWNER)
    assert "No logo yet" in browser.get("/settings/").content.decode()
    response = browser.post("/settings/logo/", {"action": "upload", "logo": _file(SVG)})
    assert response.status_code == 302
    assert _digest(cast) != ""
    page = browser.get("/settings/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page and "Remove logo" in page
    assert "Logo saved" in page


def test_the_owner_replaces_and_removes_the_logo(cast, login):
    browser = login(OWNER)
    browser.post("/settings/logo/", {"logo": _file(SVG)})
    browser.post("/settings/logo/", {"logo": _file(png(), "logo.png")})
    assert 'src="data:image/png;base64,' in browser.get("/settings/").content.decode()
    assert browser.post("/settings/logo/", {"action": "remove"}).status_code == 302
    assert _digest(cast) == ""
    page = browser.get("/settings/").content.decode()
    assert "No logo yet" in page and "data:image" not in page


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"GIF89a\x01\x00", "not a PNG, JPEG or SVG image"),
        (SVG.replace(b"</svg>", b'<image href="http://example.com/a.png"/></svg>'), "outside"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (513 * 1024), "a logo may be 512 KB"),
    ],
)
def test_a_bad_file_is_refused_beside_the_field(cast, login, content: bytes, needle: str):
    response = login(OWNER).post("/settings/logo/", {"logo": _file(content)})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_logo_error"' in page and needle in page
    assert 'aria-invalid="true"' in page
    assert _digest(cast) == "" and not PracticeLogo.objects.exists()


def test_saving_without_a_file_asks_for_one(cast, login):
    response = login(OWNER).post("/settings/logo/", {"action": "upload"})
    assert response.status_code == 422
    assert "choose an image file" in response.content.decode()


@pytest.mark.parametrize("email", [LEADER, VIEWER])
def test_staff_see_the_logo_but_only_the_owner_may_change_it(cast, login, email):
    login(OWNER).post("/settings/logo/", {"logo": _file(SVG)})
    before = _digest(cast)
    browser = login(email)
    page = browser.get("/settings/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'name="logo"' not in page and "Remove logo" not in page
    assert browser.post("/settings/logo/", {"logo": _file(png(), "x.png")}).status_code == 403
    assert browser.post("/settings/logo/", {"action": "remove"}).status_code == 403
    assert _digest(cast) == before and PracticeLogo.objects.count() == 1


def test_a_portal_user_or_an_outsider_cannot_touch_the_logo(cast, login):
    for email in (PORTAL, OUTSIDER):
        response = login(email).post("/settings/logo/", {"logo": _file(SVG)})
        assert response.status_code in (302, 403, 404), email
    assert _digest(cast) == ""
    # The outsider is owner of another practice: its upload lands there, never here.
    assert not PracticeLogo.objects.filter(practice=cast.practice).exists()
