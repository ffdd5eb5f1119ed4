"""A URLconf with a view that fails, to see the 500 page as a visitor would."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("internal detail: table patients_secret is missing")


urlpatterns = [
    path("broken/", broken),
    path("", include("hwypt.urls")),
]
handler500 = "hwypt.views.server_error"
