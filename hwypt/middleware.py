"""Project-wide middleware: the request log and the Permissions-Policy header."""

import logging
import time

from hwypt.logs import redact

logger = logging.getLogger("hwypt.requests")


class RequestLogMiddleware:
    """Log one line per request: method, path, status and time taken.

    Only the path is logged, never the query string or the body, so nothing a
    patient types (search words, intake answers) reaches the logs; tokens in
    manage, confirm and unsubscribe links are blanked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            redact(request.path),
            response.status_code,
            elapsed_ms,
        )
        return response


class PermissionsPolicyMiddleware:
    """Turn off powerful browser features the site never uses."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response
