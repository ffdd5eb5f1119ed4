"""A location's time zone is an IANA name, refused with a friendly message otherwise,
and it is the one zone a booking there is shown in."""

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.urls import reverse

from scheduling import selectors
from scheduling.models import Location
from scheduling.timezones import is_time_zone
from tests.users import make_staff

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Riverside",
    "street": "1 River Road",
    "locality": "Ontario",
    "region": "OR",
    "postal_code": "97914",
    "is_active": "on",
}
INLINES = {
    f"{prefix}-{key}": value
    for prefix in ("hours", "closures")
    for key, value in [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MAX_NUM_FORMS", "1000")]
}


@pytest.mark.parametrize(
    "name", ["Mountain Time", "america/boise", "America/Springfield", "", "../etc/passwd"]
)
def test_a_wrong_zone_name_is_refused_by_the_model(name):
    location = Location(**{k: v for k, v in FIELDS.items() if k != "is_active"}, time_zone=name)
    with pytest.raises(ValidationError) as refused:
        location.full_clean()
    assert "time_zone" in refused.value.message_dict
    if name:
        assert "is not a time zone name we know" in refused.value.message_dict["time_zone"][0]


@pytest.mark.parametrize("name", ["America/Boise", "America/Los_Angeles", "Pacific/Honolulu"])
def test_iana_names_are_accepted(name):
    assert is_time_zone(name)
    Location(**{k: v for k, v in FIELDS.items() if k != "is_active"}, time_zone=name).full_clean()


def test_the_admin_says_what_is_wrong_next_to_the_field(client):
    client.force_login(make_staff("owner", superuser=True))
    add = reverse("admin:scheduling_location_add")
    response = client.post(add, {**FIELDS, **INLINES, "time_zone": "Mountain Time"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "“Mountain Time” is not a time zone name we know." in text
    assert "America/Boise" in text and not Location.objects.exists()
    saved = client.post(add, {**FIELDS, **INLINES, "time_zone": "America/Boise"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Location.objects.get().zone.key == "America/Boise"


def test_a_zone_that_skipped_validation_fails_the_system_check():
    Location.objects.create(**{k: v for k, v in FIELDS.items() if k != "is_active"})
    assert not [e for e in run_checks() if e.id == "scheduling.E002"]
    Location.objects.update(time_zone="Pacific Time")
    [error] = [e for e in run_checks() if e.id == "scheduling.E002"]
    assert "“Riverside”" in error.msg and "“Pacific Time”" in error.msg


def test_the_site_zone_is_only_the_fallback_before_any_location(settings):
    settings.TIME_ZONE = "America/Chicago"
    assert selectors.clinic_zone().key == "America/Chicago"
    Location.objects.create(
        **{k: v for k, v in FIELDS.items() if k != "is_active"}, time_zone="America/Boise"
    )
    assert selectors.clinic_zone().key == "America/Boise"
