"""Checking uploaded files: evidence, report attachments, objection and complaint
evidence, department opinions. Every upload feature calls :func:`check_upload` before
anything is stored (ASVS 5.0 V5; GB/T 22239-2019 8.1.4.4 d 数据有效性检验).

The rules, in order (the first that fails refuses the file, nothing is stored):

1. **Size**: not empty and at most ``GREENMFG_MAX_UPLOAD_BYTES`` (default 20 MiB).
2. **Type by content**, never by name or the browser's content type: the first bytes must
   be a PDF (``%PDF-``), PNG or JPEG signature. Archives and compressed containers (ZIP,
   gzip, 7z, RAR, bzip2, xz, zstd) are refused outright with their own message; so is
   anything else (an executable renamed ``.pdf`` starts with ``MZ`` or ``\\x7fELF``).
3. **Extension matches content**: a name ending ``.png`` must hold a PNG, and so on; a
   name with no extension is accepted (the stored name gets the right one).
4. **The content is what it claims to be**: a PDF has a version header, at least one
   indirect object and ``%%EOF`` in its last KiB; a PNG or JPEG is parsed with Pillow
   (PNG chunk checksums verified, JPEG decoded at reduced scale).
5. **No decompression bombs**: an image may declare at most ``GREENMFG_MAX_IMAGE_PIXELS``
   pixels (default 50 million, a 300 dpi A2 scan) and its decoded size must stay within
   ``GREENMFG_MAX_DECOMPRESSED_BYTES`` (default 256 MiB); a PDF's Flate-compressed
   streams are inflated (output discarded, chunk by chunk) and refused once their total
   exceeds the same budget. There is no ratio rule: a blank scanned page legitimately
   compresses several hundred times.

Files are stored under a name made from their SHA-256 (:func:`stored_name`), never the
user's; the user's name is kept (cleaned, :func:`display_name`) for display and for the
``Content-Disposition`` of downloads, which are always attachments.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
import zlib
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

from greenmfg.core.decisions import Decision

#: accepted file types by their first bytes (content, not name)
ALLOWED_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}

#: the extensions a name may carry for each accepted type; the first is used when storing
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
}

#: archive and compressed-container signatures, refused with their own message
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",  # zip (also docx/xlsx/jar/apk)
    b"PK\x05\x06",  # empty zip
    b"PK\x07\x08",  # spanned zip
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"Rar!\x1a\x07",  # RAR
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"\x28\xb5\x2f\xfd",  # zstd
    b"MSCF",  # cab
)

_PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d")
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_PDF_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_CHUNK = 1 << 20


def sniff_content_type(head: bytes) -> str | None:
    """The accepted content type of a file starting with ``head``, else None."""
    for signature, ctype in ALLOWED_SIGNATURES.items():
        if head.startswith(signature):
            return ctype
    return None


def is_archive(head: bytes) -> bool:
    return any(head.startswith(sig) for sig in ARCHIVE_SIGNATURES)


def stored_name(content_type: str, sha256: str) -> str:
    """The name a checked file is stored under: its hash and the type's extension."""
    return f"{sha256[:32]}{EXTENSIONS[content_type][0]}"


def display_name(name: str | None) -> str:
    """The user's file name for display and downloads: no folders, no control
    characters, at most 200 characters (ASVS 5.4.1)."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    return name[-200:] or "file"


def _max_decompressed() -> int:
    return int(getattr(settings, "GREENMFG_MAX_DECOMPRESSED_BYTES", 256 * 1024 * 1024))


def _max_pixels() -> int:
    return int(getattr(settings, "GREENMFG_MAX_IMAGE_PIXELS", 50_000_000))


def _read_all(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return data


def _pdf_problem(data: bytes) -> str | None:
    """``"invalid"`` for a file that only starts like a PDF, ``"bomb"`` for one whose
    Flate streams inflate beyond the budget, else None."""
    if not _PDF_HEADER.match(data) or b"%%EOF" not in data[-1024:]:
        return "invalid"
    if not _PDF_OBJECT.search(data):
        return "invalid"
    budget = _max_decompressed()
    total = 0
    for match in _PDF_STREAM.finditer(data):
        # the stream's dictionary: back to the start of its object, at most 2 KiB
        head = data[max(0, match.start() - 2048) : match.start()]
        head = head[head.rfind(b"obj") + 1 :]
        if b"/FlateDecode" not in head:
            continue
        end = data.find(b"endstream", match.end())
        inflater = zlib.decompressobj()
        pending = data[match.end() : end if end >= 0 else len(data)]
        try:
            while not inflater.eof:
                out = inflater.decompress(pending, _CHUNK)
                total += len(out)
                if total > budget:
                    return "bomb"
                pending = inflater.unconsumed_tail
                if not out:
                    break
        except zlib.error:
            continue  # not Flate after all, encrypted or damaged: nothing to inflate
    return None


def _image_problem(data: bytes, content_type: str) -> str | None:
    """``"invalid"``, ``"bomb"`` or None for a PNG or JPEG, parsed with Pillow."""
    expected = {"image/png": "PNG", "image/jpeg": "JPEG"}[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as img:
                if img.format != expected:
                    return "invalid"
                width, height = img.size
                bands = len(img.getbands())
                bits = 16 if img.mode in ("I;16", "I;16B", "I", "F") else 8
                if (
                    width * height > _max_pixels()
                    or width * height * bands * bits // 8 > _max_decompressed()
                ):
                    return "bomb"
                if expected == "PNG":
                    img.verify()
                else:
                    img.draft("L", (max(1, width // 8), max(1, height // 8)))
                    img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "bomb"
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for damaged files
        return "invalid"
    return None


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Check an uploaded file by size and content; return (content type, sha256).

    Raises ``RuleViolation`` with a clear message (codes ``upload.empty``,
    ``upload.size``, ``upload.archive``, ``upload.type``, ``upload.extension``,
    ``upload.invalid``, ``upload.bomb``) for anything the module docstring refuses.
    """
    d = Decision()
    limit = settings.GREENMFG_MAX_UPLOAD_BYTES
    if not upload.size:
        d.refuse("upload.empty", _("文件为空"))
        d.raise_if_refused()
    if upload.size > limit:
        d.refuse(
            "upload.size",
            _("文件超过 {mb} MB 上限"),
            mb=limit // (1024 * 1024) if limit >= 1024 * 1024 else f"{limit / 1048576:.2f}",
        )
        d.raise_if_refused()
    upload.seek(0)
    head = upload.read(16)
    ctype = sniff_content_type(head)
    if ctype is None:
        if is_archive(head):
            d.refuse("upload.archive", _("不接受压缩包或归档文件，请上传 PDF、PNG 或 JPEG 文件"))
        else:
            d.refuse("upload.type", _("只接受 PDF、PNG 或 JPEG 文件（按文件内容判断）"))
        d.raise_if_refused()
    name = display_name(upload.name).lower()
    if "." in name and not name.endswith(EXTENSIONS[ctype]):
        d.refuse("upload.extension", _("文件扩展名与文件内容不符"))
        d.raise_if_refused()
    data = _read_all(upload)
    problem = _pdf_problem(data) if ctype == "application/pdf" else _image_problem(data, ctype)
    if problem == "invalid":
        d.refuse(
            "upload.invalid",
            _("文件内容不是有效的 {kind} 文件"),
            kind={"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}[ctype],
        )
    elif problem == "bomb":
        d.refuse("upload.bomb", _("文件解压后过大（疑似压缩炸弹），已拒绝"))
    d.raise_if_refused()
    return ctype, hashlib.sha256(data).hexdigest()
