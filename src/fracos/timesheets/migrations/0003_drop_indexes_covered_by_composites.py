"""Drop the foreign-key indexes on practice_id and engagement_id of time entries.

entry_report_cover starts with practice_id and entry_engagement_date with
engagement_id, so every query these served is served by the composite, and
each index dropped is one B-tree fewer to update on every inserted entry.

Only the database drops them, by name (the names Django gave them, the same on
SQLite and PostgreSQL): altering the fields would rebuild the whole table on
SQLite, twice, to delete two indexes.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = (
    ("timesheets_timeentry_practice_id_ca0fc38e", "practice_id"),
    ("timesheets_timeentry_engagement_id_b703905d", "engagement_id"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0002_weekplanslot"),
        ("practice", "0002_api_token"),
        ("timesheets", "0002_report_covering_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    reverse_sql=f"CREATE INDEX {name} ON timesheets_timeentry ({column})",
                )
                for name, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="timeentry",
                    name="engagement",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="time_entries",
                        to="engagements.engagement",
                    ),
                ),
                migrations.AlterField(
                    model_name="timeentry",
                    name="practice",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="practice.practice",
                    ),
                ),
            ],
        ),
    ]
