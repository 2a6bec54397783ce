"""Where the data lives, read from the environment without importing Django.

Both ``settings.py`` and the CLI's fast path (which must not pay Django's
start-up) read the database location from here, so the two can never disagree.
Plain ``os.path`` on purpose: this module is on the path of every `fracos log`.
"""

from __future__ import annotations

import os

APPS_WITH_MIGRATIONS = (
    "practice",
    "clients",
    "engagements",
    "timesheets",
    "pipeline",
    "cadence",
    "billing",
)


def data_dir() -> str:
    configured = os.environ.get("FRACOS_DATA_DIR")
    if configured:
        path = os.path.expanduser(configured)
    else:
        from platformdirs import user_data_dir

        path = user_data_dir("fracos", appauthor=False)
    os.makedirs(path, exist_ok=True)
    return path


def database_url() -> str | None:
    """The PostgreSQL URL of a shared server, or None for the embedded SQLite file."""
    url = os.environ.get("FRACOS_DATABASE_URL", "").strip()
    return url or None


def sqlite_path() -> str:
    return os.path.join(data_dir(), "fracos.sqlite3")


def secret_key() -> str:
    """FRACOS_SECRET_KEY, or a key generated once per data directory for a personal install."""
    configured = os.environ.get("FRACOS_SECRET_KEY")
    if configured:
        return configured
    import secrets

    key_file = os.path.join(data_dir(), "secret.key")
    if not os.path.exists(key_file):
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    with open(key_file) as handle:
        return handle.read().strip()


def migration_names() -> set[tuple[str, str]]:
    """Every (app, migration) shipped in the package, read from the file system."""
    root = os.path.dirname(__file__)
    names: set[tuple[str, str]] = set()
    for app in APPS_WITH_MIGRATIONS:
        folder = os.path.join(root, app, "migrations")
        if os.path.isdir(folder):
            for entry in os.listdir(folder):
                stem, ext = os.path.splitext(entry)
                if ext == ".py" and stem[:4].isdigit():
                    names.add((app, stem))
    return names
