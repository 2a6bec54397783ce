"""A logo is kept only when it is a real PNG, JPEG or a self-contained SVG of at most 512 KB."""

from __future__ import annotations

import pytest

from fracos.core.errors import ValidationFailed
from fracos.core.images import MAX_BYTES, logo_media_type
from tests.core.logos import SVG, jpeg, png


def test_it_accepts_png_jpeg_and_svg_by_their_content() -> None:
    assert logo_media_type(png()) == "image/png"
    assert logo_media_type(jpeg()) == "image/jpeg"
    assert logo_media_type(SVG) == "image/svg+xml"
    assert logo_media_type(b"\xef\xbb\xbf  " + SVG.split(b"\n", 1)[1]) == "image/svg+xml"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"GIF89a\x01\x00\x01\x00", "not a PNG, JPEG or SVG"),
        (b"%PDF-1.7\n", "not a PNG, JPEG or SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG file is damaged"),
        (png()[:60], "PNG file is damaged"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "JPEG file is damaged"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "not well-formed"),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'/>", "not an SVG"),
    ],
)
def test_it_refuses_what_is_no_image_it_takes(content: bytes, reason: str) -> None:
    with pytest.raises(ValidationFailed, match=reason) as caught:
        logo_media_type(content)
    assert caught.value.field == "logo"


def test_it_refuses_a_file_over_512_kb() -> None:
    big = SVG.replace(b"</svg>", b"<!--" + b"x" * MAX_BYTES + b"--></svg>")
    with pytest.raises(ValidationFailed, match="a logo may be 512 KB"):
        logo_media_type(big)


def test_it_refuses_an_image_with_too_many_pixels() -> None:
    with pytest.raises(ValidationFailed, match="too large"):
        logo_media_type(png(5000, 4000, alpha=False))


NS = b'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<script>alert(1)</script>", "<script>"),
        (b'<rect onclick="alert(1)" width="1" height="1"/>', "script attribute"),
        (b'<image xlink:href="https://example.com/logo.png"/>', "points outside itself"),
        (b'<image href="file:///etc/passwd"/>', "points outside itself"),
        (b'<use href="other.svg#logo"/>', "points outside itself"),
        (b'<rect style="fill:url(https://example.com/x)"/>', "points outside itself"),
        (b"<style>@import url(https://example.com/a.css);</style>", "imports another file"),
        (b"<style>rect { fill: url('http://x/y') }</style>", "points outside itself"),
        (b"<foreignObject><div/></foreignObject>", "<foreignObject>"),
        (
            b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
            "<include>",
        ),
    ],
)
def test_it_refuses_an_svg_that_runs_code_or_fetches_anything(body: bytes, reason: str) -> None:
    svg = b"<svg " + NS + b">" + body + b"</svg>"
    with pytest.raises(ValidationFailed, match=reason):
        logo_media_type(svg)


def test_it_refuses_an_svg_with_a_dtd_or_a_stylesheet_link() -> None:
    entity = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    with pytest.raises(ValidationFailed, match="DTD"):
        logo_media_type(entity + b"<svg " + NS + b">&e;</svg>")
    linked = b'<?xml-stylesheet href="https://example.com/a.css"?>'
    with pytest.raises(ValidationFailed, match="processing instruction"):
        logo_media_type(b'<?xml version="1.0"?>' + linked + b"<svg " + NS + b"/>")


def test_it_keeps_references_inside_the_file_and_inline_rasters() -> None:
    svg = (
        b"<svg " + NS + b"><defs><linearGradient id='g'/></defs>"
        b"<rect fill='url(#g)' width='1' height='1'/><use xlink:href='#g'/>"
        b"<image href='data:image/png;base64,iVBORw0KGgo='/></svg>"
    )
    assert logo_media_type(svg) == "image/svg+xml"
