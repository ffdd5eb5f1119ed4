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
# Set on the way back to the page (for that path only): a reader without it has nothing
# kept, so their page does not load the session to find out.
MARK_COOKIE = "newsletter-signup-error"
MARK_SECONDS = 10 * 60
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


def mark(response, *, path: str) -> None:
    response.set_cookie(
        MARK_COOKIE,
        "1",
        max_age=MARK_SECONDS,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def unmark(request, response) -> None:
    if MARK_COOKIE in request.COOKIES:
        response.delete_cookie(MARK_COOKIE, path=request.path, samesite="Lax")


def take(request) -> dict | None:
    """What was kept for this page, once. A visitor with no session, or without the
    mark, is not asked, so their pages stay free of a session lookup (and of
    `Vary: Cookie`)."""
    if not (settings.SESSION_COOKIE_NAME in request.COOKIES and MARK_COOKIE in request.COOKIES):
        return None
    kept = request.session.get(KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[KEY]
    request.shows_signup_error = True  # see PrivateSignupErrorMiddleware
    return kept
