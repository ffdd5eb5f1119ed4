"""Featured articles become links to content.Article rows (step 1 of 2).

Each existing row whose URL is an article page on this site (/articles/<slug>/, also
as a full URL or under an old slug) is linked to that article; any other row (a link
elsewhere, an article that no longer exists, the same article twice) is dropped, since
only published articles can be featured from now on. Going back rebuilds the title,
URL and summary from the article.
"""

import re
from urllib.parse import urlsplit

import django.db.models.deletion
from django.db import migrations, models

ARTICLE_PATH = re.compile(r"^/articles/(?P<slug>[-\w]+)/?$")


def link_articles(apps, schema_editor):
    FeaturedArticle = apps.get_model("newsletter", "FeaturedArticle")
    Article = apps.get_model("content", "Article")
    OldSlug = apps.get_model("content", "OldSlug")
    seen = set()
    for feature in FeaturedArticle.objects.order_by("issue_id", "position", "pk"):
        match = ARTICLE_PATH.match(urlsplit(feature.url).path)
        article = None
        if match:
            slug = match["slug"]
            article = Article.objects.filter(slug=slug).first() or next(
                (old.article for old in OldSlug.objects.filter(slug=slug)), None
            )
        if article is None or (feature.issue_id, article.pk) in seen:
            feature.delete()
            continue
        seen.add((feature.issue_id, article.pk))
        feature.article = article
        feature.save(update_fields=["article"])


def unlink_articles(apps, schema_editor):
    FeaturedArticle = apps.get_model("newsletter", "FeaturedArticle")
    for feature in FeaturedArticle.objects.select_related("article"):
        feature.title = feature.article.title
        feature.url = f"/articles/{feature.article.slug}/"
        feature.summary = feature.article.summary
        feature.save(update_fields=["title", "url", "summary"])


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_content_editors_group"),
        ("newsletter", "0002_confirmation_email_claim"),
    ]

    operations = [
        migrations.AddField(
            model_name="featuredarticle",
            name="article",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="newsletter_features",
                to="content.article",
            ),
        ),
        migrations.RunPython(link_articles, unlink_articles),
    ]
