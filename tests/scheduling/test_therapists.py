"""Our therapists: a public list, a page each, JSON-LD, and booking with one chosen."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_list_shows_active_therapists_with_a_book_link(client, therapist):
    response = client.get(reverse("scheduling:therapist-list"))
    assert therapist.name.encode() in response.content
    assert b"Soft tissue mobilization" in response.content
    assert f"?therapist={therapist.slug}".encode() in response.content


def test_a_therapist_page_has_person_and_physiotherapy_json_ld(client, therapist):
    response = client.get(therapist.get_absolute_url())
    body = response.content.decode()
    pattern = r'<script type="application/ld\+json">(.*?)</script>'
    script = re.search(pattern, body, re.S)
    data = json.loads(script.group(1))
    assert data["@type"] == "Person" and data["name"] == therapist.name
    assert data["worksFor"]["@type"] == "Physiotherapy"


def test_book_with_this_therapist_starts_the_flow_with_them_chosen(client, therapist, service):
    client.get(reverse("scheduling:start"), {"therapist": therapist.slug})
    client.post(reverse("scheduling:start"), {"service": service.pk})
    page = client.get(reverse("scheduling:therapist")).content.decode()
    assert re.search(rf'value="{therapist.pk}"[^>]*checked', page)
