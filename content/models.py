"""Articles, their topics, authors and reviewers, and their pictures.

Reads go through `Article.objects` (`published()`, `listed()`, `featured()`,
`review_overdue()`, `review_due_by()`).
Writes go through `content.services`, which renders the markdown once on save.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils import timezone

SUMMARY_MAX_LENGTH = 160


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    old_slugs = models.JSONField(
        default=list, blank=True, help_text="Slugs this topic had; old links answer with a 301."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:topic-detail", kwargs={"slug": self.slug})


class Person(models.Model):
    """An author or medical reviewer, shown with their credentials."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        REVIEWER = "reviewer", "Medical reviewer"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    credentials = models.CharField(max_length=100, help_text="For example: PT, DPT, OCS")
    role = models.CharField(max_length=20, choices=Role, default=Role.AUTHOR)
    bio = models.TextField(blank=True)
    photo = models.ImageField(upload_to="people/", blank=True)
    is_demo = models.BooleanField(
        "sample person",
        default=False,
        help_text="A made-up person for the demo site. Readers are told, and "
        "`check --deploy` fails while a published article names them.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}"


def validate_alt_text(value: str) -> None:
    if not value.strip():
        raise ValidationError("Describe the picture for people who cannot see it.")


def validate_references(value) -> None:
    """Further reading: a list of text, or of {"title": ..., "url": "https://..."}."""
    if not isinstance(value, list):
        raise ValidationError("Further reading must be a list.")
    for item in value:
        if isinstance(item, str) and item.strip():
            continue
        if not isinstance(item, dict) or not str(item.get("title", "")).strip():
            raise ValidationError('Each reference needs a "title" (and may have a "url").')
        url = str(item.get("url", ""))
        if url and not url.startswith(("https://", "http://")):
            raise ValidationError("A reference link must start with https:// or http://.")


class ArticleImage(models.Model):
    """An uploaded picture, stripped of metadata, with resized WebP and JPEG renditions."""

    original = models.ImageField(upload_to="articles/originals/")
    alt = models.CharField(
        "alt text",
        max_length=250,
        validators=[validate_alt_text],
        help_text="What the picture shows, for people who use a screen reader.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    # [{"width": 480, "height": 320, "webp": "articles/…webp", "jpeg": "articles/…jpg"}, …]
    renditions = models.JSONField(default=list, editable=False)
    # The file name in the markdown fixtures, so export writes the same front matter.
    source_name = models.CharField(max_length=200, blank=True, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.alt

    def _srcset(self, kind: str) -> str:
        return ", ".join(f"{default_storage.url(r[kind])} {r['width']}w" for r in self.renditions)

    @property
    def webp_srcset(self) -> str:
        return self._srcset("webp")

    @property
    def jpeg_srcset(self) -> str:
        return self._srcset("jpeg")

    @property
    def fallback(self) -> dict:
        """The rendition for browsers that ignore srcset: the largest up to 800 wide."""
        fitting = [r for r in self.renditions if r["width"] <= 800] or self.renditions[:1]
        chosen = fitting[-1]
        return chosen | {"url": default_storage.url(chosen["jpeg"])}


class ArticleQuerySet(models.QuerySet):
    def published(self, today: datetime.date | None = None) -> "ArticleQuerySet":
        """Published with a publish date that has come: a future date stays hidden."""
        today = today or timezone.localdate()
        return self.filter(status=Article.Status.PUBLISHED, published_on__lte=today)

    def listed(self, today: datetime.date | None = None) -> "ArticleQuerySet":
        """Published, less those withdrawn from lists and search while their review is overdue."""
        today = today or timezone.localdate()
        withdrawn = models.Q(
            when_review_overdue=Article.WhenReviewOverdue.WITHDRAW, next_review_due__lt=today
        )
        return self.published(today).exclude(withdrawn)

    def by_demo_people(self) -> "ArticleQuerySet":
        """Written or reviewed by a sample person, so readers must be told."""
        return self.filter(models.Q(author__is_demo=True) | models.Q(reviewer__is_demo=True))

    def featured(self) -> "ArticleQuerySet":
        return self.filter(featured=True)

    def review_overdue(self, today: datetime.date | None = None) -> "ArticleQuerySet":
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_by(self, day: datetime.date) -> "ArticleQuerySet":
        """Due for review on or before `day`, overdue ones included, soonest first."""
        return self.filter(next_review_due__lte=day).order_by("next_review_due", "title")

    def for_cards(self) -> "ArticleQuerySet":
        """What an article card shows, in one query."""
        return self.select_related("topic", "image").order_by("topic__position", "title")

    def for_page(self) -> "ArticleQuerySet":
        return self.select_related("topic", "author", "reviewer", "image", "references_approved_by")

    def title_matches_first(self, words: str) -> "ArticleQuerySet":
        """Those with every word in the title first, then in the summary, then the rest
        (the admin's pickers, where an editor types part of a title)."""
        terms = words.split()
        if not terms:
            return self
        in_title = models.Q(*[models.Q(title__icontains=term) for term in terms])
        in_summary = models.Q(*[models.Q(summary__icontains=term) for term in terms])
        rank = models.Case(
            models.When(in_title, then=0), models.When(in_summary, then=1), default=2
        )
        return self.annotate(match_rank=rank).order_by("match_rank", "title", "pk")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class WhenReviewOverdue(models.TextChoices):
        NOTICE = "notice", "Keep it listed, with a notice that its review is overdue"
        WITHDRAW = "withdraw", "Take it out of the lists and search until it is reviewed"

    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, max_length=200)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    summary = models.CharField(
        max_length=SUMMARY_MAX_LENGTH, help_text="One or two sentences; also the search snippet."
    )
    body = models.TextField(help_text="Markdown. Use ## for section headings.")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="articles_written")
    reviewer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="articles_reviewed")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_on = models.DateField(
        "publish date", default=timezone.localdate, help_text="A future date keeps it hidden."
    )
    last_reviewed = models.DateField()
    next_review_due = models.DateField()
    when_review_overdue = models.CharField(
        "when the review is overdue",
        max_length=20,
        choices=WhenReviewOverdue,
        default=WhenReviewOverdue.NOTICE,
        help_text="Either way the page itself says that its review date has passed.",
    )
    featured = models.BooleanField(default=False, help_text="Shown on the home page.")
    related = models.ManyToManyField(
        "self",
        through="RelatedArticle",
        symmetrical=False,
        blank=True,
        related_name="+",
    )
    references = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_references],
        help_text='Further reading: ["A book title", {"title": "A page", "url": "https://…"}]',
    )
    # Set by content.services.article_references_approve; a change to the
    # references or the reviewer clears it, so only what was checked is shown.
    references_approved_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    references_approved_on = models.DateField(null=True, blank=True, editable=False)
    image = models.ForeignKey(
        ArticleImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Rendered once on save by content.services, never per request.
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    headings = models.JSONField(editable=False, default=list)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["topic__position", "title"]
        indexes = [models.Index(fields=["status", "published_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:article-detail", kwargs={"slug": self.slug})

    def relations_in_order(self) -> ArticleQuerySet:
        """The "Similar posts" this article links to, in the editor's order."""
        return Article.objects.filter(related_from__from_article=self).order_by(
            "related_from__position"
        )

    @property
    def further_reading(self) -> list[dict]:
        """References as {"title", "url"} dictionaries, whichever form they were written in."""
        return [
            {"title": item, "url": ""} if isinstance(item, str) else item
            for item in self.references
        ]

    @property
    def references_approved(self) -> bool:
        return bool(self.references) and self.references_approved_by_id is not None

    def review_overdue_on(self, today: datetime.date) -> bool:
        return self.next_review_due < today

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_on <= timezone.localdate()

    @property
    def review_is_overdue(self) -> bool:
        return self.next_review_due < timezone.localdate()


class RelatedArticle(models.Model):
    """An ordered "Similar posts" link from one article to another."""

    from_article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_links"
    )
    to_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_from")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["from_article", "to_article"], name="unique_related")
        ]

    def __str__(self) -> str:
        return f"{self.from_article_id} -> {self.to_article_id}"


class SearchSynonym(models.Model):
    """Words patients use, and the words the articles use for the same thing."""

    patient_words = models.CharField(
        max_length=100,
        unique=True,
        help_text='What a patient might type, for example "knots" or "massage gun".',
    )
    article_words = models.CharField(
        max_length=100,
        help_text='The words our articles use, for example "trigger points" or "percussion".',
    )

    class Meta:
        ordering = ["patient_words"]
        verbose_name = "search synonym"

    def __str__(self) -> str:
        return f"{self.patient_words} → {self.article_words}"

    def clean(self) -> None:
        self.patient_words = " ".join(self.patient_words.lower().split())
        self.article_words = " ".join(self.article_words.lower().split())
        if self.patient_words == self.article_words:
            raise ValidationError({"article_words": "Use different words from the patient's."})


class OldSlug(models.Model):
    """A slug an article used to have, so old links answer with a 301."""

    slug = models.SlugField(unique=True, max_length=200)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self) -> str:
        return self.slug


