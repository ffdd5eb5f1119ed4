"""Email without a mail server: readable on the console, kept for the outbox page.

Django's console backend prints the raw MIME message, quoted-printable: a long link
is cut with "=" at the line ends and cannot be followed as printed. This backend
prints the decoded plain text instead, one link per line, and names the attachments.
With DJANGO_DEBUG on it also keeps every message in `settings.OUTBOX_DIR` for the
development page /dev/outbox/ (hwypt/views.py), which lists them with their links
and calendar files. With DEBUG off (`make serve`) nothing is kept and that page
does not exist: the console is the only copy.
"""

import email
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

OUTBOX_PATH = "/dev/outbox/"
RULE = "-" * 72
KEEP = 50  # the outbox page lists the newest messages only


@dataclass(frozen=True)
class Attachment:
    index: int
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class OutboxMessage:
    name: str
    sender: str
    to: str
    subject: str
    date: str
    text: str
    attachments: list[Attachment]


def parse(name: str, raw: bytes) -> OutboxMessage:
    """A sent message as its decoded plain text and its attachments."""
    message: EmailMessage = email.message_from_bytes(raw, policy=default_policy)  # type: ignore[assignment]
    body = message.get_body(preferencelist=("plain",))
    attachments = [
        Attachment(
            index=index,
            filename=part.get_filename() or f"attachment-{index}",
            content_type=part.get_content_type(),
            content=part.get_payload(decode=True) or b"",
        )
        for index, part in enumerate(message.iter_attachments())
    ]
    return OutboxMessage(
        name=name,
        sender=str(message["From"] or ""),
        to=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        date=str(message["Date"] or ""),
        text=body.get_content() if body is not None else "",
        attachments=attachments,
    )


def readable(message: OutboxMessage) -> str:
    """What the console shows: headers, the text as written, the attachments' names."""
    lines = [
        RULE,
        f"From: {message.sender}",
        f"To: {message.to}",
        f"Subject: {message.subject}",
        f"Date: {message.date}",
        "",
        message.text.rstrip(),
        "",
    ]
    lines += [f"Attached: {a.filename} ({a.content_type})" for a in message.attachments]
    if settings.DEBUG:
        lines.append(f"This email, its links and attachments: {settings.SITE_URL}{OUTBOX_PATH}")
    lines.append(RULE)
    return "\n".join(lines) + "\n"


def is_message_name(name: str) -> bool:
    stamp, _, suffix = name.partition("-")
    return stamp.isdigit() and len(suffix) == 8 and all(c in "0123456789abcdef" for c in suffix)


def outbox_messages(directory: Path) -> list[OutboxMessage]:
    """The newest kept messages first."""
    paths = sorted(directory.glob("*.eml"), reverse=True)[:KEEP] if directory.is_dir() else []
    return [parse(path.stem, path.read_bytes()) for path in paths if is_message_name(path.stem)]


def outbox_message(directory: Path, name: str) -> OutboxMessage | None:
    path = directory / f"{name}.eml"
    if not is_message_name(name) or not path.is_file():
        return None
    return parse(name, path.read_bytes())


class EmailBackend(BaseEmailBackend):
    """MAILERS backend for development and `make serve` without an SMTP server."""

    def __init__(self, *, stream=None, **kwargs):
        super().__init__(**kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def send_messages(self, email_messages) -> int:
        for sent in email_messages:
            raw = sent.message().as_bytes()
            name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
            if settings.DEBUG:
                self._keep(name, raw)
            with self._lock:
                self.stream.write(readable(parse(name, raw)))
                self.stream.flush()
        return len(email_messages)

    def _keep(self, name: str, raw: bytes) -> None:
        directory = Path(settings.OUTBOX_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        partial = directory / f".{name}.part"
        partial.write_bytes(raw)
        partial.rename(directory / f"{name}.eml")  # whole files only, for the page
