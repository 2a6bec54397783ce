"""Django's database sessions, read through SQL compiled once (``practice/compiled.py``).

Every signed-in request loads its session; the stored data, expiry and cookie
handling are Django's own, only the read is cheaper.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from fracos.practice.compiled import compiled_sql

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        sql = compiled_sql(
            "session",
            lambda: Session.objects.filter(session_key="").filter(expire_date__gt=_EPOCH),
            ("", _EPOCH),
        )
        found = next(iter(Session.objects.raw(sql, [self.session_key, timezone.now()])), None)
        if found is None:
            self._session_key = None
        return found
