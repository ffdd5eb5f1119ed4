"""Our therapists: a public list, a page each, JSON-LD, and booking with one chosen."""

import json
import re

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from scheduling.models import Therapist

pytestmark = pytest.mark.django_db


def test_the_list_shows_active_therapists_with_a_book_link(client, therapist):
    response = client.get(reverse("scheduling:therapist-list"))
    assert therapist.name.encode() in response.content
    assert b"Soft tissue mobilization" in response.content
    assert f"?therapist={therapist.slug}".encode() in response.content


def test_a_therapist_page_has_person_and_physiotherapy_json_ld(client, therapist):
    therapist.is_demo = False
    therapist.save()
    response = client.get(therapist.get_absolute_url())
    body = response.content.decode()
    pattern = r'<script type="application/ld\+json">(.*?)</script>'
    script = re.search(pattern, body, re.S)
    data = json.loads(script.group(1))
    assert data["@type"] == "Person" and data["name"] == therapist.name
    assert data["worksFor"]["@type"] == "Physiotherapy"


def test_a_sample_therapist_is_shown_as_sample_and_not_described_to_search_engines(
    client, therapist
):
    assert therapist.is_demo  # load_demo_schedule marks its made-up therapists
    body = client.get(therapist.get_absolute_url()).content.decode()
    assert "application/ld+json" not in body
    assert "is a made-up therapist for this demo site, not a real clinician" in body
    listing = client.get(reverse("scheduling:therapist-list")).content.decode()
    assert "Sample therapist, not a real person" in listing


def test_credentials_are_explained_in_words_on_the_page(client, therapist):
    body = client.get(therapist.get_absolute_url()).content.decode()
    assert '<abbr title="Doctor of Physical Therapy' in body
    assert "<dt>DPT</dt><dd>Doctor of Physical Therapy: a doctor&#x27;s degree" in body


def test_check_deploy_fails_while_a_sample_therapist_is_active(therapist):
    errors = [e for e in run_checks(include_deployment_checks=True) if e.id == "scheduling.E001"]
    assert errors and therapist.name in errors[0].msg
    Therapist.objects.filter(is_demo=True).update(is_active=False)
    assert not [e for e in run_checks(include_deployment_checks=True) if e.id.startswith("sch")]


def test_book_with_this_therapist_starts_the_flow_with_them_chosen(client, therapist, service):
    client.get(reverse("scheduling:start"), {"therapist": therapist.slug})
    client.post(reverse("scheduling:start"), {"service": service.pk})
    page = client.get(reverse("scheduling:therapist")).content.decode()
    assert re.search(rf'value="{therapist.pk}"[^>]*checked', page)
