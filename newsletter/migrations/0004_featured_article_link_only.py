"""Featured articles are links to articles only (step 2 of 2): drop the plain fields."""

import django.db.models.deletion
from django.db import migrations, models

import newsletter.models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_content_editors_group"),
        ("newsletter", "0003_featured_article_link"),
    ]

    operations = [
        # Defaults first, so that going back can re-add the columns to existing rows
        # (0003 then fills them in from the article).
        migrations.AlterField(
            model_name="featuredarticle",
            name="title",
            field=models.CharField(default="", max_length=200),
        ),
        migrations.AlterField(
            model_name="featuredarticle",
            name="url",
            field=models.CharField(default="", max_length=500),
        ),
        migrations.RemoveField(
            model_name="featuredarticle",
            name="summary",
        ),
        migrations.RemoveField(
            model_name="featuredarticle",
            name="title",
        ),
        migrations.RemoveField(
            model_name="featuredarticle",
            name="url",
        ),
        migrations.AlterField(
            model_name="featuredarticle",
            name="article",
            field=models.ForeignKey(
                limit_choices_to=newsletter.models.published_articles,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="newsletter_features",
                to="content.article",
            ),
        ),
        migrations.AddConstraint(
            model_name="featuredarticle",
            constraint=models.UniqueConstraint(
                fields=("issue", "article"), name="feature_article_once"
            ),
        ),
    ]
