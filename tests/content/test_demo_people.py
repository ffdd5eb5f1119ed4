"""Sample (demo) people: readers are told, search engines are not misled, go-live is blocked."""

import pytest
from django.core.checks import run_checks

from content.caching import bump_content_version
from content.credentials import credentials_explained
from content.models import Article, Person

pytestmark = pytest.mark.django_db


def content_errors():
    return [e for e in run_checks(include_deployment_checks=True) if e.id == "content.E001"]


def test_the_fixtures_mark_their_made_up_people_as_sample(imported):
    assert set(Person.objects.values_list("is_demo", flat=True)) == {True}


def test_an_article_by_sample_people_says_so(imported, client):
    page = client.get("/articles/arthritis/").content.decode()
    assert "Sample content" in page
    assert "made-up people for this demo site, not real clinicians" in page
    assert "Reviewed by" not in page
    assert "Sample reviewer: Daniel Reyes" in page


def test_the_disclaimer_and_article_list_do_not_claim_a_real_review(imported, client):
    disclaimer = client.get("/medical-disclaimer/").content.decode()
    assert "checked by a licensed physical therapist" not in disclaimer
    assert "no licensed physical therapist has checked these articles" in disclaimer
    listing = client.get("/articles/").content.decode()
    assert "checked by a licensed physical therapist" not in listing


def test_real_people_get_the_plain_byline(imported, client):
    Person.objects.update(is_demo=False)
    bump_content_version()
    page = client.get("/articles/arthritis/").content.decode()
    assert "Sample content" not in page
    assert "Reviewed by Daniel Reyes" in page
    disclaimer = client.get("/medical-disclaimer/").content.decode()
    assert "checked by a licensed physical therapist" in disclaimer


def test_credentials_are_explained_in_words_not_only_on_hover(imported, client):
    page = client.get("/articles/arthritis/").content.decode()
    assert '<abbr title="Orthopaedic Clinical Specialist' in page
    assert "<summary>What the letters after the names mean</summary>" in page
    assert "<dt>OCS</dt><dd>Orthopaedic Clinical Specialist" in page


def test_unknown_letters_are_kept_without_a_made_up_meaning():
    assert credentials_explained("PT, XYZ") == [
        ("PT", "Physical therapist: licensed to practise physical therapy"),
        ("XYZ", ""),
    ]


def test_check_deploy_fails_while_a_published_article_names_a_sample_person(imported):
    [error] = content_errors()
    assert error.level >= 40  # an error, so `check --deploy` exits non-zero
    assert "written or reviewed by a sample (demo) person" in error.msg
    Person.objects.update(is_demo=False)
    assert not content_errors()


def test_a_draft_by_a_sample_person_does_not_block_going_live(imported):
    Person.objects.filter(slug="daniel-reyes").update(is_demo=False)
    Article.objects.filter(author__is_demo=True).update(status=Article.Status.DRAFT)
    assert not content_errors()
