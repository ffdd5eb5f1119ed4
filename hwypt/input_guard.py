"""Refuse text no page can use before any view, form or query sees it.

PostgreSQL refuses a NUL byte in text (psycopg raises, the page would answer 500),
and an unpaired surrogate cannot be encoded at all. No reader types either, nor the
other C0 control characters, so a request that carries one in its path, query string,
form body or cookies gets the friendly 400 page, with one log line and no traceback.
Form fields keep their own checks (Django's ProhibitNullCharactersValidator, max_length)
for the friendly message by the field.
"""

import logging
import re

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.views.defaults import bad_request

logger = logging.getLogger("hwypt.requests")

# NUL and the other C0 controls except tab, line feed and carriage return, DEL, and
# lone UTF-16 surrogates (only reachable through decoding tricks, never from a keyboard).
UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def unusable_text(request) -> str | None:
    """Where the request carries text no page can use, or None."""
    if UNUSABLE.search(request.path):
        return "path"
    for where, values in (("query", request.GET), ("cookie", request.COOKIES)):
        texts = values.lists() if where == "query" else ((k, [v]) for k, v in values.items())
        for key, items in texts:
            if UNUSABLE.search(key) or any(UNUSABLE.search(item) for item in items):
                return where
    if request.method == "POST":
        for key, items in request.POST.lists():
            if UNUSABLE.search(key) or any(UNUSABLE.search(item) for item in items):
                return "form"
        for upload in request.FILES.values():
            if UNUSABLE.search(upload.name or ""):
                return "form"
    return None


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            where = unusable_text(request)
        except (BadRequest, SuspiciousOperation, MultiPartParserError) as error:
            # A body too large, too many fields, a broken multipart body.
            where = f"body ({error.__class__.__name__})"
        if where is not None:
            logger.warning("refused a request with unusable text in its %s", where)
            return bad_request(request, exception=None)
        return self.get_response(request)
