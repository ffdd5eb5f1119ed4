"""Hostile input on every public URL, form and admin list: never a 5xx, never a traceback.

Runs on whichever database DATABASE_URL names; on PostgreSQL a NUL byte that reached a
query would raise in psycopg, so run it there too (CI does).
"""

import logging
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content.importing import articles_import
from content.models import Article, Topic
from scheduling import selectors
from scheduling.models import Therapist

pytestmark = pytest.mark.django_db

# Raw (already percent-encoded) values, so the test client sends the bytes unchanged.
UNUSABLE = {
    "nul": "a%00b",
    "nul alone": "%00",
    "control": "a%01%1B%5B31mb",
    "surrogate bytes": "%ED%A0%80",
    "half a character": "%C3",
}
AWKWARD = {
    "over-long": "x" * 5000,
    "sql": quote("' OR 1=1 --"),
    "markup": quote("<script>alert(1)</script>"),
    "path": quote("../../etc/passwd"),
    "emoji": quote("\U0001f600" * 300),
}
CORPUS = UNUSABLE | AWKWARD
PARAMS = [
    "q",
    "page",
    "location",
    "therapist",
    "service",
    "day",
    "start",
    "next",
    "source",
    "o",
    "p",
]


@pytest.fixture
def site(db):
    assert not articles_import().problems
    call_command("load_demo_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115


def public_paths() -> list[str]:
    article = Article.objects.published().first()
    topic = Topic.objects.first()
    therapist = Therapist.objects.first()
    return [
        "/",
        "/articles/",
        article.get_absolute_url(),
        f"/topics/{topic.slug}/",
        "/search/",
        "/feeds/articles.rss",
        "/feeds/articles.atom",
        "/sitemap.xml",
        "/robots.txt",
        "/privacy/",
        "/medical-disclaimer/",
        "/healthz",
        *(reverse(f"scheduling:{step}") for step in STEPS),
        "/book/done/",
        "/book/therapists/",
        f"/book/therapists/{therapist.slug}/",
        "/newsletter/",
        "/newsletter/sign-up/",
        "/newsletter/check-your-email/",
        "/newsletter/feed/",
        "/admin/login/",
    ]


STEPS = ["location", "start", "therapist", "day", "time", "details", "intake", "screening", "check"]
FORM_FIELDS = {
    "/book/location/": ["location"],
    "/book/": ["service"],
    "/book/therapist/": ["therapist"],
    "/book/day/": ["day"],
    "/book/time/": ["start"],
    "/book/details/": ["name", "email", "phone", "website"],
    "/book/intake/": ["reason", "where", "how_long", "pain", "history"],
    "/book/screening/": ["recent_injury", "blood_clot"],
    "/book/check/": ["consent"],
    "/newsletter/sign-up/": ["email", "first_name", "source", "website"],
    "/admin/login/": ["username", "password"],
}


def no_server_error(response, what):
    assert response.status_code < 500, f"{what} answered {response.status_code}"


@pytest.fixture
def quiet_log(caplog):
    """Fail on any log line carrying a traceback."""
    caplog.set_level(logging.INFO)
    yield
    tracebacks = [record.getMessage() for record in caplog.records if record.exc_info]
    assert not tracebacks, f"tracebacks in the log: {tracebacks[:3]}"


def test_every_public_url_takes_hostile_query_strings(site, client, quiet_log):
    for path in public_paths():
        for name, value in CORPUS.items():
            query = "&".join(f"{param}={value}" for param in PARAMS)
            response = client.get(path, QUERY_STRING=query)
            no_server_error(response, f"GET {path}?... ({name})")
            if "%00" in value or "%01" in value:
                assert response.status_code == 400, (path, name)
            # The value as a parameter name, and in the path itself.
            no_server_error(client.get(path, QUERY_STRING=f"{value}=1"), f"{path} key {name}")
            no_server_error(client.get(path + value), f"GET {path}{value}")


def test_tokens_and_slugs_in_paths_take_hostile_text(site, client, quiet_log):
    for prefix in [
        "/book/manage/",
        "/newsletter/confirm/",
        "/newsletter/unsubscribe/",
        "/articles/",
        "/topics/",
        "/book/therapists/",
    ]:
        for name, value in CORPUS.items():
            for suffix in ["/", "/cancel/", "/move/"]:
                response = client.get(f"{prefix}{value}{suffix}")
                no_server_error(response, f"{prefix}{value}{suffix} ({name})")
            response = client.post(f"{prefix}{value}/", "a=1", content_type=FORM)
            no_server_error(response, f"POST {prefix} ({name})")


FORM = "application/x-www-form-urlencoded"


def test_every_form_takes_hostile_values(site, client, quiet_log):
    for path, fields in FORM_FIELDS.items():
        for name, value in CORPUS.items():
            body = "&".join(f"{field}={value}" for field in fields)
            response = client.post(path, body, content_type=FORM)
            no_server_error(response, f"POST {path} ({name})")
            if name == "nul":
                assert response.status_code == 400, path
            # The same in multipart, as a browser sends a form with a file field.
            raw = {field: value.replace("%00", "\x00") for field in fields}
            if "%" not in "".join(raw.values()):
                no_server_error(client.post(path, raw), f"multipart {path} ({name})")


def test_a_nul_in_a_cookie_is_refused(site, client, quiet_log):
    from django.conf import settings

    # A quoted cookie value may carry octal escapes, which Django unquotes.
    cookie = f'{settings.SESSION_COOKIE_NAME}="{"\\000" * 8}"'
    response = client.get("/book/", HTTP_COOKIE=cookie)
    assert response.status_code == 400


def test_the_booking_flow_answers_over_long_text_with_a_field_error(site, client, quiet_log):
    from tests.scheduling.conftest import first_slot

    therapist = Therapist.objects.first()
    from scheduling.models import Service

    service = Service.objects.first()
    slot = first_slot(service, therapist)
    for step, data in [
        ("location", {"location": selectors.clinic_location().pk}),
        ("start", {"service": service.pk}),
        ("therapist", {"therapist": therapist.pk}),
        ("day", {"day": timezone.localdate(slot.start).isoformat()}),
        ("time", {"start": slot.start.isoformat()}),
    ]:
        client.post(reverse(f"scheduling:{step}"), data)
    long = "x" * 5000
    response = client.post(
        reverse("scheduling:details"), {"name": long, "email": "a@b.co", "phone": long}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content


def test_staff_admin_lists_take_hostile_searches_and_filters(site, client, quiet_log):
    staff = User.objects.create_superuser("boss", "boss@example.com", "a-long-pass-phrase-1")
    client.force_login(staff)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for name, value in CORPUS.items():
            for param in ["q", "o", "p", "status", "therapist__id__exact", "location", "day"]:
                response = client.get(url, QUERY_STRING=f"{param}={value}")
                no_server_error(response, f"{url}?{param}= ({name})")


def test_the_front_desk_schedule_takes_hostile_locations_and_dates(site, client, quiet_log):
    staff = User.objects.create_superuser("desk", "desk@example.com", "a-long-pass-phrase-1")
    client.force_login(staff)
    hostile = {**CORPUS, "huge": "9" * 40, "digits": quote("\u0661\u0662")}
    for view in ["admin:scheduling_booking_schedule", "admin:scheduling_booking_export_day"]:
        for name, value in hostile.items():
            for query in [f"location={value}", f"date={value}", f"location={value}&view=week"]:
                response = client.get(reverse(view), QUERY_STRING=query)
                no_server_error(response, f"{view}?{query} ({name})")
