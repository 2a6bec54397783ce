"""Uploading a Toggl, Harvest, Clockify, Watson or Timewarrior export: a dry run that lists
every bad row, mapping what the file names to clients and engagements, then the import
(all or nothing) — the same readers, mapping and service as `fracos import`."""

from __future__ import annotations

import csv
import itertools
import re
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from fracos.clients.selectors import client_list
from fracos.core.errors import DomainError, ValidationFailed
from fracos.engagements.selectors import engagement_list
from fracos.timesheets.imports import FORMATS
from fracos.timesheets.imports.formats import DATE_FORMATS, READERS
from fracos.timesheets.imports.pipeline import load_mapping
from fracos.timesheets.imports.rows import SourceRow
from fracos.timesheets.services import ImportReport, time_import
from fracos.web import uploads
from fracos.web.access import actor_of, practice_of, writer_view
from fracos.web.forms import Form
from fracos.web.views.common import page

FIELDS = ("source", "upload", "action", "date_format")
SOURCE_CHOICES = [
    ("toggl", "Toggl (detailed CSV)"),
    ("harvest", "Harvest (detailed time CSV)"),
    ("clockify", "Clockify (detailed CSV)"),
    ("watson", "Watson (frames file or watson log --json)"),
    ("timewarrior", "Timewarrior (timew export)"),
]
DATE_FORMAT_CHOICES = [("", "— tell from the dates"), *((f, f) for f in DATE_FORMATS)]
MAX_UNKNOWN = 50  # distinct names offered for mapping in the form at once
MAX_BAD_SHOWN = 1000
MAPPING_BYTES = 1_000_000
UNMATCHED = ("no fracos client matches", "mapping:")


def _target_choices(actor: Any) -> list[tuple[str, str]]:
    choices = [("", "— match by name"), ("skip", "Leave these rows out")]
    choices += [("bd", "Business development"), ("admin", "Admin")]
    choices += [(f"c:{c.pk}", f"Client: {c.name}") for c in client_list(actor)]
    choices += [
        (f"e:{e.pk}", f"Engagement #{e.pk}: {e.client.name} — {e.role_title}")
        for e in engagement_list(actor)
        if e.status != "proposed"
    ]
    return choices


def _typed_mapping(actor: Any, form: Form, keys: list[str]) -> dict[str, str | int]:
    """The form's choices as mapping rules; an id not of this practice is refused by name."""
    clients = {str(c.pk): c.name for c in client_list(actor)}
    engagements = {str(e.pk) for e in engagement_list(actor)}
    rules: dict[str, str | int] = {}
    for index, key in enumerate(keys):
        name = f"map_{index}"
        choice = form.get(name)
        if not choice:
            continue
        kind, _, ident = choice.partition(":")
        if choice in ("skip", "bd", "admin"):
            rules[key.casefold()] = choice
        elif kind == "c" and ident in clients:
            rules[key.casefold()] = clients[ident]
        elif kind == "e" and ident in engagements:
            rules[key.casefold()] = int(ident)
        else:
            raise ValidationFailed(
                f"{name}: {choice[:40]!r} is not a client or engagement", field=name
            )
    return rules


def _mapping_file(request: HttpRequest) -> dict[str, str | int] | None:
    upload = request.FILES.get("mapping_file")
    if upload is None:
        return None
    if upload.size is not None and upload.size > MAPPING_BYTES:
        raise ValidationFailed("mapping_file: larger than 1 MB", field="mapping_file")
    suffix = ".json" if (upload.name or "").lower().endswith(".json") else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"mapping{suffix}"
        path.write_bytes(upload.read())
        try:
            return load_mapping(path)
        except DomainError as error:
            # The reader names its temporary path; the leader knows the file by its own name.
            message = error.message.replace(str(path), upload.name or "the file")
            raise ValidationFailed(
                message.replace("mapping:", "mapping_file:", 1), field="mapping_file"
            ) from None


def _unknown_keys(
    path: Path, source: str, tz: str, report: ImportReport, date_format: str
) -> list[str]:
    """The names (client, else project) of the rows no client or rule matched, first seen first."""
    lines = {b.line for b in report.bad if b.reason.startswith(UNMATCHED)}
    keys: dict[str, None] = {}
    if not lines:
        return []
    for row in READERS[source](path, tz, date_format=date_format):
        if isinstance(row, SourceRow) and row.line in lines:
            key = row.client or row.project
            if key:
                keys.setdefault(key)
            if len(keys) >= MAX_UNKNOWN:
                break
    return list(keys)


