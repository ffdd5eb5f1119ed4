"""Consistent database backups: SQLite's online backup API, or pg_dump / pg_restore.

Used by the `backup` and `restore` management commands. A backup is one file whose
name carries a UTC timestamp; the same file type is restored by the same engine.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    pass


def backup_name(vendor: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"hwypt-{stamp}{SUFFIX[vendor]}"


def _pg_environment() -> dict[str, str]:
    """libpq variables for the configured PostgreSQL database (password never on argv)."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _require(program: str) -> str:
    path = shutil.which(program)
    if not path:
        raise BackupError(f"{program} is not installed (apt-get install postgresql-client)")
    return path


def backup(directory: Path) -> Path:
    """Write a consistent copy of the whole database into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / backup_name(connection.vendor)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            # The online backup API copies a consistent snapshot even while
            # the site keeps writing.
            connection.connection.backup(copy)
        copy.close()
    elif connection.vendor == "postgresql":
        subprocess.run(  # noqa: S603 (fixed argv, no shell)
            [_require("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)],
            env=_pg_environment(),
            check=True,
            capture_output=True,
        )
    else:
        raise BackupError(f"no backup method for {connection.vendor}")
    return target


def restore(source: Path) -> None:
    """Replace the configured database's contents with the backup in `source`."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    if connection.vendor == "sqlite":
        if source.suffix != SUFFIX["sqlite"]:
            raise BackupError("an SQLite database restores only from a .sqlite3 backup")
        connection.ensure_connection()
        with sqlite3.connect(source) as backup_db:
            backup_db.backup(connection.connection)
        backup_db.close()
    elif connection.vendor == "postgresql":
        if source.suffix != SUFFIX["postgresql"]:
            raise BackupError("PostgreSQL restores only from a .dump backup (pg_dump)")
        connection.close()
        result = subprocess.run(  # noqa: S603 (fixed argv, no shell)
            [
                _require("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(source),
            ],
            env=_pg_environment(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip() or "pg_restore failed")
    else:
        raise BackupError(f"no restore method for {connection.vendor}")
