#!/usr/bin/env python
"""The scale-out run, by hand: two gunicorn servers on loopback sharing PostgreSQL and
Redis, the task worker, and a real SMTP server, raced by concurrent clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python scripts/scale_out.py

It creates a scratch database on that PostgreSQL server (and drops it afterwards),
loads the demo schedule, uses Redis database 13 (HWYPT_TEST_REDIS_DB; emptied before
and after), prints what it measured and exits 1 if a check failed. The same run is
the test tests/ops/test_scale_out.py.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwypt.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SECRET_KEY", "development-only-key")


def scratch_database(server_url: str) -> tuple[str, str]:
    """Create an empty database beside the one in `server_url`; return (url, name)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(server_url)
    name = f"hwypt_scale_out_{os.getpid()}"
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname=config["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = server_url.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slots", type=int, default=3, help="times raced for (default 3)")
    parser.add_argument("--clients", type=int, default=6, help="clients per time (default 6)")
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        print(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1/postgres"
        )
        return 2

    from tests.stack import redis_url

    redis = redis_url()
    if redis is None:
        print("Redis is not running on 127.0.0.1:6379.")
        return 2
    url, name = scratch_database(server_url)
    os.environ["DATABASE_URL"] = url
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from scheduling.models import Service, Therapist
        from tests.scale_out import run_scale_out

        call_command("migrate", verbosity=0)
        call_command("load_demo_schedule", stdout=open(os.devnull, "w"))  # noqa: SIM115
        report = run_scale_out(
            service=Service.objects.get(name="Initial consultation"),
            therapist=Therapist.objects.get(slug="demo-alex-example"),
            database_url=url,
            redis_url=redis,
            slots=args.slots,
            clients_per_slot=args.clients,
        )
        connections.close_all()
    finally:
        drop_database(server_url, name)

    print(f"Servers: {', '.join(report.servers)}; one task worker; SMTP on loopback")
    print(f"Race: {report.slots} times x {report.clients_per_slot} clients, both servers")
    print(f"  responses: {report.statuses}; bookings per time: {report.bookings_per_slot}")
    print(
        f"Rate limit {report.rate_limit}: {report.accepted_before_limit} more allowed after "
        f"the race; over it on one server, limited on the other: {report.limited_on_other_server}"
    )
    print(
        f"Emails: messages per booking {report.messages_per_booking}; "
        f"to clients without a booking: {report.messages_to_losers}"
    )
    print(
        f"Newsletter: {report.readers} addresses, each signed up on both servers at once: "
        f"responses {report.signup_statuses}, subscribers {report.subscribers}; sign-up "
        f"limit: {report.signups_before_limit} more allowed after the race, limited on the "
        f"other server: {report.signup_limited_on_other_server}; confirmations per address "
        f"{report.confirmations_per_reader}"
    )
    print("Seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in report.seconds.items()))
    problems = report.problems()
    for problem in problems:
        print(f"FAILED: {problem}")
    print("All checks passed." if not problems else f"{len(problems)} check(s) failed.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
