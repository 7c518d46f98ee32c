"""Issue 17, item 9: the PDF decompression-bomb check is done by a PDF parser (pypdf)
with limits, not by byte patterns. Each bomb below passed the old pattern check
(``/FlateDecode`` more than 2 KiB before ``stream``, a ``/Xobj`` key after the filter,
a filter array ``[/ASCIIHexDecode /FlateDecode]``) and is refused now.

ASVS 5.0 5.2.3 (decompression bombs)."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenmfg.core.decisions import RuleViolation
from greenmfg.core.uploads import check_upload

BUDGET = 8 * 1024 * 1024
OVER = 9 * 1024 * 1024


@pytest.fixture(autouse=True)
def _budget(settings):
    settings.GREENMFG_MAX_DECOMPRESSED_BYTES = BUDGET


def stream_pdf(body: bytes, dictionary: bytes, copies: int = 1) -> bytes:
    """A PDF with ``copies`` stream objects (``dictionary`` between ``<<`` and ``>>``)
    and a cross-reference table, as real writers produce."""
    stream = (
        b"<< /Length " + str(len(body)).encode() + b" " + dictionary + b" >>\nstream\n"
        b"" + body + b"\nendstream"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        *[stream] * copies,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def zeros(n: int) -> bytes:
    return zlib.compress(b"\x00" * n, 9)


def code_of(content: bytes) -> str | None:
    try:
        check_upload(SimpleUploadedFile("证明.pdf", content))
    except RuleViolation as exc:
        return exc.reasons[0].code
    return None


def test_a_flate_filter_named_far_before_the_stream_is_still_inflated_asvs_5_2_3():
    padding = b" /Padding (" + b"x" * 4000 + b")"
    bomb = stream_pdf(zeros(OVER), b"/Filter /FlateDecode" + padding)
    assert len(bomb) < 30_000
    assert code_of(bomb) == "upload.bomb"


def test_a_key_ending_in_obj_after_the_filter_does_not_hide_the_stream_asvs_5_2_3():
    bomb = stream_pdf(zeros(OVER), b"/Filter /FlateDecode /Xobj 1")
    assert code_of(bomb) == "upload.bomb"


def test_a_filter_chain_is_decoded_filter_by_filter_asvs_5_2_3():
    hex_body = zeros(OVER).hex().encode() + b">"
    bomb = stream_pdf(hex_body, b"/Filter [/ASCIIHexDecode /FlateDecode]")
    assert code_of(bomb) == "upload.bomb"
    # the same chain within the budget is an ordinary PDF
    small = stream_pdf(zeros(1024 * 1024).hex().encode() + b">", b"/Filter [/AHx /Fl]")
    assert code_of(small) is None


def test_the_budget_is_shared_by_all_the_streams_of_a_file_asvs_5_2_3():
    """Two streams of 5 MiB each: neither alone, but together over 8 MiB."""
    assert code_of(stream_pdf(zeros(5 * 1024 * 1024), b"/Filter /FlateDecode")) is None
    two = stream_pdf(zeros(5 * 1024 * 1024), b"/Filter /FlateDecode", copies=2)
    assert code_of(two) == "upload.bomb"


def test_a_pdf_written_by_a_real_writer_is_accepted():
    from weasyprint import HTML

    data = HTML(string="<h1>佐证材料</h1><p>" + "绿色工厂" * 200 + "</p>").write_pdf()
    assert code_of(data) is None


def test_an_encrypted_pdf_is_refused_because_it_cannot_be_checked():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="", owner_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert code_of(out.getvalue()) == "upload.encrypted"
