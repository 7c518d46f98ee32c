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
   ``GREENMFG_MAX_DECOMPRESSED_BYTES`` (default 256 MiB); a PDF is parsed with pypdf and
   every stream object is decoded through its whole filter chain under pypdf's limits
   (a plain Flate stream is inflated chunk by chunk, output discarded), refused once the
   total of the file's streams exceeds the same budget; an encrypted PDF cannot be
   checked and is refused. There is no ratio rule: a blank scanned page legitimately
   compresses several hundred times.

Files are stored under a name made from their SHA-256 (:func:`stored_name`), never the
user's; the user's name is kept (cleaned, :func:`display_name`) for display and for the
``Content-Disposition`` of downloads, which are always attachments.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import warnings
import zlib
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import IndirectObject, StreamObject

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


#: PDF filters whose output is an image for the viewer to decode (never inflated here:
#: their size is bounded by the image's declared /Width × /Height instead)
_PDF_IMAGE_FILTERS = frozenset({"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"})
#: most indirect objects a PDF may have (a real 20 MiB scan has a few thousand)
MAX_PDF_OBJECTS = 200_000


def _pdf_filters(stream) -> list[str]:
    """The stream's filter chain as names (``/Filter`` may be a name, an array, or an
    indirect reference to either)."""
    filters = stream.get("/Filter")
    if filters is None:
        return []
    filters = filters.get_object()
    if not isinstance(filters, list | tuple):
        filters = [filters]
    return [str(f.get_object()) for f in filters]


def _pdf_int(stream, key: str) -> int:
    value = stream.get(key)
    try:
        return max(0, int(value.get_object())) if value is not None else 0
    except (TypeError, ValueError):
        return 0


def _inflate_size(raw: bytes, budget: int) -> int:
    """How many bytes a Flate stream inflates to, counted chunk by chunk (the output is
    discarded), stopping once past ``budget``; a damaged stream counts what it gave."""
    inflater = zlib.decompressobj()
    total = 0
    pending = raw
    try:
        while not inflater.eof:
            out = inflater.decompress(pending, _CHUNK)
            total += len(out)
            if total > budget:
                break
            pending = inflater.unconsumed_tail
            if not out:
                break
    except zlib.error:
        pass  # damaged: what inflated so far is what a viewer would get
    return total


def _pdf_stream_size(stream, budget: int) -> int:
    """The decoded size of one stream, within ``budget`` (raises pypdf's
    ``LimitReachedError`` beyond it). A chain ending in an image codec is decoded up to
    the image data, whose size is bounded by the image's declared dimensions."""
    filters = _pdf_filters(stream)
    raw = stream._data  # the encoded bytes, as read from the file
    if filters and filters[-1] in _PDF_IMAGE_FILTERS:
        width, height = _pdf_int(stream, "/Width"), _pdf_int(stream, "/Height")
        if width * height > _max_pixels() or width * height * 4 > budget:
            return budget + 1
        filters = filters[:-1]
        if not filters:
            return len(raw)
    if filters == ["/FlateDecode"]:
        return _inflate_size(raw, budget)
    if not filters:
        return len(raw)
    return len(stream.get_data())


def _pdf_problem(data: bytes) -> str | None:
    """``"invalid"`` for a file that only starts like a PDF, ``"encrypted"`` for an
    encrypted one (its streams cannot be checked), ``"bomb"`` for one whose streams
    decode beyond the budget, else None.

    The file is parsed with pypdf (non-strict, as viewers repair: a file without
    ``startxref`` has its cross-reference table rebuilt by scanning its objects), and
    every indirect object that is a stream is decoded through its whole filter chain
    (``/FlateDecode``, ``[/ASCIIHexDecode /FlateDecode]``, LZW, run-length …) under
    pypdf's limits, set to the remaining budget ``GREENMFG_MAX_DECOMPRESSED_BYTES``
    shared by all the streams of the file."""

    if not _PDF_HEADER.match(data) or b"%%EOF" not in data[-1024:]:
        return "invalid"
    budget = _max_decompressed()
    limits = {
        name: budget
        for name in (
            "maximum_declared_stream_length",
            "array_based_stream_maximum_output_length",
            "jbig2_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "zlib_maximum_output_length",
            "brotli_maximum_output_length",
            "image_maximum_buffer_size",
            "stream_decoding_work_maximum_length",
        )
    }
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # repairs of damaged files are expected here
    try:
        with apply_configuration(disable_legacy_handling=True, **limits):
            try:
                reader = PdfReader(BytesIO(data), strict=False)
            except Exception:  # noqa: BLE001 - no startxref: rebuild by scanning, as viewers do
                reader = PdfReader(BytesIO(data + b"\nstartxref\n0\n%%EOF\n"), strict=False)
            if reader.is_encrypted:
                return "encrypted"
            refs = [(num, gen) for gen, table in reader.xref.items() for num in table]
            if not refs:
                return "invalid"
            if len(refs) > MAX_PDF_OBJECTS:
                return "invalid"
            total = 0
            for num, gen in refs:
                try:
                    obj = reader.get_object(IndirectObject(num, gen, reader))
                except LimitReachedError:
                    raise
                except Exception:  # noqa: BLE001 - a damaged object: viewers skip it too
                    continue
                if not isinstance(obj, StreamObject):
                    continue
                left = budget - total
                with apply_configuration(**{name: max(1, left) for name in limits}):
                    try:
                        total += _pdf_stream_size(obj, left)
                    except LimitReachedError:
                        raise
                    except Exception:  # noqa: BLE001 - undecodable: nothing to inflate
                        continue
                if total > budget:
                    return "bomb"
    except LimitReachedError:
        return "bomb"
    except Exception:  # noqa: BLE001 - pypdf raises many kinds for a file that is no PDF
        return "invalid"
    finally:
        pypdf_log.setLevel(level)
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
    ``upload.invalid``, ``upload.bomb``, ``upload.encrypted``) for anything the module docstring refuses.
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
    elif problem == "encrypted":
        d.refuse("upload.encrypted", _("PDF 文件已加密，无法检查其内容，请上传未加密的文件"))
    d.raise_if_refused()
    return ctype, hashlib.sha256(data).hexdigest()
