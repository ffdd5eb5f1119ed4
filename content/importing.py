"""Import and export of the article files, topics and people (see `markdown_files`).

A fixtures folder holds `topics.yaml`, `people.yaml` and `articles/*.md`; a
folder of `.md` files alone works too when its topics and people are already
in the database.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.files.storage import default_storage
from django.db import transaction

from content import services
from content.caching import bump_content_version
from content.images import ImageRejected
from content.markdown_files import (
    ArticleData,
    Problem,
    dump_document,
    dump_yaml,
    validate_documents,
)
from content.models import Article, ArticleImage, OldSlug, Person, SafetyCondition, Topic
from content.safety_files import FIELDS as SAFETY_FIELDS
from content.safety_files import FILE as SAFETY_FILE
from content.safety_files import validate_safety

DEFAULT_PATH = Path(__file__).resolve().parent / "fixtures"
TOPIC_FIELDS = ("slug", "name", "description")
PERSON_FIELDS = ("slug", "name", "credentials", "role", "bio", "is_demo")


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _articles_dir(path: Path) -> Path:
    return path / "articles" if (path / "articles").is_dir() else path


def _load_list(path: Path) -> list[dict] | None:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


class _DryRun(Exception):
    pass


def articles_import(*, path: Path = DEFAULT_PATH, dry_run: bool = False) -> ImportReport:
    """Validate every file, then upsert topics, people and articles by slug.

    Nothing is written when any file has a problem, or on a dry run.
    """
    report = ImportReport()
    topics = _load_list(path / "topics.yaml") or []
    people = _load_list(path / "people.yaml") or []
    folder = _articles_dir(path)
    documents = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}
    if not documents:
        report.problems.append(Problem(str(folder), "files", "there are no .md files here"))
        return report
    articles, report.problems = validate_documents(
        documents,
        topics={t["slug"] for t in topics} | set(Topic.objects.values_list("slug", flat=True)),
        people={p["slug"] for p in people} | set(Person.objects.values_list("slug", flat=True)),
        existing_slugs=set(Article.objects.values_list("slug", flat=True)),
    )
    safety, safety_problems = [], []
    if (path / SAFETY_FILE).exists():
        safety, safety_problems = validate_safety(
            _load_list(path / SAFETY_FILE),
            people={p["slug"] for p in people} | set(Person.objects.values_list("slug", flat=True)),
        )
    report.problems.extend(safety_problems)
    for data in articles:
        if data.image and not (folder / data.image).is_file():
            report.problems.append(Problem(data.file, "image", f"{data.image} is not a file"))
    if report.problems:
        return report
    try:
        with transaction.atomic():
            for position, data in enumerate(topics):
                _upsert(Topic, data, TOPIC_FIELDS, report, extra={"position": position})
            for data in people:
                _upsert(Person, data, PERSON_FIELDS, report)
            safety_changed = _upsert_safety(safety, report)
            saved = {data.slug: _upsert_article(data, folder, report) for data in articles}
            for data in articles:
                _redirect_old_slugs(saved[data.slug], data, report)
            for data in articles:
                _set_related(saved[data.slug], data, report)
            if topics:
                # Topics no longer in topics.yaml go once no article is filed under them.
                Topic.objects.exclude(slug__in=[t["slug"] for t in topics]).filter(
                    articles=None
                ).delete()
            if safety_changed:
                services.safety_articles_render()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ImageRejected as error:
        # Raised with the file's name attached by _upsert_article; nothing was saved.
        report.problems.append(error.args[1])
        report.created, report.updated, report.unchanged = [], [], []
        return report
    if report.changed and not dry_run:
        bump_content_version()
    return report


def safety_import(*, path: Path = DEFAULT_PATH) -> ImportReport:
    """Only the people and the safety list: what the booking screening needs."""
    report = ImportReport()
    people = _load_list(path / "people.yaml") or []
    safety, report.problems = validate_safety(
        _load_list(path / SAFETY_FILE), people={p["slug"] for p in people}
    )
    if not report.problems:
        with transaction.atomic():
            for data in people:
                _upsert(Person, data, PERSON_FIELDS, report)
            if _upsert_safety(safety, report):
                services.safety_articles_render()
    return report


def _upsert(model, data: dict, fields: tuple, report: ImportReport, extra=None, by="slug"):
    """Create or update one row found by `by`; the first of `fields` is that key."""
    values = {
        key: data[key] if data.get(key) is not None else model._meta.get_field(key).get_default()
        for key in fields[1:]
    } | (extra or {})
    obj = model.objects.filter(**{by: data[by]}).first()
    label = f"{model._meta.verbose_name} {data[by]}"
    if obj is None:
        model.objects.create(**{by: data[by]}, **values)
        report.created.append(label)
    elif any(getattr(obj, key) != value for key, value in values.items()):
        model.objects.filter(pk=obj.pk).update(**values)
        report.updated.append(label)
    else:
        report.unchanged.append(label)


def _upsert_safety(entries: list[dict], report: ImportReport) -> bool:
    """Upsert the safety list by key, in the file's order; True when anything changed."""
    before = len(report.created) + len(report.updated)
    fields = tuple(key for key in SAFETY_FIELDS if key != "reviewer")
    for position, entry in enumerate(entries):
        reviewer = Person.objects.get(slug=entry["reviewer"])
        extra = {"position": position, "reviewer": reviewer}
        _upsert(SafetyCondition, entry, fields, report, extra=extra, by="key")
    return len(report.created) + len(report.updated) > before


