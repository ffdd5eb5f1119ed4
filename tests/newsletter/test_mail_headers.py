"""The headers of every automatic email, read from the bytes a real SMTP server received.

Mail providers read List-Unsubscribe with header-level parsers on the raw
message, so the checks here are on the raw header lines, not on Python's
decoded view (which would undo an RFC 2047 encoding and hide the problem).
"""

import re
from datetime import timedelta
from email import message_from_bytes, policy
from email.parser import BytesHeaderParser

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter import services
from scheduling import selectors
from tests.newsletter.conftest import make_subscriber
from tests.scheduling.conftest import book, clinic, service, therapist  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SITE = "https://www.hwypt.example"


def header_lines(raw: bytes) -> dict[str, list[bytes]]:
    """Each header as the lines it takes on the wire (a folded header has several)."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    headers: dict[str, list[bytes]] = {}
    name = ""
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            headers[name][-1:] = [headers[name][-1], line]
            continue
        name = line.split(b":", 1)[0].decode("ascii").lower()
        headers.setdefault(name, []).append(line)
    return headers


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    return settings


@pytest.fixture
def issue_bytes(site, smtp_wire, issue):
    make_subscriber("ann@example.org", first_name="Zoë")
    services.issue_send(issue=issue)
    [raw] = smtp_wire.raw
    return raw


def test_list_unsubscribe_is_one_plain_line_with_both_addresses(issue_bytes):
    [lines] = header_lines(issue_bytes)["list-unsubscribe"]
    assert b"\r\n" not in lines and b"=?" not in lines
    value = lines.decode("ascii").removeprefix("List-Unsubscribe: ")
    match = re.fullmatch(
        rf"<({re.escape(SITE)}/newsletter/unsubscribe/[^>]+/)>, <mailto:([^>?]+)\?subject=[^>]+>",
        value,
    )
    assert match, value
    # What a header-level parser (no RFC 2047 decoding) hands a mail provider.
    raw_view = BytesHeaderParser(policy=policy.compat32).parsebytes(issue_bytes)
    assert raw_view["List-Unsubscribe"] == value


def test_one_click_list_id_and_message_id_are_in_the_site_domain(issue_bytes):
    headers = header_lines(issue_bytes)
    assert headers["list-unsubscribe-post"] == [
        b"List-Unsubscribe-Post: List-Unsubscribe=One-Click"
    ]
    assert headers["list-id"] == [b"List-Id: HWY Senior Community <newsletter.www.hwypt.example>"]
    [message_id] = headers["message-id"]
    assert re.fullmatch(rb"Message-ID: <[^@>\s]+@www\.hwypt\.example>", message_id), message_id
    assert headers["auto-submitted"] == [b"Auto-Submitted: auto-generated"]


def test_the_plain_text_part_reads_as_text_not_markdown(issue_bytes):
    text = message_from_bytes(issue_bytes, policy=policy.default).get_body(("plain",)).get_content()
    assert "Stay steady" in text
    assert f"our article ({SITE}/articles/walking/)" in text
    assert "[A snowy path]" in text
    for markdown in ("## ", "](", "![", "<script"):
        assert markdown not in text


def test_every_automatic_email_is_marked_and_seven_bit(
    site,
    smtp_wire,
    client,
    on_commit,
    service,  # noqa: F811 (the fixture imported above)
    therapist,  # noqa: F811
):
    with on_commit():
        client.post(reverse("newsletter:sign-up"), {"email": "bo@example.org", "source": "home"})
    start = timezone.now() + timedelta(days=3)
    slots = selectors.free_slots(
        service=service, location=selectors.clinic_location(), therapist_id=therapist.pk
    )
    slot = next(slot for slot in slots if slot.start >= start)
    with on_commit():
        book(service, therapist, slot.start)
    assert len(smtp_wire.raw) == 2  # "please confirm" and the booking confirmation
    for raw in smtp_wire.raw:
        headers = header_lines(raw)
        assert headers["auto-submitted"] == [b"Auto-Submitted: auto-generated"]
        [message_id] = headers["message-id"]
        assert message_id.endswith(b"@www.hwypt.example>")
        assert all(byte < 128 for byte in raw)
        assert "list-unsubscribe" not in headers  # only issues carry list headers
