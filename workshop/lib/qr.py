"""QR codes as SVG from `qrcode`, embedded as data URIs.

qrcode 8.2 writes `svg:`-prefixed elements with a fixed id, which is invalid
inline in HTML and clashes when two codes share a page; as an <img> data URI
it is neither, and it stays vector in WeasyPrint's PDFs.
"""

import base64
import io

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathImage


def qr_svg(data: str) -> bytes:
    # Error correction Q survives a folded or scuffed print; border=4 is the quiet zone.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=4)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(image_factory=SvgPathImage).save(buffer)
    return buffer.getvalue()


def qr_data_uri(data: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(data)).decode("ascii")