def _context(request: HttpRequest, form: Form, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "source_choices": SOURCE_CHOICES,
        "date_format_choices": DATE_FORMAT_CHOICES,
        "target_choices": _target_choices(actor_of(request)),
        "max_bad": MAX_BAD_SHOWN,
        **extra,
    }


def _page(request: HttpRequest, form: Form, status: int = 200, **extra: Any) -> HttpResponse:
    context = _context(request, form, **extra)
    return page(request, "web/time_import.html", context, nav="time", status=status)


def _run(request: HttpRequest, form: Form, keys: list[str]) -> tuple[uploads.Staged, ImportReport]:
    """Stage the upload (or find the staged one), gather the mapping, run the service."""
    actor = actor_of(request)
    form.check_lengths()
    source = form.get("source")
    if source not in FORMATS:
        raise ValidationFailed(f"source: choose one of {', '.join(FORMATS)}", field="source")
    upload = request.FILES.get("file")
    item = uploads.stage(request, upload) if upload else uploads.staged(request, form.get("upload"))
    if item is None:
        raise ValidationFailed("file: choose the export file to upload", field="file")
    form.values["upload"] = item.token  # kept even if what follows fails
    mapping_file = _mapping_file(request)
    if mapping_file is not None:
        item = uploads.remember_mapping(request, item, mapping_file)
    typed = _typed_mapping(actor, form, keys)
    try:
        report = time_import(
            actor,
            source=source,
            rows=READERS[source](
                item.path, practice_of(request).timezone, date_format=form.get("date_format")
            ),
            mapping={**item.mapping, **typed},
            dry_run=form.get("action") != "import",
        )
    except DomainError as error:
        # The readers name the staged file by its own name; the leader knows it by theirs.
        message = error.message.replace(item.path.name, item.name or "the file")
        raise type(error)(message, field=error.field) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ValidationFailed(
            f"file: {item.name} cannot be read as a {source} export ({exc.__class__.__name__})",
            field="file",
        ) from None
    return item, report


@writer_view
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, Form.initial(FIELDS, {"source": "toggl"}))
    keys = [str(request.POST.get(f"key_{i}", ""))[:200] for i in range(MAX_UNKNOWN)]
    keys = [k for k in keys if k]
    fields = (*FIELDS, "file", "mapping_file", *(f"map_{i}" for i in range(len(keys))))
    form = Form.bound(fields, request.POST)
    try:
        item, report = _run(request, form, keys)
    except DomainError as error:
        form.fail(error)
        staged = uploads.staged(request, form.get("upload"))
        return _page(request, form, 422, staged=staged, keys=_key_rows(form, keys))
    if form.get("action") == "bad_rows":
        return _bad_rows_csv(item, report)
    if report.written:
        uploads.discard(request, item)
        messages.success(
            request,
            f"Imported from {report.source}: {report.added} entries added, {report.duplicates} "
            f"already imported, {report.skipped} left out by the mapping.",
        )
        return redirect(reverse("time"))
    tz = practice_of(request).timezone
    for key in _unknown_keys(item.path, report.source, tz, report, form.get("date_format")):
        if key not in keys:
            keys.append(key)
    return _page(
        request,
        form,
        422 if report.bad else 200,
        staged=item,
        report=report,
        bad=report.bad[:MAX_BAD_SHOWN],
        keys=_key_rows(form, keys),
    )


def _key_rows(form: Form, keys: list[str]) -> list[dict[str, str]]:
    return [
        {
            "index": str(i),
            "key": key,
            "value": form.values.get(f"map_{i}", ""),
            "error": form.errors.get(f"map_{i}", ""),
        }
        for i, key in enumerate(keys)
    ]


class _Echo:
    """A file for csv.writer that hands each written line back, to join them once."""

    def write(self, value: str) -> str:
        return value


def _bad_rows_csv(item: uploads.Staged, report: ImportReport) -> HttpResponse:
    """Every bad row of the dry run as CSV (line, reason): the page lists only the first ones."""
    writer = csv.writer(_Echo())
    lines = itertools.chain(
        [writer.writerow(["line", "reason"])],
        (writer.writerow([b.line, b.reason]) for b in report.bad),
    )
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(item.name).stem)[:80] or "import"
    response = HttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}-bad-rows.csv"'
    return response
