from django.urls import path
from django.views.generic import TemplateView

from content import views

app_name = "content"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "articles/",
        TemplateView.as_view(template_name="content/article_list.html"),
        name="article-list",
    ),
    path(
        "privacy/",
        TemplateView.as_view(template_name="content/privacy.html"),
        name="privacy",
    ),
    path(
        "medical-disclaimer/",
        TemplateView.as_view(template_name="content/disclaimer.html"),
        name="disclaimer",
    ),
]
