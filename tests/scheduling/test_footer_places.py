"""Every page's footer names each location with its address and the hours its
therapists work there; an edit to a location shows on the next page."""

from io import StringIO

import lxml.html
import pytest
from django.core.management import call_command

from scheduling import selectors
from scheduling.models import Location, WorkingHours

pytestmark = pytest.mark.django_db


def footer(client, path="/articles/") -> str:
    page = lxml.html.fromstring(client.get(path).content)
    return " ".join(page.xpath("//footer")[0].text_content().split())


def hours_under_each_name(client) -> dict[str, list[tuple[str, str]]]:
    """The footer's opening hours, by the location heading above each list."""
    page = lxml.html.fromstring(client.get("/articles/").content)
    found = {}
    for heading in page.xpath("//footer//h3"):
        [hours] = heading.xpath("following-sibling::dl[1]")
        found[heading.text_content()] = [
            (row.find("dt").text_content(), row.find("dd").text_content()) for row in hours
        ]
    return found


def test_two_locations_each_with_address_and_hours(client):
    call_command("load_demo_schedule", stdout=StringIO())
    text = footer(client)
    locations = list(Location.objects.active())
    assert len(locations) == 2
    for location in locations:
        assert location.name in text
        assert location.street in text
    assert hours_under_each_name(client) == {
        location.name: selectors.location_hours(location) for location in locations
    }


def test_an_edit_to_a_location_or_its_hours_shows_on_the_next_page(client):
    call_command("load_demo_schedule", stdout=StringIO())
    footer(client)  # drawn and kept by this worker
    ontario = Location.objects.get(name="HWY PT Ontario (demo)")
    ontario.street = "9 New Street"
    ontario.save()
    assert "9 New Street" in footer(client, "/")
    WorkingHours.objects.filter(location=ontario).delete()
    text = footer(client)
    assert "Closed for now: please call us" in text


def test_one_location_is_not_named_twice_and_no_location_falls_back_to_settings(client, settings):
    text = footer(client)  # no location yet: the address in settings
    assert settings.CLINIC["street"] in text
    call_command("load_demo_schedule", "--single-location", stdout=StringIO())
    [location] = Location.objects.active()
    text = footer(client)
    assert location.street in text
    assert location.name not in text  # one clinic: its address is enough


def test_the_home_page_names_every_town_the_clinic_works_in(client, settings):
    def lead():
        page = lxml.html.fromstring(client.get("/").content)
        return " ".join(page.xpath("//p[@class='lead']")[0].text_content().split())

    assert f"therapy in {settings.CLINIC['locality']}." in lead()  # no location yet
    call_command("load_demo_schedule", stdout=StringIO())
    first, second = (location.locality for location in Location.objects.active())
    assert f"therapy in {first} and {second}." in lead()


@pytest.mark.parametrize("first", ["/book/therapists/demo-casey-trial/", "/book/location/"])
def test_a_page_with_places_of_its_own_draws_the_same_footer(client, first):
    """The therapist page and the clinic question have their own `places`; the footer
    they draw is the one every page then gets from the cache."""
    call_command("load_demo_schedule", stdout=StringIO())
    assert client.get(first).status_code == 200
    for path in (first, "/articles/"):
        text = footer(client, path)
        for location in Location.objects.active():
            assert location.name in text and location.street in text, path
