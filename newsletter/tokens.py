"""Signed tokens for the links in emails.

Confirmation links expire (TimestampSigner) and are tied to one sign-up: a new
sign-up after unsubscribing makes older links invalid. Unsubscribe links never
expire, so every email ever sent keeps working.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class InvalidToken(Exception):
    """The link was changed, cut short or signed with another key."""


class ExpiredToken(InvalidToken):
    """The link was genuine but is too old."""


@dataclass(frozen=True)
class ConfirmClaim:
    subscriber_id: int
    signed_up_stamp: int


def confirm_token(*, subscriber_id: int, signed_up_stamp: int) -> str:
    value = f"{subscriber_id}.{signed_up_stamp}"
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(value)


def read_confirm_token(token: str) -> ConfirmClaim:
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        value = signer.unsign(token, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    subscriber_id, _, stamp = value.partition(".")
    try:
        return ConfirmClaim(int(subscriber_id), int(stamp))
    except ValueError as error:
        raise InvalidToken from error


def unsubscribe_token(*, subscriber_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber_id))


def read_unsubscribe_token(token: str) -> int:
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise InvalidToken from error
