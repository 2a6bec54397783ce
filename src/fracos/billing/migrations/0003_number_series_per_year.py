"""A pattern with {year} now numbers each year from 1: split the running series by year.

Issued invoices keep their number and their stored series (they are frozen);
for each year they were issued in, a year series ("invoice:2026") continues
after the highest number of that year, so no new number can repeat an old one.
The next new year then starts at 1.
"""

from typing import Any

from django.db import migrations
from django.db.models import Max

BASES = {"invoice": "invoice_number_pattern", "credit_note": "credit_note_number_pattern"}
DEFAULTS = {"invoice": "{year}-{seq:04d}", "credit_note": "CN-{year}-{seq:04d}"}


def split_by_year(apps: Any, schema_editor: Any) -> None:
    NumberSeries = apps.get_model("billing", "NumberSeries")
    Invoice = apps.get_model("billing", "Invoice")
    for series in NumberSeries.objects.filter(name__in=list(BASES)):
        stored = series.practice.playbook or {}
        pattern = str(stored.get(BASES[series.name]) or DEFAULTS[series.name])
        if "{year" not in pattern:
            continue
        years = (
            Invoice.objects.filter(practice_id=series.practice_id, series=series.name)
            .exclude(seq__isnull=True)
            .values_list("issue_date__year")
            .annotate(top=Max("seq"), last=Max("issue_date"))
        )
        for year, top, last in years:
            NumberSeries.objects.create(
                practice_id=series.practice_id,
                name=f"{series.name}:{year}",
                next_value=top + 1,
                last_issue_date=last,
            )
        series.delete()


def join_years(apps: Any, schema_editor: Any) -> None:
    NumberSeries = apps.get_model("billing", "NumberSeries")
    for base in BASES:
        rows = list(NumberSeries.objects.filter(name__startswith=f"{base}:"))
        by_practice: dict[int, list[Any]] = {}
        for row in rows:
            by_practice.setdefault(row.practice_id, []).append(row)
        for practice_id, years in by_practice.items():
            latest = max(years, key=lambda r: r.name)
            NumberSeries.objects.update_or_create(
                practice_id=practice_id,
                name=base,
                defaults={
                    "next_value": max(r.next_value for r in years),
                    "last_issue_date": latest.last_issue_date,
                },
            )
            for row in years:
                row.delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_issued_invoices_are_frozen"), ("practice", "0001_initial")]

    operations = [migrations.RunPython(split_by_year, join_years)]
