"""Where the data lives, read from the environment without importing Django.

Both ``settings.py`` and the CLI's fast path (which must not pay Django's
start-up) read the database location from here, so the two can never disagree.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

APPS_WITH_MIGRATIONS = ("practice", "clients", "engagements", "timesheets", "cadence")


def data_dir() -> Path:
    configured = os.environ.get("FRACOS_DATA_DIR")
    if configured:
        path = Path(configured).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("fracos", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str | None:
    """The PostgreSQL URL of a shared server, or None for the embedded SQLite file."""
    url = os.environ.get("FRACOS_DATABASE_URL", "").strip()
    return url or None


def sqlite_path() -> Path:
    return data_dir() / "fracos.sqlite3"


def secret_key() -> str:
    """FRACOS_SECRET_KEY, or a key generated once per data directory for a personal install."""
    configured = os.environ.get("FRACOS_SECRET_KEY")
    if configured:
        return configured
    key_file = data_dir() / "secret.key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def migration_names() -> set[tuple[str, str]]:
    """Every (app, migration) shipped in the package, read from the file system."""
    root = Path(__file__).parent
    names: set[tuple[str, str]] = set()
    for app in APPS_WITH_MIGRATIONS:
        folder = root / app / "migrations"
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.suffix == ".py" and entry.stem[:4].isdigit():
                    names.add((app, entry.stem))
    return names
