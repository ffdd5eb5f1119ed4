from django.urls import path
from django.views.generic import TemplateView

from content import views
from content.caching import shared_page
from content.feeds import LatestArticlesAtomFeed, LatestArticlesFeed
from hwypt.http import allow

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", shared_page(views.ArticleListView.as_view()), name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("search/", views.search, name="search"),
    path("feeds/articles.rss", allow("GET")(LatestArticlesFeed()), name="feed-rss"),
    path("feeds/articles.atom", allow("GET")(LatestArticlesAtomFeed()), name="feed-atom"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "privacy/",
        TemplateView.as_view(template_name="content/privacy.html"),
        name="privacy",
    ),
    path("medical-disclaimer/", views.disclaimer, name="disclaimer"),
]
