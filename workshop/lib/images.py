"""Card images: accepted only when small, real pictures in a web format, and
shown to phones as small copies."""

import os
import tempfile
import threading
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
# One copy made at a time: when a room opens a card, every phone asks for its
# picture at once, and one of them making it is enough.
_making = threading.Lock()


def small_copy_bytes(original: Path) -> bytes:
    """The phone-sized JPEG of `original`, from `small/` beside it (made if needed)."""
    folder = original.parent / "small"
    target = folder / (original.name + ".jpg")  # a.png and a.jpg may both exist
    if not _is_fresh(target, original):
        with _making:
            if not _is_fresh(target, original):  # another request may have made it meanwhile
                _make_small_copy(original, target)
    return target.read_bytes()


def _is_fresh(copy: Path, original: Path) -> bool:
    return copy.is_file() and copy.stat().st_mtime >= original.stat().st_mtime


def _make_small_copy(original: Path, target: Path) -> None:
    """Written to a temporary file and renamed, so no phone gets half a picture."""
    folder = target.parent
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
