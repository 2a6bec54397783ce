"""A summary's Markdown rendered to a plain, printable PDF (WeasyPrint)."""

from __future__ import annotations

import html

import markdown

STYLE = """
@page { size: A4; margin: 22mm 20mm; }
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1b1b1b; }
h1 { font-size: 17pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; border-bottom: 0.5pt solid #999; }
ul { padding-left: 5mm; }
"""


def summary_html(title: str, body: str) -> str:
    # The body is the leader's own Markdown; raw HTML in it is shown as text, not run.
    rendered = markdown.markdown(html.escape(body, quote=False), extensions=["sane_lists"])
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style></head><body>{rendered}</body></html>"
    )


def summary_pdf(title: str, body: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=summary_html(title, body)).write_pdf())
