"""The admin pages the front desk uses for bookings, checked like every public page:
axe (with 7:1 contrast and target size) and the Nu Html Checker."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from scheduling import selectors
from scheduling.models import Service, Therapist
from tests import checks
from tests.scheduling.conftest import book, days, first_slot
from tests.users import PASSWORD, make_staff

# Django's own inline management form marks its hidden inputs autocomplete="off",
# which HTML forbids; it is Django's markup, not ours, and harmless to people.
DJANGO_HIDDEN_AUTOCOMPLETE = "must not have an “autocomplete” attribute"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_admin_page_accessible(page, html_checker) -> None:
    """axe and the Nu Html Checker on an admin page, past Django's own hidden inputs."""
    violations = checks.axe_violations(page)
    assert not violations, f"{page.url}:\n" + checks.describe_axe(violations)
    html = page.content()
    errors = [
        error
        for error in html_checker.errors(html)
        if DJANGO_HIDDEN_AUTOCOMPLETE not in error["message"]
    ]
    assert not errors, f"{page.url}:\n" + checks.describe_vnu(errors, html)


def test_the_front_desk_booking_pages_are_accessible(live_server, page, html_checker):
    call_command("load_demo_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115
    service = Service.objects.get(name="Initial consultation")
    therapist = Therapist.objects.get(slug="demo-alex-example")
    booking = book(
        service, therapist, first_slot(service, therapist, after=timezone.now() + days(2)).start
    )
    # A superuser: transactional tests flush the groups the migrations create.
    make_staff("desk", superuser=True)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    day = booking.start.astimezone(selectors.clinic_zone()).date().isoformat()
    for url in [
        reverse("admin:scheduling_booking_changelist"),
        reverse("admin:scheduling_booking_change", args=[booking.pk]),
        reverse("admin:scheduling_booking_schedule") + f"?date={day}",
        reverse("admin:scheduling_booking_schedule") + f"?date={day}&view=week",
    ]:
        page.goto(live_server.url + url)
        assert "Pat Example" in page.content(), url
        assert_admin_page_accessible(page, html_checker)
