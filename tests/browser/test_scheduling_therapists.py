"""The therapists pages in a real browser: accessible, valid, and the JSON-LD breaks no CSP."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_therapist_pages_are_accessible_and_start_the_flow(live_server, page, assert_accessible):
    call_command("load_demo_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(live_server.url + "/book/therapists/")
    assert_accessible(page)
    page.click("text=Sam Sample (demo)")
    assert_accessible(page)
    page.click("text=Book with this therapist")
    assert page.url.endswith("/book/?therapist=demo-sam-sample")
    assert_accessible(page)
