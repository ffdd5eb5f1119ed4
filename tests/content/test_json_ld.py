"""The JSON-LD on the home, article and therapist pages, expanded by a JSON-LD processor.

PyLD expands each block against a local context (no network): schema.org's
vocabulary with its IRI-valued properties, so every URL the page states comes out
as an IRI that can be checked. The request carries a hostile Host header.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from pyld import jsonld

from scheduling.models import Therapist
from tests.content.conftest import HOSTILE_HOST, SITE

pytestmark = pytest.mark.django_db

S = "https://schema.org/"
# The part of schema.org's context these pages use: its vocabulary, and the
# properties it declares as IRIs ("@type": "@id").
LOCAL_CONTEXT = {
    "@context": {
        "@vocab": S,
        "schema": S,
        **{name: {"@id": f"schema:{name}", "@type": "@id"} for name in ("url", "item", "image")},
    }
}
# Members of schema.org's MedicalSpecialty enumeration (https://schema.org/MedicalSpecialty).
MEDICAL_SPECIALTIES = {
    f"{S}{name}"
    for name in (
        "Anesthesia",
        "Cardiovascular",
        "CommunityHealth",
        "Dentistry",
        "Dermatology",
        "DietNutrition",
        "Emergency",
        "Endocrine",
        "Gastroenterologic",
        "Genetic",
        "Geriatric",
        "Gynecologic",
        "Hematologic",
        "Infectious",
        "LaboratoryScience",
        "Midwifery",
        "Musculoskeletal",
        "Neurologic",
        "Nursing",
        "Obstetric",
        "Oncologic",
        "Optometric",
        "Otolaryngologic",
        "Pathology",
        "Pediatric",
        "PharmacySpecialty",
        "Physiotherapy",
        "PlasticSurgery",
        "Podiatric",
        "PrimaryCare",
        "Psychiatric",
        "PublicHealth",
        "Pulmonary",
        "Radiography",
        "Renal",
        "RespiratoryTherapy",
        "Rheumatologic",
        "SpeechPathology",
        "Surgical",
        "Toxicologic",
        "Urologic",
    )
}


def load_locally(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contentType": "application/ld+json", "contextUrl": None,
                "documentUrl": url, "document": LOCAL_CONTEXT}  # fmt: skip
    raise AssertionError(f"the JSON-LD processor asked the network for {url}")


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data):
        if self._inside:
            self.blocks.append(json.loads(data))

    def handle_endtag(self, tag):
        self._inside = False


def expanded(html: str) -> list[dict]:
    """Every node of every JSON-LD block on the page, flattened."""
    parser = _Blocks()
    parser.feed(html)
    assert parser.blocks, "no JSON-LD on the page"
    nodes = []
    for block in parser.blocks:
        nodes += jsonld.flatten(block, options={"documentLoader": load_locally})
    return nodes


def of_type(nodes: list[dict], name: str) -> list[dict]:
    return [node for node in nodes if f"{S}{name}" in node.get("@type", [])]


def iris(value) -> list[str]:
    """Every IRI in the expanded data: node ids and IRI values."""
    if isinstance(value, list):
        return [iri for item in value for iri in iris(item)]
    if isinstance(value, dict):
        found = [value["@id"]] if "@id" in value and not value["@id"].startswith("_:") else []
        return found + [iri for key, item in value.items() if key != "@id" for iri in iris(item)]
    return []


def first(node: dict, name: str):
    [value] = node[f"{S}{name}"][:1]
    return value.get("@value", value.get("@id"))


def assert_urls_are_the_sites(nodes: list[dict], html: str) -> None:
    assert HOSTILE_HOST not in html
    for iri in iris(nodes):
        assert iri.startswith((SITE + "/", S)), iri


def test_home_page_describes_the_clinic(hostile_client, settings):
    html = hostile_client.get("/").content.decode()
    nodes = expanded(html)
    [clinic] = of_type(nodes, "MedicalClinic")
    assert f"{S}Physiotherapy" in clinic["@type"]
    assert clinic["@id"] == f"{SITE}/#clinic"
    assert first(clinic, "telephone") == settings.CLINIC["phone"]
    assert [hours["@value"] for hours in clinic[f"{S}openingHours"]] == [
        "Mo-Fr 08:00-18:00",
        "Sa 09:00-13:00",
    ]
    [address] = [n for n in nodes if n["@id"] == clinic[f"{S}address"][0]["@id"]]
    assert first(address, "streetAddress") == settings.CLINIC["street"]
    assert first(address, "postalCode") == settings.CLINIC["postal_code"]
    [specialty] = clinic[f"{S}medicalSpecialty"]
    assert specialty["@id"] in MEDICAL_SPECIALTIES
    assert_urls_are_the_sites(nodes, html)


def test_article_page_names_the_page_breadcrumbs_and_clinic(hostile_client, make_article):
    article = make_article(title="Walking", slug="walking")
    html = hostile_client.get(article.get_absolute_url()).content.decode()
    nodes = expanded(html)
    [page] = of_type(nodes, "MedicalWebPage")
    assert first(page, "url") == f"{SITE}/articles/walking/"
    [crumbs] = of_type(nodes, "BreadcrumbList")
    assert len(crumbs[f"{S}itemListElement"]) == 4
    assert of_type(nodes, "MedicalClinic")
    assert_urls_are_the_sites(nodes, html)


def test_therapist_page_links_back_to_the_site(hostile_client):
    therapist = Therapist.objects.create(name="Alex Example", slug="alex", credentials="PT, DPT")
    html = hostile_client.get(therapist.get_absolute_url()).content.decode()
    nodes = expanded(html)
    [person] = of_type(nodes, "Person")
    assert first(person, "url") == f"{SITE}/book/therapists/alex/"
    assert_urls_are_the_sites(nodes, html)


def test_with_two_locations_each_is_a_clinic_of_the_clinic_with_its_own_hours(
    hostile_client, settings
):
    """Issue 11: the locations, from the database, each with its address and the hours
    its therapists work there; the clinic's hours from settings are not stated beside
    them, so a search engine is not told two things."""
    from django.core.management import call_command

    from scheduling import selectors
    from scheduling.models import Location

    call_command("load_demo_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115
    html = hostile_client.get("/").content.decode()
    nodes = expanded(html)
    by_id = {node["@id"]: node for node in nodes}
    [clinic] = [n for n in of_type(nodes, "MedicalClinic") if n["@id"] == f"{SITE}/#clinic"]
    assert f"{S}openingHours" not in clinic
    departments = [by_id[ref["@id"]] for ref in clinic[f"{S}department"]]
    locations = list(Location.objects.active())
    assert len(locations) == 2 and len(departments) == 2
    for location, place in zip(locations, departments, strict=True):
        assert f"{S}MedicalClinic" in place["@type"]
        assert first(place, "name") == location.name
        assert first(place, "parentOrganization") == f"{SITE}/#clinic"
        [address] = [by_id[a["@id"]] for a in place[f"{S}address"]]
        assert first(address, "streetAddress") == location.street
        assert first(address, "addressLocality") == location.locality
        assert first(address, "postalCode") == location.postal_code
        worded = selectors.location_hours(location)
        stated = [hours["@value"] for hours in place[f"{S}openingHours"]]
        assert len(stated) == len(worded) > 0
        for spec in stated:
            assert re.fullmatch(
                r"(Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))? \d\d:\d\d-\d\d:\d\d", spec
            )
    assert_urls_are_the_sites(nodes, html)

    # Renaming a location shows in the next page, not after a timeout.
    locations[0].name = "HWY PT Riverside"
    locations[0].save()
    names = {
        first(n, "name")
        for n in of_type(expanded(hostile_client.get("/").content.decode()), "MedicalClinic")
    }
    assert "HWY PT Riverside" in names
