"""Month-end for a firm: 1,000 clients' retainer invoices, numbered, rendered and validated.

    .venv/bin/python bench/billing.py [--clients 1000] [--pdf 200] [--validate 20]

Works on a fresh SQLite file in a scratch directory (or on FRACOS_DATABASE_URL
if set: use an empty database). Times the path `fracos run-due` takes: its
billing step (each client's invoice drafted and issued in one transaction,
with the practice set to issue), the numbering + issuing share of it measured
inside that step, then UBL alone, PDF alone (run-due's pool: one process per
core) and the official UBL validation time per document. Each stage prints
documents per second on the wall clock, CPU ms per document (children
included), the CPU-bound rate (documents ÷ CPU seconds per core used) and the
load average, with the target met or MISSED on both rates.
Targets: issuing ≥ 200/s, UBL ≥ 200/s, PDF ≥ 10/s.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"issue": 200.0, "ubl": 200.0, "pdf": 10.0}


def _setup(clients: int) -> Any:
    from fracos.cli.boot import boot_django

    boot_django()
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add
    from fracos.practice.selectors import actor_for_member
    from fracos.practice.services import practice_create, practice_update

    _practice, owner = practice_create(name="Bench Firm", owner_email="bench@example.com")
    actor = actor_for_member(owner)
    practice_update(
        actor,
        legal_name="Bench Firm BV",
        vat_number="BE0403019261",
        enterprise_number="0403019261",
        iban="BE71096123456769",
        bic="GKCCBEBB",
        street="Rue de la Loi 1",
        postcode="1000",
        city="Brussels",
    )
    for n in range(clients):
        client = client_add(
            actor,
            name=f"Client {n:04d}",
            country="BE",
            vat_number="BE0765432146",
            street="Havenlaan 12",
            postcode="1000",
            city="Brussels",
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
    return actor


def _verdict(rate: float, target: float) -> str:
    return "met" if rate >= target else "MISSED"


def _rate(
    label: str,
    count: int,
    seconds: float,
    cpu: float,
    *,
    target: float | None = None,
    cores: int = 1,
) -> None:
    """Wall-clock rate, CPU per document, and the rate the code reaches when it has its
    ``cores`` to itself (count ÷ CPU seconds per core), which a shared, busy machine hides."""
    wall = count / seconds if seconds else float("inf")
    bound = count / (cpu / cores) if cpu else float("inf")
    line = (
        f"{label:<38} {count:>5} in {seconds:6.2f} s = {wall:7.1f}/s wall; "
        f"CPU {1000 * cpu / max(count, 1):6.2f} ms each, CPU-bound {bound:7.1f}/s"
    )
    if target is not None:
        line += (
            f"; target ≥ {target:g}/s: wall {_verdict(wall, target)}, CPU {_verdict(bound, target)}"
        )
    print(f"{line}  [load {os.getloadavg()[0]:.1f}]")


def _cpu() -> float:
    return time.process_time()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _Stopwatch:
    """Wall and CPU time spent inside one function, however often it is called."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function, self.wall, self.cpu = function, 0.0, 0.0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        t0, c0 = time.perf_counter(), _cpu()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.wall += time.perf_counter() - t0
            self.cpu += _cpu() - c0


def _bill_the_month(actor: Any, clients: int) -> list[int]:
    """run-due's billing step, timed whole and, within it, numbering + issuing."""
    from fracos.billing import services
    from fracos.practice.services import playbook_update

    playbook_update(actor, {"run_due_issue": True})
    # run-due calls services._issue for each client's new draft, inside that client's
    # transaction; the stopwatch replaces it for this run only.
    issuing = _Stopwatch(services._issue)
    services._issue = issuing  # type: ignore[assignment]
    try:
        t0, c0 = time.perf_counter(), _cpu()
        outcome = services.bill_due(actor, today=date(2026, 12, 1))
        spent, cpu = time.perf_counter() - t0, _cpu() - c0
    finally:
        services._issue = issuing.function  # type: ignore[assignment]
    assert len(outcome.issued) == clients and not outcome.problems, outcome.problems
    count = len(outcome.issued)
    _rate("run-due billing: draft + issue", count, spent, cpu)
    _rate(
        "  of which numbering + issuing",
        count,
        issuing.wall,
        issuing.cpu,
        target=TARGETS["issue"],
    )
    _rate("  of which drafting", count, spent - issuing.wall, cpu - issuing.cpu)
    return [invoice.pk for invoice in outcome.issued]


