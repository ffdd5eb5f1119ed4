"""Newsletter fixtures: subscribers in each state, an issue, and a real SMTP server on loopback."""

import asyncio
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.utils import timezone

from newsletter import services
from newsletter.models import Issue, Subscriber
from tests.content.conftest import make_article, person, topic  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the enqueued tasks) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make_subscriber(email: str, status=Subscriber.Status.CONFIRMED, **extra) -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        status=status,
        consent_wording="test wording",
        confirmed_at=timezone.now() if status == Subscriber.Status.CONFIRMED else None,
        **extra,
    )


@pytest.fixture
def issue(make_article):  # noqa: F811 (the fixture imported above)
    issue = Issue(
        subject="Walking in winter",
        body="## Stay steady\n\nRead [our article](/articles/walking/).\n\n"
        "![A snowy path](/static/img/favicon.svg)\n\n<script>alert(1)</script>",
    )
    services.issue_save(issue=issue)
    balance = make_article(title="Balance basics", slug="balance", summary="Stand steady.")
    issue.featured_articles.create(article=balance)
    return issue


class Inbox:
    """An aiosmtpd handler that keeps what arrives and can refuse the Nth message."""

    def __init__(self) -> None:
        self.messages = []
        self.refuse_nth: int | None = None
        self.on_nth: tuple[int, object] | None = None  # (n, callback) while message n arrives
        self.seen = 0
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.on_nth is not None and self.seen == self.on_nth[0]:
            self.on_nth[1]()
        if self.refuse_nth is not None and self.seen == self.refuse_nth:
            return "554 5.7.1 Refused for the test"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def recipients(self) -> list[str]:
        return [str(message["To"]) for message in self.messages]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1, and the site's mailer pointed at it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    inbox.port = port
    controller = Controller(inbox, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()
