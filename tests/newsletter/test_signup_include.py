"""The sign-up spot that the home and article pages include."""

import pytest
from django.template import engines
from django.test import RequestFactory

from newsletter.models import Issue

pytestmark = pytest.mark.django_db


def render_include(source: str) -> str:
    request = RequestFactory().get("/")
    template = engines["django"].from_string(
        '{% include "newsletter/includes/signup.html" with source="' + source + '" %}'
    )
    return template.render({}, request)


def test_the_include_works_on_any_page_and_records_where_it_was(client):
    html = render_include("article:walking")
    assert 'id="newsletter-signup-heading"' in html
    assert 'action="/newsletter/sign-up/"' in html
    assert 'name="csrfmiddlewaretoken"' not in html  # shareable: see newsletter.views.sign_up
    assert 'name="source" value="article:walking"' in html
    assert 'id="newsletter-email"' in html
    assert 'id="newsletter-first_name"' in html
    assert 'id="newsletter-website"' in html  # the honeypot
    assert "once a week" in html
    assert 'href="/newsletter/"' in html


def test_an_error_from_an_article_page_keeps_the_source(client):
    response = client.post("/newsletter/sign-up/", {"email": "nope", "source": "article:walking"})
    assert 'name="source" value="article:walking"' in response.content.decode()


def test_the_demo_issue_command_is_idempotent():
    from django.core.management import call_command

    call_command("newsletter_demo")
    call_command("newsletter_demo")
    assert Issue.objects.sent().count() == 1
    assert "<h2" in Issue.objects.get().body_html


def render_on(path: str, source: str, brief: bool = False) -> str:
    template = engines["django"].from_string(
        '{% include "newsletter/includes/signup.html" with source=source brief=brief %}'
    )
    return template.render({"source": source, "brief": brief}, RequestFactory().get(path))


def test_the_blank_form_is_rendered_once_per_page_and_kind():
    """Kept per worker: each page's own `next`, source and brief form, never another's."""
    first = render_on("/articles/walking/", "article")
    assert render_on("/articles/walking/", "article") == first
    assert 'name="next" value="/articles/running/"' in render_on("/articles/running/", "article")
    assert 'name="source" value="home"' in render_on("/articles/walking/", "home")
    assert 'id="newsletter-first_name"' not in render_on("/articles/walking/", "article", True)
