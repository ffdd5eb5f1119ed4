"""Writes for articles: every save renders the markdown once and keeps old slugs."""

import datetime
import html
import secrets
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
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
        previous = Article.objects.filter(pk=article.pk).values_list("slug", flat=True).first()
        if previous and previous != article.slug:
            OldSlug.objects.update_or_create(slug=previous, defaults={"article": article})
    OldSlug.objects.filter(slug=article.slug).delete()
    article.full_clean(exclude=["related"])
    article.save()
    if related is not None:
        article_set_related(article=article, related=related)
    _forget_cached_fragments()
    return article


def _forget_cached_fragments() -> None:
    # Now, and again after commit so no reader re-caches the old version meanwhile.
    bump_content_version()
    transaction.on_commit(bump_content_version)


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
