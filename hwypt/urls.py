from django.contrib import admin
from django.urls import include, path

from hwypt import views

admin.site.site_header = "HWY PT staff"
admin.site.site_title = "HWY PT staff"
admin.site.index_title = "Articles, schedule and newsletter"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("book/", include("scheduling.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("", include("content.urls")),
]

handler500 = "hwypt.views.server_error"
