"""The production stack on loopback: PostgreSQL (the test database), Redis, SMTP."""

import pytest
from django.db import connection

from tests.scheduling.conftest import clinic, service, therapist  # noqa: F401 (fixtures)
from tests.stack import database_url, redis_url

POSTGRES_STACK = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the stack tests run several processes on one database: PostgreSQL only "
        "(set DATABASE_URL); SQLite is for a single server",
    ),
]


@pytest.fixture
def db_url(transactional_db) -> str:
    """The test database, for the processes the test starts."""
    return database_url(connection.settings_dict)


@pytest.fixture
def redis():
    url = redis_url()
    if url is None:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (apt-get install redis-server)")
    return url
