"""Database triggers that refuse to change an issued invoice or its lines.

The services already refuse; this makes the rule hold for any code or SQL
that reaches the tables directly. Deletion is left to the services (there is
no service that deletes an issued invoice) because a practice's own removal
cascades through its invoices.
"""

from typing import Any

from django.db import migrations

FROZEN = (
    "client_id", "kind", "series", "seq", "number", "issue_date", "due_date", "period_start",
    "period_end", "currency", "seller", "buyer", "payment_reference", "exemption_reason",
    "net_minor", "tax_minor", "total_minor", "credited_invoice_id",
)  # fmt: skip
MESSAGE = "issued invoices are immutable; correct them with a credit note"
CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN)

SQLITE = [
    f"""CREATE TRIGGER billing_invoice_frozen BEFORE UPDATE ON billing_invoice
    WHEN OLD.status <> 'draft' AND (NEW.status = 'draft' OR {CHANGED.replace("IS DISTINCT FROM", "IS NOT")})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER billing_line_frozen_insert BEFORE INSERT ON billing_invoiceline
    WHEN (SELECT status FROM billing_invoice WHERE id = NEW.invoice_id) <> 'draft'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER billing_line_frozen_update BEFORE UPDATE ON billing_invoiceline
    WHEN (SELECT status FROM billing_invoice WHERE id = OLD.invoice_id) <> 'draft'
    OR (SELECT status FROM billing_invoice WHERE id = NEW.invoice_id) <> 'draft'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS billing_invoice_frozen",
    "DROP TRIGGER IF EXISTS billing_line_frozen_insert",
    "DROP TRIGGER IF EXISTS billing_line_frozen_update",
]

POSTGRES = [
    f"""CREATE FUNCTION billing_invoice_frozen() RETURNS trigger AS $$
    BEGIN
      IF OLD.status <> 'draft' AND (NEW.status = 'draft' OR {CHANGED}) THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER billing_invoice_frozen BEFORE UPDATE ON billing_invoice
    FOR EACH ROW EXECUTE FUNCTION billing_invoice_frozen()""",
    f"""CREATE FUNCTION billing_line_frozen() RETURNS trigger AS $$
    BEGIN
      IF (SELECT status FROM billing_invoice WHERE id = NEW.invoice_id) <> 'draft'
         OR (TG_OP = 'UPDATE' AND
             (SELECT status FROM billing_invoice WHERE id = OLD.invoice_id) <> 'draft') THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER billing_line_frozen BEFORE INSERT OR UPDATE ON billing_invoiceline
    FOR EACH ROW EXECUTE FUNCTION billing_line_frozen()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS billing_line_frozen ON billing_invoiceline",
    "DROP FUNCTION IF EXISTS billing_line_frozen()",
    "DROP TRIGGER IF EXISTS billing_invoice_frozen ON billing_invoice",
    "DROP FUNCTION IF EXISTS billing_invoice_frozen()",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
