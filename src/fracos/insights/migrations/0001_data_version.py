"""The data version's one-row table (insights/freshness.py).

Plain SQL, no model: it is no practice's data (backups leave it out, a test
database's flush keeps its row) and only ``UPDATE … SET version = version + 1``
and one ``SELECT`` ever touch it, from Django and from the CLI's plain-SQL path.
"""

from django.db import migrations

from fracos.core.sqldb import DATA_VERSION_TABLE


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.RunSQL(
            [
                f"CREATE TABLE {DATA_VERSION_TABLE} (id integer PRIMARY KEY, version bigint NOT NULL)",
                f"INSERT INTO {DATA_VERSION_TABLE} (id, version) VALUES (1, 0)",
            ],
            f"DROP TABLE {DATA_VERSION_TABLE}",
        )
    ]
