"""Subscribers with their consent record, and issues (their emails are in the outbox)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from content.models import Article


class SubscriberQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Subscriber.Status.PENDING)

    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def unconfirmed_since(self, cutoff):
        """Sign-ups still waiting for confirmation that were made before `cutoff`."""
        return self.pending().filter(signed_up_at__lt=cutoff)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    # Stored normalised (trimmed, domain lower-cased); unique whatever the case.
    email = models.EmailField(max_length=254)
    first_name = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # The consent record: when, where, what they agreed to, and from which
    # network (an HMAC of the IP with SECRET_KEY, never the address itself).
    signed_up_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=100, blank=True, help_text="The page they signed up on.")
    consent_wording = models.TextField()
    ip_hash = models.CharField(max_length=64, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the confirmation email was last asked for."
    )
    # Their confirmation and every issue sent to them, in the outbox; erasing the
    # person deletes these too.
    emails = GenericRelation(
        "outbox.OutgoingEmail",
        content_type_field="about_type",
        object_id_field="about_id",
        related_query_name="subscriber",
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_up_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.email


class IssueQuerySet(models.QuerySet):
    def sent(self):
        """Issues whose sending finished: the public archive."""
        return self.filter(status=Issue.Status.SENT).order_by("-sent_at")

    def with_featured(self):
        """Each issue's featured articles loaded in one query (see Issue.featured)."""
        return self.prefetch_related(
            models.Prefetch(
                "featured_articles", queryset=FeaturedArticle.objects.select_related("article")
            )
        )


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=150)
    body = models.TextField(help_text="Markdown. Links and images may be relative to the site.")
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [("send_issue", "Can send an issue to all subscribers")]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("newsletter:issue-detail", args=[self.pk])

    def featured(self) -> list["Article"]:
        """The featured articles readers can open now, in order; an article unpublished
        since the issue was written drops out of the email and the archive."""
        return [f.article for f in self.featured_articles.all() if f.article.is_live]


def published_articles() -> models.Q:
    """Only articles readers can open may be featured (the admin picker's choices)."""
    return models.Q(pk__in=Article.objects.published().values("pk"))


class FeaturedArticle(models.Model):
    """A published article shown, in the editor's order, under the issue's text."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="featured_articles")
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="newsletter_features",
        limit_choices_to=published_articles,
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "article"], name="feature_article_once"),
        ]

    def __str__(self) -> str:
        return str(self.article)
