"""Gapless numbering under real concurrency: several `fracos invoice issue` processes at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_real_process import SERVER_URL, _fresh_postgres_database

pytestmark = pytest.mark.slow

PROCESSES = 4
PER_PROCESS = 6

SETUP = """
import json
from decimal import Decimal
from fracos.cli.boot import boot_django
boot_django()
from fracos.billing.services import invoice_draft, invoice_line_add
from fracos.clients.services import client_add
from fracos.core import clock
from fracos.practice.selectors import actor_for_member
from fracos.practice.services import practice_create, practice_update

practice, owner = practice_create(name="Race Practice", owner_email="o@example.com")
actor = actor_for_member(owner)
practice_update(actor, vat_number="BE0403019261", iban="BE71096123456769")
client = client_add(actor, name="Acme", country="BE", vat_number="BE0765432146")
ids = []
for n in range(%(count)d):
    period = clock.parse_period(f"{2020 + n // 12}-{n %% 12 + 1:02d}", clock.today("UTC"))
    draft = invoice_draft(actor, client_id=client.pk, period=period)
    invoice_line_add(actor, invoice_id=draft.pk, description=f"Work {n}", quantity="1", unit_price="100")
    ids.append(draft.pk)
print(json.dumps(ids))
"""

CHECK = """
import json
from fracos.cli.boot import boot_django
boot_django()
from fracos.billing.models import Invoice, NumberSeries
print(json.dumps({
    "seqs": sorted(Invoice.objects.values_list("seq", flat=True)),
    "numbers": sorted(Invoice.objects.values_list("number", flat=True)),
    "next": NumberSeries.objects.get().next_value,
}))
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    values = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FRACOS_DATABASE_URL", "FRACOS_PRACTICE", "FRACOS_USER", "FRACOS_NOW")
    }
    values.update(
        FRACOS_DATA_DIR=str(tmp_path / "data"),
        NO_COLOR="1",
        FRACOS_NOW="2026-11-18T09:00:00+00:00",
        DJANGO_SETTINGS_MODULE="fracos.settings",
    )
    dropper = None
    if request.param == "postgresql":
        if not SERVER_URL:
            pytest.skip("runs when the suite runs against PostgreSQL (FRACOS_DATABASE_URL)")
        values["FRACOS_DATABASE_URL"], dropper = _fresh_postgres_database(SERVER_URL)
    yield values
    if dropper:
        dropper()


def _python(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_parallel_processes_issue_gapless_sequential_numbers(env):
    count = PROCESSES * PER_PROCESS
    ids = json.loads(_python(env, SETUP % {"count": count}))
    fracos = str(Path(sys.executable).with_name("fracos"))
    # Interleaved ids, so the processes really compete for the series row all along.
    workers = [
        subprocess.Popen(
            [fracos, "invoice", "issue", *[str(i) for i in ids[k::PROCESSES]]],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(PROCESSES)
    ]
    printed: list[str] = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        printed += out.split()
    state = json.loads(_python(env, CHECK))
    assert state["seqs"] == list(range(1, count + 1))
    assert state["numbers"] == [f"2026-{n:04d}" for n in range(1, count + 1)]
    assert sorted(printed) == state["numbers"]
    assert state["next"] == count + 1


RUN_DUE_SETUP = """
from datetime import date
from fracos.cli.boot import boot_django
boot_django()
from fracos.clients.services import client_add
from fracos.engagements.services import engagement_add
from fracos.practice.selectors import actor_for_member
from fracos.practice.services import playbook_update, practice_create, practice_update

practice, owner = practice_create(name="Firm", owner_email="o@example.com")
actor = actor_for_member(owner)
practice_update(actor, vat_number="BE0403019261", iban="BE71096123456769")
playbook_update(actor, {"run_due_issue": True})
for n in range(12):
    client = client_add(actor, name=f"Client {n:02d}", country="BE", billing_email=f"ap{n}@example.com")
    engagement_add(actor, client_id=client.pk, role_title="CTO", pricing_model="retainer",
                   fee="5000", days_per_week="1", start_date=date(2026, 1, 1))
print("ready")
"""


def test_two_run_due_processes_at_once_bill_and_send_each_client_once(env):
    _python(env, RUN_DUE_SETUP)
    fracos = str(Path(sys.executable).with_name("fracos"))
    runs = [
        subprocess.Popen(
            [fracos, "run-due", "--today", "2026-12-01", "--format", "json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        outputs.append(out)
    state = json.loads(_python(env, CHECK))
    assert state["numbers"] == [f"2026-{n:04d}" for n in range(1, 13)]
    # The console email backend prints each message: twelve invoices, each sent once.
    assert sum(out.count("Subject: Invoice 2026-") for out in outputs) == 12
