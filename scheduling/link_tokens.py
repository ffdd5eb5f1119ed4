"""Secret link tokens (a booking's manage link, a therapist's calendar feed).

A token is an HMAC of a random salt with the secret key, so the database alone
holds neither the token nor enough to make one; only its SHA-256 is stored, for
the lookup. Whoever holds the key can rebuild the link later (emails, the admin),
and a new salt makes the old link stop working.
"""

import hashlib
import hmac
import secrets

from django.conf import settings


def new_salt() -> str:
    return secrets.token_hex(16)


def derive(*, purpose: str, salt: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{purpose}:{salt}".encode(), "sha256").hexdigest()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