class SafetyConditionQuerySet(models.QuerySet):
    def screening(self) -> "SafetyConditionQuerySet":
        """The conditions the booking's safety questions ask about, in order."""
        return self.filter(level__in=SafetyCondition.SCREENED).order_by("position", "key")


class SafetyCondition(models.Model):
    """One line of the clinic's one safety list.

    Articles show the list where their markdown says `[[safety]]`; the booking's
    screening questions are its "wait" and "avoid" lines. Editing a line here changes
    the article text, the screening question and the advice shown together.
    """

    class Level(models.TextChoices):
        WAIT = "wait", "Wait until it has healed"
        AVOID = "avoid", "Avoid treatment"
        URGENT = "urgent", "Get medical help today"
        IMMEDIATE = "immediate", "Call 911"

    SCREENED = (Level.WAIT, Level.AVOID)

    key = models.SlugField(
        unique=True, help_text="Stored with booking answers: do not change once in use."
    )
    condition = models.CharField(max_length=120, help_text="Short, for example: A fresh injury")
    wording = models.CharField(max_length=300, help_text="Plain words shown after it in articles.")
    level = models.CharField(max_length=20, choices=Level)
    question = models.CharField(
        "screening question",
        max_length=250,
        blank=True,
        help_text="Asked when booking; needed for the wait and avoid levels.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    reviewer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    last_reviewed = models.DateField()

    objects = SafetyConditionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.condition

    def clean(self) -> None:
        if self.level in self.SCREENED and not self.question.strip():
            raise ValidationError({"question": "Write the question the booking asks."})
