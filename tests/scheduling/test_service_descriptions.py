"""Each service says what it is, who it is for and how long, where the patient picks one."""

import re

import pytest
from django.urls import reverse

from scheduling.models import Service
from tests.users import make_staff

pytestmark = pytest.mark.django_db


def test_the_demo_services_each_say_who_they_are_for(clinic):
    descriptions = dict(Service.objects.values_list("name", "description"))
    assert all(descriptions.values()), descriptions
    assert "new patients" in descriptions["Initial consultation"]
    assert "already had a consultation" in descriptions["Follow-up"]


def test_the_service_question_shows_each_description_as_its_choices_hint(client, clinic):
    page = client.get(reverse("scheduling:start")).content.decode()
    for service in Service.objects.active():
        radio = re.search(rf'<input[^>]*value="{service.pk}"[^>]*>', page).group(0)
        hint_id = re.search(r'aria-describedby="([^"]+)"', radio).group(1)
        assert f'id="{hint_id}">{service.description}</p>' in page


def test_the_home_pages_book_buttons_carry_the_descriptions(client, clinic):
    page = client.get(reverse("content:home")).content.decode()
    follow_up = Service.objects.get(name="Follow-up")
    assert f'aria-describedby="book-service-{follow_up.pk}"' in page
    assert f'id="book-service-{follow_up.pk}">{follow_up.description}</p>' in page


def test_a_service_without_a_description_is_not_described_as_empty(client, clinic):
    Service.objects.filter(name="Follow-up").update(description="")
    follow_up = Service.objects.get(name="Follow-up")
    home = client.get(reverse("content:home")).content.decode()
    assert f"book-service-{follow_up.pk}" not in home
    question = client.get(reverse("scheduling:start")).content.decode()
    radio = re.search(rf'<input[^>]*value="{follow_up.pk}"[^>]*>', question).group(0)
    assert "aria-describedby" not in radio
    assert question.count('class="form-text mb-0"') == Service.objects.count() - 1


def test_the_admin_asks_for_a_description(client, clinic):
    client.force_login(make_staff("boss", superuser=True))
    response = client.post(
        reverse("admin:scheduling_service_add"),
        {"name": "Walk-in", "duration_minutes": 30, "buffer_minutes": 0, "order": 3},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert "who it is for, how long" in response.content.decode()
    assert not Service.objects.filter(name="Walk-in").exists()
