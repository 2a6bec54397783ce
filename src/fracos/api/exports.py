"""Exports: every list as CSV or JSON, time as Toggl's CSV, the books as a journal.

The same files `fracos export` writes, streamed: the practice's own members
(viewers and read-only tokens included) may read them; a portal token gets 403.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import AfterValidator, Field

from fracos.api.auth import actor_of
from fracos.api.errors import ERRORS
from fracos.api.schemas import _text
from fracos.insights.export_files import CONTENT_TYPES, FORMATS, export_file

router = Router(tags=["exports"])

ExportName = Annotated[
    str,
    Field(
        max_length=40,
        description=(
            "clients, contacts, engagements, invoices, payments, opportunities, time or "
            "journal (issued invoices, credit notes and payments); another name is a 404."
        ),
    ),
    AfterValidator(_text),
]
FormatName = Literal["csv", "json", "toggl-csv", "hledger", "beancount"]


class ExportPath(Schema):
    what: ExportName


class ExportQuery(Schema):
    format: FormatName | None = Field(
        None,
        description=(
            "csv or json for a list (the default csv); also toggl-csv for time; "
            "hledger (the default) or beancount for the journal."
        ),
    )
    period: Annotated[str, AfterValidator(_text)] | None = Field(
        None,
        max_length=40,
        description=(
            "all (the default), week, month, quarter, year, YYYY, YYYY-MM, YYYY-Qn or "
            "YYYY-MM-DD..YYYY-MM-DD: on each list's date (an invoice's issue date, a "
            "payment's date, a time entry's day, otherwise when the record was created)."
        ),
    )


def _responses() -> dict[int, Any]:
    media = sorted({CONTENT_TYPES[fmt] for formats in FORMATS.values() for fmt in formats})
    return {
        200: {
            "description": "The export as a file (Content-Disposition: attachment).",
            "content": {kind: {"schema": {"type": "string"}} for kind in media},
        }
    }


@router.get(
    "/exports/{what}",
    response=ERRORS,
    openapi_extra={"responses": _responses()},
    summary="Download a list, the time or the journal as a file",
)
def export(request: HttpRequest, path: Path[ExportPath], query: Query[ExportQuery]) -> Any:
    """The bytes `fracos export WHAT --format FORMAT --period PERIOD` writes."""
    found = export_file(actor_of(request), path.what, query.format, query.period)
    response = StreamingHttpResponse(
        (piece.encode() for piece in found.pieces), content_type=found.content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
