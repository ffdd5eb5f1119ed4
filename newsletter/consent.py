"""What a subscriber agrees to, and how their sign-up is recorded without plain personal data."""

from django.utils.crypto import salted_hmac

# Shown next to the sign-up button and stored with each sign-up. If you change
# the wording, earlier subscribers keep the wording they agreed to.
CONSENT_WORDING = (
    "We will email you the HWY Senior Community newsletter once a week: tips for staying "
    "active, news from the clinic and new articles. It is free, we never share your "
    "address, and every email has a link to unsubscribe with one click."
)


def hash_ip(ip: str) -> str:
    """An HMAC of the IP address with SECRET_KEY: lets us spot abuse, never shows the address."""
    if not ip:
        return ""
    return salted_hmac("newsletter.sign-up-ip", ip, algorithm="sha256").hexdigest()
