"""Small logo files made on the spot, for the logo tests of every area."""

from __future__ import annotations

import io

SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60">'
    b'<rect width="120" height="60" rx="8" fill="#1d4e89"/></svg>'
)
# The SVG's fill as a PDF colour operator: how a test finds the drawing in a page.
SVG_FILL_OPERATOR = b"0.113725 0.305882 0.537255 rg"


def png(width: int = 120, height: int = 60, *, alpha: bool = True) -> bytes:
    from PIL import Image

    mode, colour = ("RGBA", (29, 78, 137, 128)) if alpha else ("RGB", (29, 78, 137))
    buffer = io.BytesIO()
    Image.new(mode, (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int = 120, height: int = 60) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (29, 78, 137)).save(buffer, "JPEG")
    return buffer.getvalue()
