from django.urls import path
from django.views.generic import TemplateView

app_name = "newsletter"

urlpatterns = [
    path("", TemplateView.as_view(template_name="newsletter/index.html"), name="index"),
]
