"""Every document a practice can produce, as bytes, and archive helpers for the round-trip tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

EXPORTS = ("clients", "contacts", "engagements", "invoices", "payments", "opportunities", "time")
REPORTS = ("client", "engagement", "kind", "day", "week", "month")


def _out(fracos: Any, *args: str) -> bytes:
    result = fracos(*args)
    assert result.exit_code == 0, (args, result.stderr)
    return str(result.stdout).encode()


def _export(actor: Any, what: str, fmt: str) -> bytes:
    from fracos.insights.export_files import export_file

    return "".join(export_file(actor, what, fmt).pieces).encode()


def documents(fracos: Any, actor: Any) -> dict[str, bytes]:
    """Each issued invoice's UBL and CII, every export, both journals and the reports."""
    from fracos.billing.render import cii_xml, ubl_xml
    from fracos.billing.selectors import invoices_visible

    docs: dict[str, bytes] = {}
    for invoice in invoices_visible(actor).exclude(status="draft").order_by("pk"):
        docs[f"{invoice.number}.ubl.xml"] = ubl_xml(invoice)
        docs[f"{invoice.number}.cii.xml"] = cii_xml(invoice)
    # The exports through the same writer as `fracos export` (each CLI start costs ~0.7 s here;
    # the commands themselves are tested in test_exports.py and test_journal.py).
    for kind in EXPORTS:
        for fmt in ("csv", "json"):
            docs[f"{kind}.{fmt}"] = _export(actor, kind, fmt)
    docs["time.toggl.csv"] = _export(actor, "time", "toggl-csv")
    for fmt in ("hledger", "beancount"):
        docs[f"books.{fmt}"] = _export(actor, "journal", fmt)
    for by in REPORTS:
        docs[f"report-{by}.json"] = _out(
            fracos, "report", "--period", "all", "--by", by, "--format", "json"
        )
    docs["receivables.json"] = _out(fracos, "receivables", "--format", "json")
    docs["invoice-list.json"] = _out(fracos, "invoice", "list", "--format", "json")
    docs["client-list.json"] = _out(fracos, "client", "list", "--format", "json")
    return docs


def archive_lines(path: Path) -> list[Any]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def archive_rows(path: Path) -> dict[str, list[list[Any]]]:
    """Table → its rows, without the header (which says when the backup was made)."""
    rows: dict[str, list[list[Any]]] = {}
    current: list[list[Any]] = []
    for line in archive_lines(path)[1:]:
        if isinstance(line, list):
            current.append(line)
        elif "table" in line:
            current = rows.setdefault(line["table"], [])
    return rows


def write_lines(path: Path, lines: list[Any]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line) + "\n")


def purge(path: Path) -> None:
    """Delete every row the archive holds, straight in SQL (as if the database were new)."""
    from django.db import connection

    from fracos.archive.tables import plan

    held = archive_rows(path)
    for table in reversed(plan()):
        ids = [row[0] for row in held.get(table.label, [])]
        assert table.columns[0] == table.model._meta.pk.attname  # type: ignore[union-attr]
        if ids:
            table.model._base_manager.filter(pk__in=ids)._raw_delete(connection.alias)
