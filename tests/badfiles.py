"""Builders of hostile and broken input files for the robustness tests. Each writes into a given folder.

Everything is made from scratch (no third-party files): PDFs are written by hand (objects + xref), DOCX files
with zipfile. The zip bomb is written streaming, so building it never holds the 1 GiB in memory.
"""

from __future__ import annotations

import random
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SAMPLE_STEM = "renstra_dinkop_magetan_2024-2026"
SAMPLE_DOCX = SAMPLES / f"{SAMPLE_STEM}.docx"
SAMPLE_PDF = SAMPLES / f"{SAMPLE_STEM}.pdf"
REALDOCS = REPO.parent / "shared" / "realdocs"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ------------------------------------------------------------------------------------------------ PDF


def pdf_bytes(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF from its numbered objects (1 = catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def text_pdf(path: Path, pages: int, width: int = 72, height: int = 36) -> Path:
    """A PDF of PAGES tiny pages, each with one short line of text ("page N") in Helvetica."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i in range(pages):
        page_no = 4 + 2 * i
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (width, height, page_no + 1))
        objects.append(_stream(b"BT /F1 6 Tf 4 14 Td (page %d) Tj ET" % (i + 1)))
    path.write_bytes(pdf_bytes(objects))
    return path


def encrypted_pdf(path: Path) -> Path:
    """A PDF with a standard security handler whose user password is not empty: it cannot be opened."""
    rnd = random.Random(7)
    o_key, u_key, file_id = (bytes(rnd.randrange(256) for _ in range(n)).hex().encode() for n in (32, 32, 16))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"BT /F1 12 Tf 20 20 Td (secret) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + o_key + b"> /U <" + u_key + b"> /P -44 >>",
    ]
    path.write_bytes(pdf_bytes(objects, b"/Encrypt 6 0 R /ID [<" + file_id + b"> <" + file_id + b">] "))
    return path


def random_bytes_pdf(path: Path, size: int = 20_000, header: bool = False) -> Path:
    """Random bytes named .pdf; with ``header`` they start with %PDF-1.7 so that only parsing can tell."""
    data = random.Random(11).randbytes(size)
    path.write_bytes((b"%PDF-1.7\n" if header else b"") + data)
    return path


def truncated_pdf(path: Path, source: Path = SAMPLE_PDF, fraction: float = 0.3) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def image_only_pdf(path: Path, pages: int = 2, text: bool = True) -> Path:
    """A 'scanned' PDF: pages that are only an image (made with Pillow), no text layer.

    With ``text`` the images show a line of text (OCR can read it); without, they are blank.
    """
    from PIL import Image, ImageDraw

    images = []
    for i in range(pages):
        img = Image.new("RGB", (400, 200), "white")
        if text:
            ImageDraw.Draw(img).text((20, 80), f"TABEL T-C.27 halaman {i + 1}", fill="black")
        images.append(img)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return path


# ------------------------------------------------------------------------------------------------ DOCX


def docx_with(path: Path, document_xml: bytes) -> Path:
    """A minimal DOCX package around DOCUMENT_XML."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document_xml)
    return path


def minimal_document_xml(text: str = "Renstra") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W_NS}"><w:body>'
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>").encode()


def _deflated_zeros(size: int) -> tuple[bytes, int, int, int]:
    """Raw deflate data for SIZE zero bytes, built from one compressed MiB repeated: (head, repeats, tail, crc).

    After a full flush the compressor starts afresh, so every MiB of zeros compresses to the same bytes and the
    stream is that block repeated, then a final empty block. Nothing of SIZE is ever held in memory.
    """
    mib = 1 << 20
    assert size % mib == 0, "size must be a whole number of MiB"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(bytes(mib)) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(bytes(mib)) + comp.flush(zlib.Z_FULL_FLUSH)
    assert block == again
    tail = comp.flush(zlib.Z_FINISH)
    crc = 0
    zeros = bytes(mib)
    for _ in range(size // mib):
        crc = zlib.crc32(zeros, crc)
    return block, size // mib, tail, crc


def zip_bomb_docx(path: Path, size: int = 1 << 30) -> Path:
    """A DOCX whose word/document.xml is SIZE bytes of zeros (1 GiB by default, about 1 MiB packed).

    Written by hand (local headers, central directory) so that the deflate data can be streamed block by block.
    """
    block, repeats, tail, crc = _deflated_zeros(size)
    entries = [("[Content_Types].xml", 0, _CONTENT_TYPES.encode()), ("_rels/.rels", 0, _RELS.encode())]
    central = bytearray()
    with path.open("wb") as fh:
        def local(name: bytes, method: int, crc32: int, packed: int, full: int) -> None:
            offset = fh.tell()
            fh.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc32, packed, full,
                                 len(name), 0) + name)
            central.extend(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc32,
                                       packed, full, len(name), 0, 0, 0, 0, 0, offset) + name)

        for name, method, data in entries:
            local(name.encode(), method, zlib.crc32(data), len(data), len(data))
            fh.write(data)
        local(b"word/document.xml", 8, crc, len(block) * repeats + len(tail), size)
        for _ in range(repeats):
            fh.write(block)
        fh.write(tail)
        cd_offset = fh.tell()
        fh.write(central)
        fh.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 3, 3, len(central), cd_offset, 0))
    return path


def billion_laughs_docx(path: Path, padding: int = 0) -> Path:
    """A DOCX whose word/document.xml declares nested entities (billion laughs).

    ``padding`` puts a comment of that many bytes before the DOCTYPE, past a reader that only looks at the head.
    """
    entities = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                          for i in range(1, 10)]
    comment = f"<!--{'x' * padding}-->\n" if padding else ""
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n{comment}<!DOCTYPE lolz [{"".join(entities)}]>\n'
           f'<w:document xmlns:w="{_W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    return docx_with(path, xml.encode())


def not_zip_docx(path: Path) -> Path:
    path.write_text("This is a plain text file that was given a .docx name.\n" * 20, encoding="utf-8")
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def renamed_sample(folder: Path, name: str = "Renstra Dinas Koperasi – Magetan ü.docx",
                   source: Path = SAMPLE_DOCX) -> Path:
    target = folder / name
    shutil.copyfile(source, target)
    return target


def variant_docx(path: Path, title: str, source: Path = SAMPLE_DOCX) -> Path:
    """A copy of a DOCX with a different core title: same tables, different bytes (another sha256)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"</cp:coreProperties>",
                                    b"<dc:description>" + title.encode() + b"</dc:description></cp:coreProperties>")
            dst.writestr(info, data)
        if "docProps/core.xml" not in src.namelist():
            dst.writestr("docProps/custom-title.txt", title)
    return path


def unwritable_outdir(tmp: Path) -> Path:
    """A folder path that cannot be created, even by root: it lies under a regular file."""
    blocker = tmp / "a_regular_file"
    blocker.write_text("not a folder\n")
    return blocker / "out"
