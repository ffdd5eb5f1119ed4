from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from content.sitemaps import SITEMAPS as CONTENT_SITEMAPS
from hwypt import media, views
from hwypt.http import allow
from newsletter.sitemaps import SITEMAPS as NEWSLETTER_SITEMAPS
from scheduling.sitemaps import SITEMAPS as SCHEDULING_SITEMAPS

SITEMAPS = CONTENT_SITEMAPS | SCHEDULING_SITEMAPS | NEWSLETTER_SITEMAPS

admin.site.site_header = "HWY PT staff"
admin.site.site_title = "HWY PT staff"
admin.site.index_title = "Articles, schedule and newsletter"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", allow("GET")(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    # Development only (404 unless DJANGO_DEBUG is on): the emails sent, see hwypt/dev_mail.py.
    path("dev/outbox/", views.outbox_list, name="outbox"),
    path("dev/outbox/<str:name>/<int:index>/", views.outbox_attachment, name="outbox-attachment"),
    path("book/", include("scheduling.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("", include("content.urls")),
]

# Uploaded pictures, in development and on the production stack alike (hwypt/media.py).
if settings.SERVE_MEDIA:
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.media_file))

handler500 = "hwypt.views.server_error"
