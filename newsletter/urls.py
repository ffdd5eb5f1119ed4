from django.urls import path

from hwypt.http import allow
from newsletter import views
from newsletter.feeds import IssueFeed

app_name = "newsletter"

urlpatterns = [
    path("", allow("GET")(views.index), name="index"),
    path("sign-up/", views.sign_up, name="sign-up"),
    path("check-your-email/", views.check_email, name="check-email"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("issues/<int:pk>/", views.IssueDetailView.as_view(), name="issue-detail"),
    path("feed/", allow("GET")(IssueFeed()), name="feed"),
]
