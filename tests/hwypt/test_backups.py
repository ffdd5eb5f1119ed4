"""A backup restored into a fresh database holds everything the site had."""

import io
import os
import subprocess
import sys
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from content.models import Article
from newsletter.services.subscribers import subscriber_sign_up
from scheduling.models import Service, Therapist
from tests.checks import ROOT
from tests.scheduling.conftest import book, first_slot

pytestmark = pytest.mark.django_db(transaction=True)

COUNT_SCRIPT = (
    "from django.contrib.auth.models import User;"
    "from content.models import Article;"
    "from scheduling.models import Booking;"
    "from newsletter.models import Subscriber;"
    "print(sorted(User.objects.values_list('username', flat=True)),"
    " Article.objects.count(),"
    " sorted(Booking.objects.values_list('patient_email', flat=True)),"
    " sorted(Subscriber.objects.values_list('email', flat=True)))"
)


def run_manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database of the same engine as the one under test."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    name = f"hwypt_restore_{uuid.uuid4().hex[:10]}"
    params = connection.settings_dict
    admin = psycopg.connect(
        host=params["HOST"], port=params["PORT"], user=params["USER"], dbname="postgres",
        password=params["PASSWORD"] or None, autocommit=True,
    )  # fmt: skip
    admin.execute(f'CREATE DATABASE "{name}"')
    user = params["USER"]
    host = params["HOST"]
    port = params["PORT"]
    yield f"postgres://{user}@{host}:{port}/{name}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_backup_then_restore_into_a_fresh_database_keeps_everything(tmp_path, fresh_database_url):
    for name in ["front-desk", "clinician", "editor"]:
        User.objects.create_user(name, password="a-long-password-123")
    call_command("import_articles", stdout=io.StringIO())
    articles = Article.objects.count()
    assert articles >= 20  # the real fixtures, not an empty database
    call_command("load_demo_schedule", stdout=io.StringIO())
    service, therapist = Service.objects.first(), Therapist.objects.first()
    book(service, therapist, first_slot(service, therapist).start)
    subscriber_sign_up(email="reader@example.com", first_name="Ruth", source="home")

    call_command("backup", output_dir=tmp_path)
    [backup_file] = list(tmp_path.glob("hwypt-*"))
    assert backup_file.stat().st_size > 0

    restored = run_manage(fresh_database_url, "restore", str(backup_file), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Restored the database" in restored.stdout

    found = run_manage(fresh_database_url, "shell", "-c", COUNT_SCRIPT)
    expected = (
        f"['clinician', 'editor', 'front-desk'] {articles} ['pat@example.com'] "
        "['reader@example.com']"
    )
    assert found.stdout.strip().splitlines()[-1] == expected, found.stderr


def test_restore_of_a_missing_file_fails_clearly(fresh_database_url, tmp_path):
    result = run_manage(fresh_database_url, "restore", str(tmp_path / "nope.sqlite3"), "--yes")
    assert result.returncode != 0
    assert "no backup file at" in result.stderr
