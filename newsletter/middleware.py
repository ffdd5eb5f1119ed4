from django.utils.cache import patch_cache_control

from newsletter import signup_errors


class PrivateSignupErrorMiddleware:
    """A page showing someone's sign-up error (and the address they typed) is theirs
    alone: no shared cache may keep it, and it is not compressed (see
    hwypt.middleware.CompressionMiddleware). The mark that sent the page to the session
    for the error is cleared with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "shows_signup_error", False):
            patch_cache_control(response, private=True, no_store=True)
            signup_errors.unmark(request, response)
        return response
