"""Custom error pages in the site's look that reveal nothing internal."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_404_page_is_friendly_and_in_the_site_look(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html
    assert 'class="site-header"' in html


@pytest.mark.urls("tests.hwypt.urls_broken")
def test_500_page_reveals_nothing_internal():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html
    assert "patients_secret" not in html
    assert "Traceback" not in html


def test_expired_form_gets_a_friendly_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_400_page_for_a_bad_host(client, settings):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Something was wrong with that request" in response.content.decode()
