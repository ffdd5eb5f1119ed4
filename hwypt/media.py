"""Uploaded pictures (articles, therapists, people) served by the site itself.

WhiteNoise serves only the static files it found at start-up, and Django's own
`django.views.static.serve` is meant for development (any file type, a guessed
content type, no caching rules). This view is the small production-safe middle: on by
default (`DJANGO_SERVE_MEDIA`), so `make serve` and the Docker image show uploads with
no other web server; behind nginx, let nginx serve `/media/` and turn it off.

Only image files under MEDIA_ROOT are answered, with a content type chosen from the
file's extension (never sniffed; the security middleware adds `nosniff`), a day of
caching and Last-Modified for revalidation. Anything else is a 404. SVG is refused:
it can carry script.
"""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.http import http_date

from hwypt.http import allow

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
# Uploaded names are unique (a token, or the storage's own suffix on a clash), so a
# day is safe; Last-Modified lets a browser check again cheaply after that.
MAX_AGE = 24 * 60 * 60


def media_file_path(root: Path, path: str) -> Path | None:
    """The file `path` names under `root`, or None if it is not an image inside it.

    Resolved first, so neither `..` nor a symbolic link leads out of `root`.
    """
    root = root.resolve()
    try:
        candidate = (root / path).resolve()
    except (OSError, ValueError):  # a NUL byte, a loop of links
        return None
    if not candidate.is_relative_to(root) or candidate.suffix.lower() not in IMAGE_TYPES:
        return None
    return candidate if candidate.is_file() else None


@allow("GET")
def media_file(request, path: str):
    found = media_file_path(Path(settings.MEDIA_ROOT), path)
    if found is None:
        raise Http404("No such picture")
    stat = found.stat()
    response = FileResponse(found.open("rb"), content_type=IMAGE_TYPES[found.suffix.lower()])
    response["Content-Length"] = str(stat.st_size)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Content-Disposition"] = "inline"
    return response
