"""The featured-article picker (the admin's autocomplete) lists title matches first."""

import pytest
from django.urls import reverse

from tests.users import make_staff

pytestmark = pytest.mark.django_db


def picked(client, term: str) -> list[str]:
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "newsletter",
            "model_name": "featuredarticle",
            "field_name": "article",
            "term": term,
        },
    ).json()
    return [result["text"] for result in found["results"]]


def test_a_title_match_ranks_above_summary_and_body_matches(client, make_article):
    # Alphabetically, and in the articles' own order, the body match would come first.
    make_article(title="A walk in winter", body="Good balance helps on ice.\n")
    make_article(title="Aches at night", summary="Balance your pillows.")
    make_article(title="Why balance fades", body="Nothing about it here.\n")
    make_article(title="Knee pain")
    client.force_login(make_staff("editor", "Newsletter editors"))
    assert picked(client, "balance") == ["Why balance fades", "Aches at night", "A walk in winter"]
    assert picked(client, "BALANCE fades") == ["Why balance fades"]
    assert picked(client, "")[:2] == ["A walk in winter", "Aches at night"]
