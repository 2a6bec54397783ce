"""Uploaded import files kept between the dry run and the import, so the leader uploads once.

A staged file lives in ``<data dir>/uploads/`` under a random name; the browser's
session holds which names are its own, so another session (or practice) cannot
point at it. Files older than a day are swept on the next upload.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from fracos import config

SESSION_KEY = "time_imports"
KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Staged:
    token: str
    name: str
    path: Path
    mapping: dict[str, str | int]


def _folder() -> Path:
    folder = Path(config.data_dir()) / "uploads"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _sweep(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.glob("*.upload"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            continue  # another request swept it first


def stage(request: HttpRequest, upload: UploadedFile) -> Staged:
    folder = _folder()
    _sweep(folder)
    token = secrets.token_urlsafe(18)
    path = folder / f"{token}.upload"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    name = Path(upload.name or "upload").name[:200]
    owned: dict[str, Any] = request.session.get(SESSION_KEY, {})
    owned[token] = {"name": name, "practice": request.actor.practice_id}  # type: ignore[attr-defined]
    request.session[SESSION_KEY] = owned
    return Staged(token, name, path, {})


def staged(request: HttpRequest, token: str) -> Staged | None:
    """The session's staged file of that token, if it is this practice's and still there."""
    owned = request.session.get(SESSION_KEY, {})
    entry = owned.get(token) if isinstance(token, str) else None
    if not entry or entry.get("practice") != request.actor.practice_id:  # type: ignore[attr-defined]
        return None
    path = _folder() / f"{token}.upload"
    if not token.replace("-", "").replace("_", "").isalnum() or not path.is_file():
        return None
    return Staged(token, str(entry.get("name", "")), path, dict(entry.get("mapping") or {}))


def remember_mapping(request: HttpRequest, item: Staged, mapping: dict[str, str | int]) -> Staged:
    """Keep a mapping file's rules with the staged upload, for the next check or the import."""
    owned = request.session.get(SESSION_KEY, {})
    if item.token in owned:
        owned[item.token]["mapping"] = mapping
        request.session[SESSION_KEY] = owned
    return Staged(item.token, item.name, item.path, mapping)


def discard(request: HttpRequest, item: Staged) -> None:
    owned = request.session.get(SESSION_KEY, {})
    owned.pop(item.token, None)
    request.session[SESSION_KEY] = owned
    item.path.unlink(missing_ok=True)
