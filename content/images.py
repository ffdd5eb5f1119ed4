"""Uploaded pictures: check they are real images, drop metadata, make renditions.

Pure: bytes in, bytes out. Re-encoding from the pixels alone drops EXIF
(including GPS location), ICC junk and anything hidden after the image data.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (480, 800, 1200)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class ImageRejected(ValueError):
    """The upload is not a picture we can safely use; the message is for the editor."""


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    webp: bytes
    jpeg: bytes


@dataclass(frozen=True)
class ProcessedImage:
    width: int
    height: int
    original_jpeg: bytes
    renditions: list[Rendition]


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        image.save(buffer, "WEBP", quality=80, method=4)
    return buffer.getvalue()


def process_image(data: bytes) -> ProcessedImage:
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(
            f"The picture is too large. Choose one under {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ImageRejected("Upload a JPEG, PNG, WebP or GIF picture.")
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRejected("The picture has too many pixels. Make it smaller first.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Turn the picture the way the camera meant, then forget the metadata.
            image = ImageOps.exif_transpose(image)
            pixels = Image.new("RGB", image.size, "white")
            source = image.convert("RGBA")
            pixels.paste(source, mask=source.getchannel("A"))
    except ImageRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageRejected("This file is not a picture we can read.") from error

    renditions = []
    for width in RENDITION_WIDTHS:
        if width > pixels.width and renditions:
            break
        target = min(width, pixels.width)
        height = round(pixels.height * target / pixels.width)
        resized = pixels.resize((target, height), Image.Resampling.LANCZOS)
        renditions.append(
            Rendition(target, height, _encode(resized, "WEBP"), _encode(resized, "JPEG"))
        )
    return ProcessedImage(pixels.width, pixels.height, _encode(pixels, "JPEG"), renditions)


def portrait(data: bytes, size: int = 480) -> bytes:
    """A staff photo as a square, metadata-free JPEG of `size` pixels.

    The same checks as article pictures (a real image, within the limits); the
    centre is cropped to a square, since pages show portraits at a fixed size.
    """
    processed = process_image(data)
    with Image.open(io.BytesIO(processed.original_jpeg)) as image:
        square = ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)
        return _encode(square, "JPEG")
