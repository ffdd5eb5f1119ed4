"""Email address normalisation. Pure: text in, text out."""

MAX_EMAIL_LENGTH = 254


def normalise_email(raw: str) -> str:
    """Trim spaces and lower-case the domain; the local part is kept as typed.

    Lookups and the unique constraint ignore case, so `Ann@X.org` and `ann@x.org`
    are one subscriber.
    """
    email = raw.strip()
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    return f"{local}@{domain.lower()}"
