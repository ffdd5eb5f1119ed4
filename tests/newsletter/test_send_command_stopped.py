"""Ctrl-C on a real `manage.py send_newsletter` process, then running it again.

The command runs as a separate process against the test database (so
PostgreSQL: SQLite's test database lives in this process's memory) and
delivers to a real SMTP server on loopback, which presses Ctrl-C for us
while the third message arrives.
"""

import os
import signal
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection

from newsletter import services
from newsletter.models import Issue
from newsletter.services.issues import deliveries
from outbox.models import OutgoingEmail
from tests.checks import ROOT
from tests.newsletter.conftest import make_subscriber

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def command_env(port: int) -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "1",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(port),
        "DJANGO_EMAIL_USE_TLS": "0",
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL")
def test_ctrl_c_stops_after_the_message_in_flight_and_a_rerun_sends_the_rest(smtp_server):
    members = [make_subscriber(f"reader{n}@example.org") for n in range(8)]
    issue = services.issue_save(issue=Issue(subject="Stopped halfway", body="Hello"))
    env = command_env(smtp_server.port)
    command = [sys.executable, "manage.py", "send_newsletter", str(issue.pk), "--batch-size", "3"]

    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    smtp_server.on_nth = (3, lambda: process.send_signal(signal.SIGINT))
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "sent 3" in out
    assert "stopped on request" in out
    assert deliveries(issue).sent().count() == 3
    assert not deliveries(issue).filter(status=OutgoingEmail.Status.SENDING).exists()

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "sent 5" in rerun.stdout
    assert "finished" in rerun.stdout
    assert Counter(smtp_server.recipients()) == Counter({m.email: 1 for m in members})