def _article_values(data: ArticleData) -> dict:
    return {
        "title": data.title,
        "summary": data.summary,
        "body": data.body,
        "status": data.status,
        "published_on": data.published,
        "last_reviewed": data.last_reviewed,
        "next_review_due": data.next_review_due,
        "featured": data.featured,
        "references": data.references,
    }


def _upsert_article(data: ArticleData, folder: Path, report: ImportReport) -> Article:
    article = Article.objects.select_related("topic", "author", "reviewer", "image").filter(
        slug=data.slug
    ).first() or Article(slug=data.slug)
    values = _article_values(data)
    links = {"topic": data.topic, "author": data.author, "reviewer": data.reviewer}
    same = (
        article.pk is not None
        and all(getattr(article, key) == value for key, value in values.items())
        and all(getattr(article, key).slug == slug for key, slug in links.items())
        and _image_matches(article.image, data)
    )
    if same:
        report.unchanged.append(f"article {data.slug}")
        return article
    for key, value in values.items():
        setattr(article, key, value)
    article.topic = Topic.objects.get(slug=data.topic)
    article.author = Person.objects.get(slug=data.author)
    article.reviewer = Person.objects.get(slug=data.reviewer)
    if not data.image:
        article.image = None
    elif not _image_matches(article.image if article.pk else None, data):
        source = (folder / data.image).read_bytes()
        try:
            article.image = services.image_create(data=source, alt=data.image_alt, name=data.image)
        except ImageRejected as error:
            raise ImageRejected(str(error), Problem(data.file, "image", str(error))) from error
        ArticleImage.objects.filter(pk=article.image.pk).update(source_name=data.image)
        article.image.source_name = data.image
    (report.updated if article.pk else report.created).append(f"article {data.slug}")
    return services.article_save(article=article)


def _redirect_old_slugs(article: Article, data: ArticleData, report: ImportReport) -> None:
    """An article merged into this one is removed; its address now redirects here (301)."""
    for slug in data.old_slugs:
        merged = Article.objects.filter(slug=slug).exclude(pk=article.pk)
        if merged.exists():
            merged.delete()
            report.updated.append(f"article {slug} (merged into {data.slug})")
        _, created = OldSlug.objects.update_or_create(slug=slug, defaults={"article": article})
        label = f"article {data.slug}"
        if created and label in report.unchanged:
            report.unchanged.remove(label)
            report.updated.append(label)


def _image_matches(image: ArticleImage | None, data: ArticleData) -> bool:
    if image is None:
        return not data.image
    return (image.source_name, image.alt) == (data.image, data.image_alt)


def _set_related(article: Article, data: ArticleData, report: ImportReport) -> None:
    current = list(article.relations_in_order().values_list("slug", flat=True))
    if current == data.related:
        return
    by_slug = Article.objects.in_bulk(data.related, field_name="slug")
    services.article_set_related(article=article, related=[by_slug[s] for s in data.related])
    label = f"article {data.slug}"
    if label in report.unchanged:
        report.unchanged.remove(label)
        report.updated.append(label)


def articles_export(*, path: Path = DEFAULT_PATH) -> list[Path]:
    """Write topics, people and every article back in the import format."""
    folder = path / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    written = [path / "topics.yaml", path / "people.yaml"]
    topics = [{key: getattr(t, key) for key in TOPIC_FIELDS} for t in Topic.objects.all()]
    people = [
        {key: getattr(p, key) for key in PERSON_FIELDS} for p in Person.objects.order_by("pk")
    ]
    written[0].write_text(dump_yaml(topics), encoding="utf-8")
    written[1].write_text(dump_yaml(people), encoding="utf-8")
    safety = [
        {key: getattr(c, key) for key in SAFETY_FIELDS} | {"reviewer": c.reviewer.slug}
        for c in SafetyCondition.objects.select_related("reviewer")
    ]
    if safety:
        written.append(path / SAFETY_FILE)
        written[-1].write_text(dump_yaml(safety), encoding="utf-8")
    for article in Article.objects.for_page().order_by("slug"):
        data = article_data(article)
        target = folder / f"{article.slug}.md"
        target.write_text(dump_document(data), encoding="utf-8")
        written.append(target)
        if article.image and data.image:
            image_path = folder / data.image
            image_path.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(article.image.original.name, "rb") as source:
                image_path.write_bytes(source.read())
    return written


def article_data(article: Article) -> ArticleData:
    image = article.image
    return ArticleData(
        file=f"{article.slug}.md",
        title=article.title,
        slug=article.slug,
        topic=article.topic.slug,
        summary=article.summary,
        author=article.author.slug,
        reviewer=article.reviewer.slug,
        published=article.published_on,
        status=article.status,
        last_reviewed=article.last_reviewed,
        next_review_due=article.next_review_due,
        featured=article.featured,
        related=list(article.relations_in_order().values_list("slug", flat=True)),
        references=list(article.references),
        old_slugs=sorted(article.old_slugs.values_list("slug", flat=True)),
        image=(image.source_name or image.original.name.rsplit("/", 1)[-1]) if image else "",
        image_alt=image.alt if image else "",
        body=article.body,
    )
