"""Card images: accepted only when small, real pictures in a web format, and
shown to phones as small copies."""

import os
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_card_image(file) -> None:
    """Refuse anything over 2 MB, not decodable, or not JPEG/PNG/WebP.

    Pillow reads the header and verifies the data, so a renamed script or a
    truncated file is refused whatever its name says.
    """
    if file.size > MAX_BYTES:
        raise ValidationError(_("The image is larger than 2 MB."), code="too_large")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not a picture we can use."), code="invalid") from None
    finally:
        file.seek(position)
    if kind not in FORMATS:
        raise ValidationError(_("Use a JPEG, PNG or WebP picture."), code="format")
    if max(width, height) > MAX_SIDE:
        raise ValidationError(_("The image is larger than 4000 pixels."), code="too_big")


# Phones get a small copy: an uploaded picture may be 2 MB, and twelve of
# those would stall a cheap phone on the venue's wifi. 320 px covers the
# detail panel at 2× density; as JPEG it is some 10–30 KB.
SMALL_SIDE = 320


def small_copy(original: Path, folder: Path) -> Path:
    """The phone-sized JPEG of `original` in `folder`, made on first use.

    Made again when the original is newer. Written to a temporary file and
    renamed, so a phone never gets half a picture while another request is
    still writing it.
    """
    target = folder / (original.name + ".jpg")  # a.png and a.jpg may both exist
    if target.is_file() and target.stat().st_mtime >= original.stat().st_mtime:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(original) as image:
        image = ImageOps.exif_transpose(image)  # phone photos carry their rotation in EXIF
        image.thumbnail((SMALL_SIDE, SMALL_SIDE))
        if image.mode != "RGB":  # transparency onto white, as on the card
            canvas = Image.new("RGB", image.size, "white")
            canvas.paste(image, mask=image.convert("RGBA"))
            image = canvas
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                image.save(out, "JPEG", quality=75, optimize=True)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return target
