"""Invoice and credit-note numbers: gapless series, one per year when the pattern has a year.

A number is taken inside the transaction that issues the document, so it
exists only if the issue commits. A pattern with ``{year}`` makes each year
(of the issue date) its own series counting from 1, because "2027-0001" after
"2026-0412" is what accountants and tax authorities expect; a pattern
without it keeps one running series.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, connection, transaction

from fracos.billing.choices import SERIES_CREDIT_NOTE, SERIES_INVOICE
from fracos.billing.identifiers import structured_communication
from fracos.billing.models import NumberSeries
from fracos.core.errors import RuleViolation
from fracos.core.playbook import PlaybookSettings


def pattern_for(rules: PlaybookSettings, *, credit_note: bool) -> str:
    return rules.credit_note_number_pattern if credit_note else rules.invoice_number_pattern


def series_name(pattern: str, *, credit_note: bool, day: date) -> str:
    """The series a document issued on ``day`` numbers in: "invoice:2026", or "invoice"."""
    base = SERIES_CREDIT_NOTE if credit_note else SERIES_INVOICE
    return f"{base}:{day.year}" if "{year" in pattern else base


def allocate(practice_id: int, series: str, day: date) -> int:
    """The series' next value, taken inside the issuing transaction.

    One UPDATE … RETURNING both locks the series row (PostgreSQL: concurrent
    issuers queue on it until commit; SQLite: every transaction begins
    IMMEDIATE, so writers are serial) and takes the number. A number is only
    consumed if the whole issue commits: gapless. The same statement refuses an
    issue date before the last one, because numbers must follow dates.
    """
    table = NumberSeries._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET next_value = next_value + 1, last_issue_date = %s"
            " WHERE practice_id = %s AND name = %s"
            " AND (last_issue_date IS NULL OR last_issue_date <= %s)"
            " RETURNING next_value - 1",
            [day, practice_id, series, day],
        )
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    existing = NumberSeries.objects.filter(practice_id=practice_id, name=series).first()
    if existing is not None:
        raise RuleViolation(
            f"issue_date: {day} is before {existing.last_issue_date}, the date of the last "
            "number issued; invoice numbers must follow their dates",
            field="issue_date",
        )
    try:
        with transaction.atomic():
            NumberSeries.objects.create(
                practice_id=practice_id, name=series, next_value=2, last_issue_date=day
            )
        return 1
    except IntegrityError:
        return allocate(practice_id, series, day)  # created meanwhile by a concurrent issuer


def payment_reference(
    rules: PlaybookSettings, country: str, issue_date: date, seq: int, number: str
) -> str:
    if country == "BE" and rules.structured_payment_reference:
        # Two digits of the year and eight of the sequence: unique while seq < 10^8,
        # whether the series restarts each year or runs on.
        return structured_communication(int(f"{issue_date.year % 100:02d}{seq % 10**8:08d}"))
    return number
