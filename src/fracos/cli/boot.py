"""Start Django for the commands that need the ORM, migrating on first use."""

from __future__ import annotations

import os


def boot_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fracos.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from fracos import config

    recorder = MigrationRecorder(connection)
    applied = set(recorder.applied_migrations()) if recorder.has_table() else set()
    if not config.migration_names() <= applied or not applied:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
