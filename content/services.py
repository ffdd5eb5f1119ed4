"""Writes for articles: every save renders the markdown once and keeps old slugs."""

import datetime
import html
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from content.caching import bump_content_version
from content.images import process_image
from content.models import Article, ArticleImage, OldSlug, RelatedArticle, SafetyCondition
from content.rendering import SafetyItem, render_markdown, uses_safety_list


def safety_items() -> list[SafetyItem]:
    """The clinic's one safety list, as plain values for rendering."""
    return [
        SafetyItem(condition=c.condition, wording=c.wording, level=c.level)
        for c in SafetyCondition.objects.all()
    ]


User = get_user_model()


def article_render(*, article: Article) -> None:
    """Fill the stored HTML, plain text and headings from the markdown body."""
    safety = safety_items() if uses_safety_list(article.body) else ()
    rendered = render_markdown(article.body, safety=safety)
    article.body_html = rendered.html
    article.body_text = " ".join(html.unescape(strip_tags(rendered.html)).split())
    article.headings = [list(heading) for heading in rendered.headings]


@transaction.atomic
def article_save(*, article: Article, related: list[Article] | None = None) -> Article:
    """Render and save an article; a changed slug keeps the old one for a 301.

    `related`, when given, replaces the "Similar posts" in that order.
    """
    article_render(article=article)
    if article.pk:
        previous = (
            Article.objects.filter(pk=article.pk)
            .values("slug", "references", "reviewer_id")
            .first()
        )
        if previous and previous["slug"] != article.slug:
            OldSlug.objects.update_or_create(slug=previous["slug"], defaults={"article": article})
        if previous and (
            previous["references"] != article.references
            or previous["reviewer_id"] != article.reviewer_id
        ):
            # The reviewer approved other references, or was someone else.
            article.references_approved_by = None
            article.references_approved_on = None
    OldSlug.objects.filter(slug=article.slug).delete()
    article.full_clean(exclude=["related"])
    article.save()
    if related is not None:
        article_set_related(article=article, related=related)
    _forget_cached_fragments()
    return article


def content_delete(*, queryset) -> None:
    """Delete articles, topics or people; their pages and lists are cached under the
    content version, so deleting makes a new one, as saving does."""
    queryset.delete()
    _forget_cached_fragments()


def _forget_cached_fragments() -> None:
    # Now, and again after commit so no reader re-caches the old version meanwhile.
    bump_content_version()
    transaction.on_commit(bump_content_version)


def article_references_approve(*, article: Article, on: datetime.date) -> Article:
    """Record that the article's reviewer checked its references on `on`.

    The page shows the references only once they are approved.
    """
    article.references_approved_by = article.reviewer
    article.references_approved_on = on
    return article_save(article=article)


@transaction.atomic
def safety_condition_save(*, condition: SafetyCondition) -> SafetyCondition:
    """Save a line of the safety list and re-render every article that shows the list."""
    condition.full_clean()
    condition.save()
    safety_articles_render()
    return condition


def safety_articles_render() -> int:
    """Re-render the articles that include `[[safety]]`, after the list changed."""
    count = 0
    for article in Article.objects.filter(body__contains="[[safety]]"):
        article_render(article=article)
        Article.objects.filter(pk=article.pk).update(
            body_html=article.body_html, body_text=article.body_text, headings=article.headings
        )
        count += 1
    _forget_cached_fragments()
    return count


def article_set_related(*, article: Article, related: list[Article]) -> None:
    RelatedArticle.objects.filter(from_article=article).delete()
    RelatedArticle.objects.bulk_create(
        RelatedArticle(from_article=article, to_article=other, position=position)
        for position, other in enumerate(related)
        if other.pk != article.pk
    )
    _forget_cached_fragments()


def article_publish(*, article: Article, on: datetime.date | None = None) -> Article:
    """Publish now, or on a later date: a future date keeps it hidden until then."""
    article.status = Article.Status.PUBLISHED
    if on is not None:
        article.published_on = on
    elif article.published_on is None:
        article.published_on = timezone.localdate()
    return article_save(article=article)


def article_unpublish(*, article: Article) -> Article:
    article.status = Article.Status.DRAFT
    return article_save(article=article)


def image_create(*, data: bytes, alt: str, name: str = "picture") -> ArticleImage:
    """Store a checked, metadata-free picture and its WebP and JPEG renditions.

    Raises `content.images.ImageRejected` with a message for the editor.
    """
    image = ArticleImage(alt=alt)
    image_fill(image=image, data=data, name=name)
    image.full_clean()
    image.save()
    return image


def image_fill(*, image: ArticleImage, data: bytes, name: str) -> None:
    processed = process_image(data)
    stem = slugify(Path(name).stem)[:40] or "picture"
    token = secrets.token_hex(4)
    image.original.save(f"{stem}-{token}.jpg", ContentFile(processed.original_jpeg), save=False)
    image.width, image.height = processed.width, processed.height
    image.renditions = []
    for rendition in processed.renditions:
        base = f"articles/{stem}-{token}-{rendition.width}"
        webp = default_storage.save(f"{base}.webp", ContentFile(rendition.webp))
        jpeg = default_storage.save(f"{base}.jpg", ContentFile(rendition.jpeg))
        image.renditions.append(
            {"width": rendition.width, "height": rendition.height, "webp": webp, "jpeg": jpeg}
        )


EDITORS_GROUP = "Content editors"
REVIEW_NOTICE_DAYS = 30


@dataclass(frozen=True)
class ReviewReminder:
    recipients: list[str]
    articles: list[Article]


def review_reminder_build(*, today: datetime.date) -> ReviewReminder:
    """Who gets the weekly list, and the articles due within 30 days (overdue ones first)."""
    recipients = sorted(
        User.objects.filter(groups__name=EDITORS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    due_by = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    articles = list(
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .review_due_by(due_by)
        .select_related("reviewer")
    )
    return ReviewReminder(recipients=recipients, articles=articles)


def review_reminder_send(*, today: datetime.date, dry_run: bool = False) -> ReviewReminder:
    """Email the content editors the articles whose review falls due in the next 30 days.

    Nothing is sent when nothing is due or nobody is in the group.
    """
    reminder = review_reminder_build(today=today)
    if dry_run or not reminder.recipients or not reminder.articles:
        return reminder
    body = render_to_string(
        "content/email/review_reminder.txt",
        {
            "today": today,
            "days": REVIEW_NOTICE_DAYS,
            "overdue": [a for a in reminder.articles if a.review_overdue_on(today)],
            "due": [a for a in reminder.articles if not a.review_overdue_on(today)],
            "site_url": settings.SITE_URL,
        },
    )
    count = len(reminder.articles)
    EmailMessage(
        subject=f"Article reviews due: {count} in the next {REVIEW_NOTICE_DAYS} days",
        body=body,
        to=reminder.recipients,
    ).send()
    return reminder
