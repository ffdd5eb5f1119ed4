"""What every email the site sends carries, whichever app builds it.

`AutomaticEmail` is Django's EmailMultiAlternatives with three things mail
servers and clients read:
- `Auto-Submitted: auto-generated` (RFC 3834), so auto-responders stay quiet;
- a Message-ID in the site's own domain (from SITE_URL), not the machine's name;
- every part 7-bit clean (quoted-printable or base64), so a name like "Zoë"
  never needs the receiving server to offer 8BITMIME.

`List-Unsubscribe`, `List-Unsubscribe-Post` and `List-Id` go out exactly as
given, on one line. Python's email policy would fold a long `List-Unsubscribe`
into RFC 2047 encoded words (cpython issue 85725), and the header-level parsers
mail providers use then find no URL and offer no one-click unsubscribe.
"""

import email.policy
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

# Headers that must reach the reader byte for byte (ASCII, under 998 characters).
VERBATIM_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "List-Id")


class VerbatimHeader(str):
    """A header value the email policy writes as is: never folded, never encoded.

    The email package keeps header objects that have a `name` and folds them
    with their own `fold()`; this one returns the header on a single line.
    """

    def __new__(cls, name: str, value: str) -> "VerbatimHeader":
        if not value.isascii() or "\r" in value or "\n" in value or len(name + value) > 990:
            raise ValueError(f"{name} must be one line of ASCII under 990 characters")
        header = super().__new__(cls, value)
        header.name = name
        header.defects = ()
        return header

    def fold(self, *, policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


def site_domain() -> str:
    """The host name in SITE_URL, e.g. "www.hwypt.example"."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def site_message_id() -> str:
    return make_msgid(domain=site_domain())


class AutomaticEmail(EmailMultiAlternatives):
    """An email the site sends on its own (booking news, confirmations, issues)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = {name.lower() for name in self.extra_headers}
        if "message-id" not in names:
            self.extra_headers["Message-ID"] = site_message_id()
        if "auto-submitted" not in names:
            self.extra_headers["Auto-Submitted"] = "auto-generated"

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy.clone(cte_type="7bit"))
        for name in VERBATIM_HEADERS:
            value = self.extra_headers.get(name)
            if value is not None:
                del msg[name]
                msg[name] = VerbatimHeader(name, str(value))
        return msg
