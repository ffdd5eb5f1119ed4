"""The whole journey through a real SMTP server on loopback, reading what arrived."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from newsletter import services
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


def site_path(url: str, settings) -> str:
    assert url.startswith(settings.SITE_URL + "/")
    return url.removeprefix(settings.SITE_URL)


def test_sign_up_confirm_receive_and_one_click_unsubscribe_over_smtp(
    client, on_commit, smtp_server, issue, settings
):
    settings.SITE_URL = "https://www.hwypt.example"
    with on_commit():
        client.post(reverse("newsletter:sign-up"), {"email": "ann@example.org", "source": "home"})

    [confirmation] = smtp_server.messages
    assert confirmation["To"] == "ann@example.org"
    assert "List-Unsubscribe" not in confirmation
    text = confirmation.get_body(("plain",)).get_content()
    confirm_url = re.search(r"https://\S+/newsletter/confirm/\S+/", text).group(0)
    html = confirmation.get_body(("html",)).get_content()
    assert f'href="{confirm_url}"' in html
    client.post(site_path(confirm_url, settings))
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    services.issue_send(issue=issue)
    newsletter = smtp_server.messages[-1]
    assert newsletter["Subject"] == "Walking in winter"
    assert newsletter["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = re.match(r"<(https://[^>]+)>, <mailto:[^>]+>", newsletter["List-Unsubscribe"])
    assert one_click
    response = Client(enforce_csrf_checks=True).post(
        site_path(one_click.group(1), settings), data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
