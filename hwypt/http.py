"""The HTTP methods each page answers, known before the CSRF check runs.

Django checks the CSRF token before a view's own method check, so a PUT or a
stray POST to a read-only page got the "form expired" page (403). `allow()`
records a function view's methods; `AllowedMethodsMiddleware`
(hwypt/middleware.py) answers any other method with 405 and an `Allow` header
first. HEAD goes wherever GET goes, and never changes anything.
"""

from collections.abc import Callable

from django.views.decorators.http import require_http_methods


def allow(*methods: str) -> Callable:
    """`require_http_methods`, with HEAD added to GET and the list kept on the view."""
    allowed = [*methods, *(["HEAD"] if "GET" in methods and "HEAD" not in methods else [])]

    def decorator(view):
        wrapped = require_http_methods(allowed)(view)
        wrapped.allowed_methods = allowed
        return wrapped

    return decorator


def view_methods(view) -> list[str] | None:
    """What this view answers; None when it does not say (its own check applies)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:  # a class-based view: its handlers
        names = [name for name in view_class.http_method_names if hasattr(view_class, name)]
        if "get" in names and "head" not in names:
            names.append("head")
        return [name.upper() for name in names]
    return getattr(view, "allowed_methods", None)
