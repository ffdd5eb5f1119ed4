"""Two sending runs at once, on PostgreSQL's row locks: nobody gets the issue twice."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from newsletter import services
from newsletter.models import Issue
from tests.newsletter.conftest import make_subscriber

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL")
def test_two_runs_at_once_deliver_exactly_once(smtp_server):
    members = [make_subscriber(f"reader{n}@example.org") for n in range(40)]
    issue = services.issue_save(issue=Issue(subject="Both at once", body="Hello"))
    reports, errors = [], []
    start = threading.Barrier(2)
    # Each run waits here before its first send, so both are sure to hold a claimed batch
    # at the same moment: the runs overlap, and neither can wait for the other's lock.
    both_sending = threading.Barrier(2, timeout=30)

    def run():
        waited = False

        def meet_the_other_run() -> bool:
            nonlocal waited
            if not waited:
                waited = True
                both_sending.wait()
            return False

        try:
            start.wait()
            issue_now = Issue.objects.get(pk=issue.pk)
            reports.append(
                services.issue_send(issue=issue_now, batch_size=3, should_stop=meet_the_other_run)
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    assert sorted(report.sent > 0 for report in reports) == [True, True]  # both took part
    assert sum(report.sent for report in reports) == 40
    assert Counter(smtp_server.recipients()) == Counter({m.email: 1 for m in members})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
