"""Practices for the subprocess tests, built in one process through the services.

    python -m tests.datasafe.scenarios importer     a practice with the client Acme
    python -m tests.datasafe.scenarios run-due N    N retainer clients; 20 owe an overdue invoice
    python -m tests.datasafe.scenarios documents    print every document as JSON (see documents.py)
    python -m tests.datasafe.scenarios backup-while-writing FILE   (see test_snapshot.py)

The database is the one FRACOS_DATA_DIR / FRACOS_DATABASE_URL name, as for `fracos`.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

OVERDUE_CLIENTS = 20


def _practice() -> Any:
    from fracos.practice.selectors import actor_for_member
    from fracos.practice.services import practice_create, practice_update

    _practice, owner = practice_create(name="Crash Test Advisory", owner_email="owner@example.com")
    actor = actor_for_member(owner)
    practice_update(
        actor,
        legal_name="Crash Test Advisory BV",
        vat_number="BE0403019261",
        enterprise_number="0403019261",
        iban="BE71096123456769",
        bic="GKCCBEBB",
        street="Rue de la Loi 1",
        postcode="1000",
        city="Brussels",
        email="owner@example.com",
    )
    return actor


def importer() -> None:
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    actor = _practice()
    acme = client_add(actor, name="Acme Logistics", country="BE", vat_number="BE0765432146")
    engagement_add(
        actor,
        client_id=acme.pk,
        role_title="Fractional CTO",
        pricing_model="day_rate",
        day_rate=Decimal(1200),
        hours_per_week=Decimal(8),
        start_date=date(2019, 1, 1),
    )


def run_due(clients: int) -> None:
    from fracos.billing import services
    from fracos.clients.services import client_add
    from fracos.core import clock
    from fracos.engagements.services import engagement_add
    from fracos.practice.services import playbook_update

    actor = _practice()
    playbook_update(actor, {"run_due_issue": True})
    september = clock.parse_period("2026-09", date(2026, 11, 18))
    for n in range(clients):
        owes = n < OVERDUE_CLIENTS
        client = client_add(
            actor,
            name=f"Client {n:04d}",
            country="BE",
            vat_number="BE0765432146",
            street="Havenlaan 12",
            postcode="1000",
            city="Brussels",
            # Only these get email (and so a PDF each): rendering is the slow part.
            billing_email=f"ap{n}@client.example" if owes else "",
        )
        engagement_add(
            actor,
            client_id=client.pk,
            role_title="Fractional CTO",
            pricing_model="retainer",
            fee=Decimal(6000 + n % 7 * 250),
            days_per_week=Decimal(1),
            start_date=date(2026, 1, 1),
        )
        if owes:
            draft = services.invoice_draft(actor, client_id=client.pk, period=september)
            services.invoice_issue(actor, invoice_id=draft.pk, issue_date=date(2026, 9, 30))


def documents() -> None:
    from fracos.cli import main as entry
    from fracos.practice.selectors import local_actor
    from tests.datasafe.documents import documents as every_document

    def fracos(*args: str) -> Any:
        out, err = io.StringIO(), io.StringIO()
        sys.argv = ["fracos", *args]
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                entry.run()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0
        return type(
            "Result", (), {"exit_code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}
        )

    docs = every_document(fracos, local_actor())
    json.dump({name: data.decode() for name, data in docs.items()}, sys.stdout)


def backup_while_writing(path: str) -> None:
    """Back up; after the first table, another process logs an hour and must not wait for us."""
    import subprocess
    import time

    from fracos.archive import backup
    from fracos.practice.selectors import local_actor

    original = backup._write_table
    report: dict[str, Any] = {}

    def write_table(out: Any, table: Any, practice_id: int) -> int:
        if not report:
            started = time.monotonic()
            done = subprocess.run(
                [str(Path(sys.executable).with_name("fracos")), "log", "acme", "1h", "written during the backup", "--date", "2026-11-17"],
                capture_output=True, text=True, timeout=120, check=False,
            )  # fmt: skip
            report.update(code=done.returncode, seconds=time.monotonic() - started, err=done.stderr)
        return original(out, table, practice_id)

    backup._write_table = write_table  # type: ignore[assignment]
    backup.backup_write(local_actor(), Path(path))
    json.dump(report, sys.stdout)


def main(argv: list[str]) -> None:
    from fracos.cli.boot import boot_django

    boot_django()
    if argv[0] == "importer":
        importer()
    elif argv[0] == "run-due":
        run_due(int(argv[1]))
    elif argv[0] == "documents":
        documents()
    elif argv[0] == "backup-while-writing":
        backup_while_writing(argv[1])
    else:
        raise SystemExit(f"unknown scenario {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
