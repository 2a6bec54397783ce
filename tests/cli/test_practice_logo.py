"""`fracos practice set --logo FILE` / `--no-logo`, and `practice show` saying which logo is set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fracos.practice.models import AuditEvent, Practice, PracticeLogo
from tests.cli.test_bad_input import _refused
from tests.core.logos import SVG, png


def _shown(fracos) -> dict:  # type: ignore[no-untyped-def]
    result = fracos("practice", "show", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _digest(cast) -> str:  # type: ignore[no-untyped-def]
    return Practice.objects.get(pk=cast.practice.pk).logo_digest


def test_the_owner_sets_shows_replaces_and_removes_the_logo(fracos, in_practice, tmp_path: Path):
    assert _shown(fracos)["logo"] is None
    svg, image = tmp_path / "logo.svg", tmp_path / "logo.png"
    svg.write_bytes(SVG)
    image.write_bytes(png())
    assert fracos("practice", "set", "--logo", str(svg)).exit_code == 0
    assert _shown(fracos)["logo"] == {"media_type": "image/svg+xml", "size": len(SVG)}
    table = fracos("practice", "show").stdout
    assert f"image/svg+xml, {len(SVG)} bytes" in table
    assert fracos("practice", "set", "--logo", str(image)).exit_code == 0
    assert _shown(fracos)["logo"]["media_type"] == "image/png"
    removed = fracos("practice", "set", "--no-logo")
    assert removed.exit_code == 0 and "logo" in removed.stdout
    assert _shown(fracos)["logo"] is None
    assert "none (add one with" in fracos("practice", "show").stdout
    # Both images stay for the invoices issued with them; only the practice's choice changed.
    assert PracticeLogo.objects.filter(practice=in_practice.practice).count() == 2
    actions = AuditEvent.objects.filter(action__startswith="practice.logo").values_list(
        "action", flat=True
    )
    assert list(actions) == ["practice.logo_set", "practice.logo_set", "practice.logo_removed"]


def test_an_empty_logo_option_removes_it_too(fracos, in_practice, tmp_path: Path):
    svg = tmp_path / "logo.svg"
    svg.write_bytes(SVG)
    assert fracos("practice", "set", "--logo", str(svg)).exit_code == 0
    assert fracos("practice", "set", "--logo", "").exit_code == 0
    assert _digest(in_practice) == ""


def test_a_logo_goes_with_other_changes_or_not_at_all(fracos, in_practice, tmp_path: Path):
    svg = tmp_path / "logo.svg"
    svg.write_bytes(SVG)
    _refused(fracos("practice", "set", "--logo", str(svg), "--iban", "BE00123"), "iban")
    assert _digest(in_practice) == "" and not PracticeLogo.objects.exists()
    assert fracos("practice", "set", "--logo", str(svg), "--city", "Gent").exit_code == 0
    assert _digest(in_practice) != ""


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"GIF89a\x01\x00", "not a PNG, JPEG or SVG image"),
        (b"\x89PNG\r\n\x1a\nbroken", "the PNG file is damaged"),
        (SVG.replace(b"</svg>", b"<script>x()</script></svg>"), "<script>"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'>" + b" " * (600 * 1024) + b"</svg>", "512 KB"),
    ],
)
def test_a_bad_logo_file_is_one_red_line_and_changes_nothing(
    fracos, in_practice, tmp_path: Path, content: bytes, needle: str
):
    bad = tmp_path / "bad-logo"
    bad.write_bytes(content)
    _refused(fracos("practice", "set", "--logo", str(bad)), "logo:", needle)
    assert _digest(in_practice) == "" and not PracticeLogo.objects.exists()


def test_a_missing_file_or_both_options_are_refused(fracos, in_practice, tmp_path: Path):
    _refused(fracos("practice", "set", "--logo", str(tmp_path / "nope.png")), "cannot read")
    svg = tmp_path / "logo.svg"
    svg.write_bytes(SVG)
    _refused(fracos("practice", "set", "--logo", str(svg), "--no-logo"), "not both")
    assert not PracticeLogo.objects.exists()


@pytest.mark.parametrize("email", ["viewer@example.com", "leader@example.com"])
def test_only_the_owner_may_change_the_logo(fracos, in_practice, monkeypatch, tmp_path, email):
    svg = tmp_path / "logo.svg"
    svg.write_bytes(SVG)
    monkeypatch.setenv("FRACOS_USER", email)
    _refused(fracos("practice", "set", "--logo", str(svg)), "only the practice's owner")
    _refused(fracos("practice", "set", "--no-logo"), "only the practice's owner")
    assert not PracticeLogo.objects.exists()
    assert _shown(fracos)["logo"] is None  # staff may still read it
