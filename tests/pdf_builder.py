"""Small hand-built PDFs for the hostile-input tests (pages that share one content stream, and so on)."""

from __future__ import annotations

import zlib


def text_stream(lines: int, text: str = "Arbeid og inkludering for alle som står utenfor.") -> bytes:
    body = b"".join(
        b"BT /F1 10 Tf 20 %d Td (%s) Tj ET\n" % (800 - (i % 70) * 11, text.encode("latin-1")) for i in range(lines)
    )
    return body


def build_pdf(page_streams: list[int], streams: list[bytes], compress: bool = True) -> bytes:
    """A PDF whose page i draws with ``streams[page_streams[i]]`` (so pages can share a stream)."""
    objects: list[bytes] = []
    first_stream = 4
    first_page = first_stream + len(streams)
    kids = " ".join(f"{first_page + i} 0 R" for i in range(len(page_streams)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_streams)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for data in streams:
        payload = zlib.compress(data, 9) if compress else data
        flt = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(payload), flt) + payload + b"\nendstream")
    for index in page_streams:
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 3 0 R "
            f"/Contents {first_stream + index} 0 R >>".replace(
                "/Resources 3 0 R", "/Resources << /Font << /F1 3 0 R >> >>"
            ).encode()
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
