"""Card images: accepted only when small, real pictures in a web format."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

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
