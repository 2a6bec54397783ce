"""Many invoices' PDFs at once, on every core: a month-end run renders hundreds.

A PDF costs a tenth of a second or more of CPU, and WeasyPrint holds the
GIL, so threads would not help: the PDFs are rendered by a pool of forked
processes, one per core, each with its own database connection. It is only
ever called outside a transaction (a PDF never holds SQLite's write lock,
and a child could not see uncommitted rows anyway); inside one, or where the
database cannot be shared with a child (SQLite in memory, as in the tests),
or for a single PDF, they are rendered here, one after the other.

Callers pass the ids of invoices they have already fetched through an access
helper; this module authorises nothing.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

from fracos.billing.models import Invoice
from fracos.billing.render import pdf_bytes, warm_up


def _render(invoice_id: int) -> tuple[int, bytes]:
    invoice = Invoice.objects.select_related("credited_invoice").get(pk=invoice_id)
    return invoice_id, pdf_bytes(invoice)


def _can_fork() -> bool:
    db = connections[DEFAULT_DB_ALIAS]
    if db.in_atomic_block or (isinstance(db, SQLite) and db.is_in_memory_db()):
        return False
    return "fork" in multiprocessing.get_all_start_methods()


def workers_for(count: int) -> int:
    """One process per core, never more than there are PDFs; 1 means no pool."""
    if count < 2 or not _can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, count))


def render_pdfs(
    invoice_ids: list[int], *, workers: int | None = None
) -> Iterator[tuple[int, bytes]]:
    """(id, PDF) for each invoice, in the order given, as each is ready."""
    processes = workers_for(len(invoice_ids)) if workers is None else workers
    if processes <= 1:
        for invoice_id in invoice_ids:
            yield _render(invoice_id)
        return
    # Fonts and stylesheet once, in the parent: the children inherit them.
    warm_up()
    # A forked child must not share the parent's connection; each opens its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(8, len(invoice_ids) // (processes * 4)))
    # What the children inherit (Django, fonts, stylesheet) is set aside from the garbage
    # collector, as Python advises before a fork: its passes then scan only each PDF's
    # own objects, a few percent of every PDF's time.
    gc.freeze()
    try:
        with context.Pool(processes) as pool:
            yield from pool.imap(_render, invoice_ids, chunksize=chunk)
    finally:
        gc.unfreeze()
