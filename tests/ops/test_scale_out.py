"""Two app servers, one PostgreSQL, one Redis, one task worker, one SMTP server."""

from tests.ops.conftest import POSTGRES_STACK
from tests.scale_out import run_scale_out

pytestmark = POSTGRES_STACK


def test_two_servers_book_and_sign_up_once_share_the_limits_and_email_once(
    service, therapist, db_url, redis
):
    report = run_scale_out(
        service=service, therapist=therapist, database_url=db_url, redis_url=redis
    )
    assert not (problems := report.problems()), problems
    assert report.statuses == {200: 3, 409: 15}
    assert report.messages_per_booking == [1, 1, 1]
    assert report.signup_statuses == {200: 12}
    assert report.confirmations_per_reader == [1] * 6
    print(report)  # the timings, shown with pytest -s
