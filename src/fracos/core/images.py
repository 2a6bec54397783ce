"""A practice's logo file checked before it is kept: PNG, JPEG or a self-contained SVG.

The logo ends up inside invoice PDFs rendered by WeasyPrint, which would fetch
whatever an SVG points at; an SVG is therefore refused unless everything it
draws is inside it (no scripts, no external references, no DTD).
"""

from __future__ import annotations

import io
import re

from fracos.core.errors import ValidationFailed

MAX_BYTES = 512 * 1024
MAX_PIXELS = 4096 * 4096
FIELD = "logo"

PNG = "image/png"
JPEG = "image/jpeg"
SVG = "image/svg+xml"
MEDIA_TYPES = (PNG, JPEG, SVG)

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Elements that run code, embed other documents or pull in files.
FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler"}
)
# Inside the file (#id) or a raster image carried inline: nothing to fetch.
SAFE_REFERENCE = re.compile(r"^\s*(#|data:image/(png|jpeg);base64,)", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"]*)", re.IGNORECASE)


def _refuse(reason: str) -> ValidationFailed:
    return ValidationFailed(f"logo: {reason}", field=FIELD)


def logo_media_type(data: bytes) -> str:
    """The media type of a logo that may be kept, or ValidationFailed saying why not."""
    if not data:
        raise _refuse("the file is empty")
    if len(data) > MAX_BYTES:
        raise _refuse(f"the file is {len(data) // 1024} KB; a logo may be {MAX_BYTES // 1024} KB")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        _check_raster(data, "PNG")
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        _check_raster(data, "JPEG")
        return JPEG
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")):
        _check_svg(data)
        return SVG
    raise _refuse("not a PNG, JPEG or SVG image")


def _check_raster(data: bytes, expected: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                raise _refuse(f"the file starts like a {expected} but is not one")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refuse(f"{width}×{height} pixels is too large; at most 4096×4096")
            image.verify()  # reads every chunk: a cut-off or corrupt file fails here
    except ValidationFailed:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _refuse(f"the {expected} file is damaged or cut short") from exc
    except Image.DecompressionBombError as exc:
        raise _refuse("the image has too many pixels") from exc


def _check_svg(data: bytes) -> None:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _refuse(f"the SVG is not well-formed XML ({exc})") from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _refuse("the SVG declares a DTD; save it without one")
    if root.tag != f"{{{SVG_NS}}}svg":
        raise _refuse("the file is XML but not an SVG image")
    outside = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for node in [*outside, *root.iter()]:
        if not isinstance(node.tag, str):
            if isinstance(node, etree._ProcessingInstruction):
                raise _refuse("the SVG holds a processing instruction (e.g. a stylesheet link)")
            continue  # a comment
        _check_svg_element(node)


def _check_svg_element(node: object) -> None:
    tag: str = node.tag  # type: ignore[attr-defined]
    local = tag.rsplit("}", 1)[-1]
    if local in FORBIDDEN_ELEMENTS or "XInclude" in tag:
        raise _refuse(f"the SVG holds a <{local}> element; only drawings are allowed")
    for name, value in node.attrib.items():  # type: ignore[attr-defined]
        attribute = name.rsplit("}", 1)[-1]
        if attribute.lower().startswith("on"):
            raise _refuse(f"the SVG has a script attribute ({attribute})")
        if (name == XLINK_HREF or name == "href") and not SAFE_REFERENCE.match(value):
            raise _refuse(f"the SVG points outside itself ({value[:60]})")
        _check_css(value)
    if local == "style":
        _check_css(node.text or "")  # type: ignore[attr-defined]


def _check_css(text: str) -> None:
    if "@import" in text.lower():
        raise _refuse("the SVG's style imports another file")
    for target in CSS_URL.findall(text):
        if not SAFE_REFERENCE.match(target):
            raise _refuse(f"the SVG's style points outside itself ({target[:60]})")
