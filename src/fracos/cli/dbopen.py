"""Open the practice database for the hot commands, without Django unless it must migrate."""

from __future__ import annotations

import json
import os
from typing import Any

from fracos import config
from fracos.core.errors import NotFound, ValidationFailed
from fracos.core.playbook import PlaybookSettings
from fracos.core.sqldb import Db, PostgresDb, SqliteDb
from fracos.timesheets.ledger import Scope


def open_db() -> Db:
    """The database, migrated: the first use of a new version runs Django's migrations."""
    db = _connect()
    if not _schema_current(db):
        db.close()
        from fracos.cli.boot import boot_django

        boot_django()
        db = _connect()
    return db


def _connect() -> Db:
    url = config.database_url()
    if url:
        return PostgresDb(url)
    return SqliteDb(config.sqlite_path())


def _schema_current(db: Db) -> bool:
    try:
        applied = {(app, name) for app, name in db.query("SELECT app, name FROM django_migrations")}
    except Exception:
        if db.vendor == "postgresql":
            db.conn.rollback()  # type: ignore[attr-defined]
        return False
    return config.migration_names() <= applied


def local_scope(db: Db) -> Scope:
    """The practice and member this terminal acts for (see practice.selectors.local_actor)."""
    slug = os.environ.get("FRACOS_PRACTICE")
    practices = db.query(
        "SELECT id, slug, timezone, currency, playbook FROM practice_practice ORDER BY id"
    )
    if slug:
        practices = [p for p in practices if p[1] == slug]
        if not practices:
            raise NotFound(f"FRACOS_PRACTICE: no practice {slug!r} in this database")
    if not practices:
        raise NotFound(
            "no practice yet: run `fracos init --name NAME` (or `fracos demo` to explore)"
        )
    if len(practices) > 1:
        slugs = ", ".join(p[1] for p in practices)
        raise ValidationFailed(f"several practices here; set FRACOS_PRACTICE to one of: {slugs}")
    practice_id, _, tz, currency, playbook = practices[0]
    email = os.environ.get("FRACOS_USER")
    sql = (
        "SELECT m.id, m.role FROM practice_member m JOIN auth_user u ON u.id = m.user_id"
        " WHERE m.practice_id = %s"
    )
    params: list[Any] = [practice_id]
    if email:
        sql += " AND lower(u.email) = lower(%s)"
        params.append(email)
    else:
        sql += " AND m.role = 'owner'"
    members = db.query(sql + " ORDER BY m.id", params)
    if not members:
        raise NotFound(f"FRACOS_USER: {email} is not a member" if email else "no owner found")
    member_id, role = members[0]
    stored = json.loads(playbook) if isinstance(playbook, str) else playbook
    return Scope(
        practice_id=practice_id,
        member_id=member_id,
        timezone=tz,
        currency=currency,
        rules=PlaybookSettings.from_stored(stored),
        can_write=role in ("owner", "leader"),
    )