def _pdfs(ids: list[int]) -> None:
    from fracos.billing.pdfpool import render_pdfs, workers_for
    from fracos.billing.render import warm_up

    processes = workers_for(len(ids))
    # Fonts and stylesheet, loaded once in the parent before the pool forks (render_pdfs
    # would do it itself): reported, not counted per document.
    t0, c0 = time.perf_counter(), _cpu()
    warm_up()
    print(
        f"{'PDF warm-up (fonts, stylesheet)':<38} once in {time.perf_counter() - t0:6.2f} s, "
        f"CPU {1000 * (_cpu() - c0):.0f} ms"
    )
    t0, c0, k0 = time.perf_counter(), _cpu(), _children_cpu()
    done = sum(1 for _ in render_pdfs(ids))
    spent = time.perf_counter() - t0
    # Joined children only: the pool is closed when render_pdfs finishes.
    cpu = _cpu() - c0 + _children_cpu() - k0
    _rate(f"PDF ({processes} processes)", done, spent, cpu, target=TARGETS["pdf"], cores=processes)
    print(
        f"{'':<38} the target needs ≤ {1000 * processes / TARGETS['pdf']:.0f} ms CPU per PDF "
        f"on {processes} cores (the pool's start is counted in the documents' time)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--pdf", type=int, default=200, help="how many PDFs to render")
    parser.add_argument("--validate", type=int, default=20, help="how many UBL to validate")
    args = parser.parse_args()
    if not os.environ.get("FRACOS_DATABASE_URL"):
        os.environ["FRACOS_DATA_DIR"] = tempfile.mkdtemp(prefix="fracos-bench-billing-")
    os.environ["FRACOS_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    sys.path.insert(0, str(ROOT))

    from fracos.core import clock

    started = time.perf_counter()
    with clock.freeze(datetime(2026, 12, 1, 7, 0, tzinfo=UTC)):
        actor = _setup(args.clients)
        print(
            f"set-up: {args.clients} clients and retainers in {time.perf_counter() - started:.1f} s"
        )
        from fracos.billing.models import Invoice
        from fracos.billing.render import ubl_xml

        print(
            f"load average before timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
            "(above the core count, other processes share them: wall-clock rates fall, and "
            "the CPU-bound rate — count ÷ CPU seconds per core — is what this code reaches alone)"
        )
        ids = _bill_the_month(actor, args.clients)

        invoices = list(Invoice.objects.filter(pk__in=ids).order_by("seq"))
        assert [i.seq for i in invoices] == list(range(1, len(ids) + 1)), "numbers have gaps"
        t0, c0 = time.perf_counter(), _cpu()
        documents = [ubl_xml(invoice) for invoice in invoices]
        _rate(
            "UBL rendering",
            len(documents),
            time.perf_counter() - t0,
            _cpu() - c0,
            target=TARGETS["ubl"],
        )

        from tests.billing.einvoice_validator import assert_valid_ubl, compiled_rules

        compiled_rules()  # compiled once, not counted per document
        sample = documents[: args.validate]
        t0, c0 = time.perf_counter(), _cpu()
        for xml in sample:
            assert_valid_ubl(xml)
        spent, cpu = time.perf_counter() - t0, _cpu() - c0
        print(
            f"{'UBL validation (XSD + Schematron)':<38} {len(sample):>5} in {spent:6.2f} s = "
            f"{1000 * spent / max(len(sample), 1):6.1f} ms wall, "
            f"CPU {1000 * cpu / max(len(sample), 1):6.1f} ms per document  "
            f"[load {os.getloadavg()[0]:.1f}]"
        )

        _pdfs(ids[: args.pdf])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
