"""`fracos backup` and `fracos restore`: one practice to a file and back, every row."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fracos.cli.common import boot, local_actor, success


def backup(
    file: Annotated[Path, typer.Argument(help="Archive to write (gzip'd JSON lines).")],
) -> None:
    """Write every row of this practice to FILE, read in one consistent snapshot.

    Safe while the app is in use. Owners only: the archive holds password hashes.

    Example: fracos backup ~/backups/practice-2026-11-18.fracos.gz
    """
    actor = local_actor()
    from fracos.archive.backup import backup_write

    summary = backup_write(actor, file)
    success(
        f"Backed up {summary.practice} ({summary.slug}): {summary.total_rows:,} rows of "
        f"{summary.tables} tables to {file} ({summary.size:,} bytes)."
    )


def restore(
    file: Annotated[Path, typer.Argument(help="Archive written by `fracos backup`.")],
) -> None:
    """Restore a practice from FILE into a database that does not hold it yet.

    Every row comes back with its id; refused, with nothing written, if any is already there.
    Point FRACOS_DATA_DIR or FRACOS_DATABASE_URL at the new database first.

    Example: fracos restore practice-2026-11-18.fracos.gz   (after export FRACOS_DATA_DIR=~/new)
    """
    boot()
    from fracos.archive.restore import restore_read

    summary = restore_read(file)
    success(
        f"Restored {summary.practice} ({summary.slug}): {summary.total_rows:,} rows of "
        f"{summary.tables} tables from {file}."
    )
