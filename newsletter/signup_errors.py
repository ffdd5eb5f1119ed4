"""A sign-up error carried back to the page the form was on.

The sign-up form sits on the home page and every article, pages shared from the
cache. After an error the sign-up view keeps what was typed in the visitor's
session and sends them back to that page, which shows the form again with the
message: the page was not shared from the cache (a visitor with a session cookie
never is) and is marked private, so no one else sees it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

KEY = "newsletter_signup_error"
FIELDS = ("email", "first_name", "source")
TOO_MANY = "Too many sign-ups came from your connection. Please try again in an hour."


def safe_path(next_url: str) -> str | None:
    """The path of a page on this site, or None for anything else."""
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts=set()
    ):
        return None
    return urlsplit(next_url).path


def keep(request, *, path: str, limited: bool) -> None:
    data = {name: request.POST.get(name, "")[:300] for name in FIELDS}
    request.session[KEY] = {"path": path, "data": data, "limited": limited}


def take(request) -> dict | None:
    """What was kept for this page, once. A visitor with no session is not asked,
    so shared pages stay free of a session lookup (and of `Vary: Cookie`)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    kept = request.session.get(KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[KEY]
    request.shows_signup_error = True  # see PrivateSignupErrorMiddleware
    return kept
