"""Production is configured only by environment variables, and fails loudly without them."""

import os
import subprocess
import sys

import pytest

from tests.checks import ROOT

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "www.hwypt.example",
    "DJANGO_EMAIL_HOST": "smtp.hwypt.example",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_without_a_secret_stops_with_a_clear_message(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_DEBUG is off" in result.stderr


def test_check_deploy_reports_no_issues_in_production(tmp_path):
    # A database of its own: one with the demo articles loaded fails on purpose
    # (content.E001, tests/content/test_demo_people.py).
    database = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", DATABASE_URL=database, **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_management_commands_exit_non_zero_on_failure():
    result = manage("no_such_command", DJANGO_DEBUG="1")
    assert result.returncode != 0


def test_sqlite_uses_wal_and_immediate_transactions(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


def test_clinic_details_come_from_one_place(client, settings):
    settings.CLINIC = {**settings.CLINIC, "phone_display": "(555) 010-9999"}
    html = client.get("/").content.decode()
    assert "(555) 010-9999" in html
