"""The article file format: YAML front matter between `---` lines, then markdown.

Pure: text in, plain values out. `validate_documents` checks a whole set and
returns every problem with its file and field, so nothing is imported from a
set with errors.
"""

import datetime
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError

from content.models import SUMMARY_MAX_LENGTH, validate_references

DELIMITER = "---\n"
KEY_ORDER = (
    "title", "slug", "topic", "summary", "author", "reviewer", "published", "status",
    "last_reviewed", "next_review_due", "featured", "related", "references", "old_slugs",
    "image", "image_alt",
)  # fmt: skip
REQUIRED = (
    "title", "slug", "topic", "summary", "author", "reviewer",
    "published", "last_reviewed", "next_review_due",
)  # fmt: skip
DATE_FIELDS = ("published", "last_reviewed", "next_review_due")
STATUSES = ("published", "draft")


class FormatError(ValueError):
    pass


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date is a problem to report, not a crash."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class ArticleData:
    file: str
    title: str
    slug: str
    topic: str
    summary: str
    author: str
    reviewer: str
    published: datetime.date
    last_reviewed: datetime.date
    next_review_due: datetime.date
    body: str
    status: str = "published"
    featured: bool = False
    related: list[str] = field(default_factory=list)
    references: list = field(default_factory=list)
    # Slugs of articles merged into this one (or its earlier names): they answer with a 301.
    old_slugs: list[str] = field(default_factory=list)
    image: str = ""
    image_alt: str = ""

    def front_matter(self) -> dict:
        front = {
            "title": self.title,
            "slug": self.slug,
            "topic": self.topic,
            "summary": self.summary,
            "author": self.author,
            "reviewer": self.reviewer,
            "published": self.published,
        }
        if self.status != "published":
            front["status"] = self.status
        front |= {
            "last_reviewed": self.last_reviewed,
            "next_review_due": self.next_review_due,
            "featured": self.featured,
            "related": list(self.related),
            "references": list(self.references),
        }
        if self.old_slugs:
            front["old_slugs"] = list(self.old_slugs)
        if self.image:
            front |= {"image": self.image, "image_alt": self.image_alt}
        return front


def dump_yaml(data) -> str:
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False
    )


def parse_document(text: str) -> tuple[dict, str]:
    if not text.startswith(DELIMITER):
        raise FormatError("the file must start with a --- line")
    end = text.find("\n" + DELIMITER, len(DELIMITER) - 1)
    if end == -1:
        raise FormatError("the front matter has no closing --- line")
    try:
        front = yaml.load(text[len(DELIMITER) : end + 1], Loader=_Loader) or {}  # noqa: S506
    except yaml.YAMLError as error:
        raise FormatError(f"the front matter is not valid YAML ({error})") from error
    if not isinstance(front, dict):
        raise FormatError("the front matter must be key: value lines")
    return front, text[end + 1 + len(DELIMITER) :].strip("\n") + "\n"


def dump_document(article: ArticleData) -> str:
    return DELIMITER + dump_yaml(article.front_matter()) + DELIMITER + "\n" + article.body


def _check_one(name: str, front: dict, body: str, problems: list[Problem]) -> ArticleData | None:
    before = len(problems)

    def problem(field_name: str, message: str) -> None:
        problems.append(Problem(name, field_name, message))

    for key in REQUIRED:
        value = front.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problem(key, "is missing")
    for key in front:
        if key not in KEY_ORDER:
            problem(key, "is not a field we know")
    for key in DATE_FIELDS:
        value = front.get(key)
        if value is not None and _as_date(value) is None:
            problem(key, f"{value!r} is not a date like 2026-03-31")
    summary = front.get("summary")
    if isinstance(summary, str) and len(summary) > SUMMARY_MAX_LENGTH:
        problem("summary", f"is {len(summary)} characters; at most {SUMMARY_MAX_LENGTH}")
    for key in ("related", "references", "old_slugs"):
        if not isinstance(front.get(key, []), list):
            problem(key, "must be a list")
    if isinstance(front.get("references"), list):
        try:
            validate_references(front["references"])
        except ValidationError as error:
            problem("references", " ".join(error.messages))
    if front.get("status", "published") not in STATUSES:
        problem("status", "must be published or draft")
    if not isinstance(front.get("featured", False), bool):
        problem("featured", "must be true or false")
    if front.get("image") and not str(front.get("image_alt", "")).strip():
        problem("image_alt", "is missing: describe the picture")
    if not body.strip():
        problem("body", "is empty")
    if len(problems) > before:
        return None
    return ArticleData(
        file=name,
        title=str(front["title"]),
        slug=str(front["slug"]),
        topic=str(front["topic"]),
        summary=str(front["summary"]),
        author=str(front["author"]),
        reviewer=str(front["reviewer"]),
        published=_as_date(front["published"]),
        status=front.get("status", "published"),
        last_reviewed=_as_date(front["last_reviewed"]),
        next_review_due=_as_date(front["next_review_due"]),
        featured=front.get("featured", False),
        related=[str(slug) for slug in front.get("related", [])],
        references=front.get("references", []),
        old_slugs=[str(slug) for slug in front.get("old_slugs", [])],
        image=str(front.get("image") or ""),
        image_alt=str(front.get("image_alt") or ""),
        body=body,
    )


def validate_documents(
    documents: dict[str, str],
    *,
    topics: set[str],
    people: set[str],
    existing_slugs: set[str] = frozenset(),
) -> tuple[list[ArticleData], list[Problem]]:
    """Parse and check a whole set of files; return the articles and every problem."""
    problems: list[Problem] = []
    articles: list[ArticleData] = []
    seen: dict[str, str] = {}
    for name, text in sorted(documents.items()):
        try:
            front, body = parse_document(text)
        except FormatError as error:
            problems.append(Problem(name, "front matter", str(error)))
            continue
        slug = front.get("slug")
        if slug:
            if slug in seen:
                problems.append(Problem(name, "slug", f"{slug!r} is also used by {seen[slug]}"))
            seen.setdefault(slug, name)
        article = _check_one(name, front, body, problems)
        if article is not None:
            articles.append(article)
    known_slugs = set(seen) | set(existing_slugs)
    redirected: dict[str, str] = {}
    for article in articles:
        for slug in article.old_slugs:
            if slug in seen:
                message = f"{slug!r} is still an article"
            elif slug in redirected:
                message = f"{slug!r} also redirects from {redirected[slug]}"
            else:
                message = ""
            if message:
                problems.append(Problem(article.file, "old_slugs", message))
            redirected.setdefault(slug, article.file)
    known_slugs -= set(redirected)
    for article in articles:
        if article.topic not in topics:
            problems.append(Problem(article.file, "topic", f"{article.topic!r} is not a topic"))
        for key in ("author", "reviewer"):
            slug = getattr(article, key)
            if slug not in people:
                problems.append(Problem(article.file, key, f"{slug!r} is not a known person"))
        for slug in article.related:
            if slug not in known_slugs:
                problems.append(Problem(article.file, "related", f"{slug!r} is not an article"))
    problems.sort(key=lambda p: (p.file, KEY_ORDER.index(p.field) if p.field in KEY_ORDER else 99))
    return articles, problems
