from typing import Any

from django.db import migrations, models


def first_version(apps: Any, schema_editor: Any) -> None:
    # The one row the bumps update; without it nothing is cached (see insights/freshness.py).
    apps.get_model("insights", "DataVersion").objects.using(schema_editor.connection.alias).create(
        id=1, version=0
    )


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={"db_table": "fracos_data_version"},
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
