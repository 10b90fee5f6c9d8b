"""Mutation fuzzing of `renstra extract`, `renstra diff` and `renstra load` (a campaign, not a unit test).

    python bench/fuzz.py                          # the whole campaign (>= 400 cases), report in fuzz-report/
    python bench/fuzz.py --subset ci --jobs 2     # the fixed ~60 cases tests/test_fuzz.py runs
    python bench/fuzz.py --family docx-part --list

Inputs are derived from the samples in samples/ and, when present, from ../shared/realdocs. Each case is a
file (bytes and a file name) made by one mutation of a source with a fixed seed, so a case id names the same
bytes on every run. Mutation families:

- ``bytes``: bytes flipped, the file cut, a range deleted, zeroed or random bytes inserted;
- ``pdf``: the PDF structure damaged (xref, trailer, /Length, /Filter, /Count, /Root, page tree loops, a
  ToUnicode mapping to a lone surrogate, huge or odd page boxes, a content stream repeated thousands of times);
- ``docx-part`` / ``xlsx-part``: zip parts removed, damaged (deflate stream, local header), or made absurd
  (another root, no body, gridSpan/gridBefore 10^20, a cell at XFD1048576, a merge over the whole sheet);
- ``name``: odd file names (long, a newline, a leading '-', non-UTF-8 bytes, wrong or no suffix);
- ``random``: random bytes under every supported suffix (images too), and after a PNG or TIFF signature;
- ``diff`` / ``load``: damaged JSON and damaged documents fed to `renstra diff` and `renstra load`.

Each case runs as ``python -m extractor ...`` in a subprocess with a memory cap (RLIMIT_AS, default 3 GB) and a
time limit (default 120 s; a case made from a PDF of N pages gets what ``renstra batch`` gives such a document,
N x its seconds per page, when more: a PDF whose text layer the mutation made unreadable is OCRed page by page,
which is slow work, not a hang), in a fresh folder with its own TMPDIR, and is classified:

    ok            exit 0 (for an input that cannot be a document: only with a note saying what was wrong)
    clean-error   exit 1 and one line "Error: <file>: <reason>" naming the file, no output and no temporary left
    messy-error   an error that is not that one line (several lines, no file name, outputs or temp files left)
    traceback     a Python traceback on stderr
    hang          the time limit passed
    oom           MemoryError / out of memory
    crash         killed by a signal (abort, segfault)
    other-exit    any other exit code

Cases whose defect belongs to the PDF page renderer (owner "ocr": pdfium aborts, huge pages) are reported apart.
The report (``report.md`` and ``results.jsonl``) goes to --report (default: fuzz-report/ in the current folder).
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REALDOCS = Path(os.environ.get("RENSTRA_REALDOCS", ROOT.parent / "shared" / "realdocs"))
DEFAULT_SEED = 16
DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY = 3 * 1024**3
CLASSES = ("ok", "clean-error", "messy-error", "traceback", "hang", "oom", "crash", "other-exit", "not-run")
BAD = ("messy-error", "traceback", "hang", "oom", "crash", "other-exit")

SAMPLE_SOURCES = {
    "docx": SAMPLES / "renstra_dinkop_magetan_2024-2026.docx",
    "pdf": SAMPLES / "renstra_dinkop_magetan_2024-2026.pdf",
    "xlsx": SAMPLES / "renstra_tc27_magetan.xlsx",
}
REAL_NAMES = {
    "real-docx": "pekanbaru_kec-rumbai_renstra_2017-2022.docx",
    "real-pdf": "cianjur_dkp_renja_2016.pdf",
    "real-pdf2": "semarang_satpolpp_renstra_2021-2026.pdf",
}

Maker = Callable[[random.Random], bytes]


@dataclass
class Case:
    """One fuzz input: ``make(rng)`` gives its bytes; ``name`` is the file name (bytes: it may not be UTF-8)."""

    id: str
    family: str
    source: str
    name: bytes
    make: Maker = field(repr=False)
    command: str = "extract"  # extract | diff | diff2 (against the good source) | load
    expect: str = "any"  # any | refuse (an exit 0 must carry a note) | error (must be refused)
    owner: str = ""  # "ocr": a PDF page renderer defect handled in readers/pdf.py + ocr.py
    bare_dash: bool = False  # pass a name starting with '-' without '--' before it
    ci: bool = False


@dataclass
class Outcome:
    id: str
    family: str
    source: str
    owner: str
    cls: str
    reason: str
    rc: int | None
    seconds: float
    stderr_tail: str


# ------------------------------------------------------------------------------------------------ mutations


def _read(path: Path) -> bytes:
    return path.read_bytes()


def flip(data: bytes, rng: random.Random, n: int) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        i = rng.randrange(len(out))
        out[i] ^= rng.randrange(1, 256)
    return bytes(out)


def cut(data: bytes, fraction: float) -> bytes:
    return data[: max(1, int(len(data) * fraction))]


def delete(data: bytes, rng: random.Random, length: int) -> bytes:
    i = rng.randrange(max(1, len(data) - length))
    return data[:i] + data[i + length:]


def zero(data: bytes, rng: random.Random, length: int) -> bytes:
    i = rng.randrange(max(1, len(data) - length))
    return data[:i] + bytes(min(length, len(data) - i)) + data[i + length:]


def insert(data: bytes, rng: random.Random, length: int) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + rng.randbytes(length) + data[i:]


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def make_zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return buf.getvalue()


def zip_edit(data: bytes, part: str, edit: Callable[[bytes], bytes | None]) -> bytes:
    """The zip with one part changed (``edit`` returning None removes it)."""
    parts = zip_parts(data)
    new = edit(parts.get(part, b""))
    if new is None:
        parts.pop(part, None)
    else:
        parts[part] = new
    return make_zip(parts)


def zip_damage_entry(data: bytes, part: str, rng: random.Random, how: str) -> bytes:
    """Damage one entry of a zip in place: its deflate stream ('deflate'), its local header offset ('offset')
    or its CRC ('crc'); the central directory stays readable."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo(part)
    out = bytearray(data)
    if how == "deflate":
        lh = info.header_offset
        start = lh + 30 + int.from_bytes(data[lh + 26:lh + 28], "little") + int.from_bytes(data[lh + 28:lh + 30],
                                                                                               "little")
        for _ in range(8):
            i = start + rng.randrange(min(info.compress_size, 4096))
            out[i] ^= 0xFF
    elif how == "offset":
        for pos in _central_entries(data, part):
            bogus = 0xFFFFFF00 if rng.random() < 0.5 else info.header_offset + 7
            out[pos + 42:pos + 46] = bogus.to_bytes(4, "little")
    elif how == "crc":
        for pos in _central_entries(data, part):
            out[pos + 16:pos + 20] = bytes(4)
        out[info.header_offset + 14:info.header_offset + 18] = bytes(4)
    return bytes(out)


def _central_entries(data: bytes, part: str) -> Iterator[int]:
    """Offsets of the central directory records naming PART."""
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = int.from_bytes(data[pos + 28:pos + 30], "little")
        if data[pos + 46:pos + 46 + name_len] == part.encode():
            yield pos
        pos = data.find(b"PK\x01\x02", pos + 4)


# PDF structure


def pdf_sub(pattern: bytes, repl: bytes, count: int = 0) -> Callable[[bytes], bytes]:
    return lambda data: re.sub(pattern, repl, data, count=count)


def pdf_streams(data: bytes, edit: Callable[[bytes], bytes | None]) -> bytes:
    """Every Flate stream decoded, passed to ``edit`` (None keeps it), re-encoded with its /Length fixed."""
    pattern = re.compile(rb"(<<(?:(?!stream).){0,2000}?)(>>\s*stream\r?\n)(.*?)(\r?\nendstream)", re.S)

    def one(m: re.Match[bytes]) -> bytes:
        head = m.group(1)
        if b"/FlateDecode" not in head or b"/Length" not in head:
            return m.group(0)
        try:
            plain = zlib.decompressobj().decompress(m.group(3))
        except zlib.error:
            return m.group(0)
        new = edit(plain)
        if new is None:
            return m.group(0)
        packed = zlib.compress(new)
        head = re.sub(rb"/Length\s+\d+(\s+\d+\s+R)?", b"/Length %d" % len(packed), head, count=1)
        return head + m.group(2) + packed + m.group(4)

    return pattern.sub(one, data)


def lone_surrogate_tounicode(data: bytes) -> bytes:
    """Every ToUnicode CMap maps its characters to U+DC00 (a lone surrogate, as a broken font does)."""

    def edit(plain: bytes) -> bytes | None:
        if b"begincmap" not in plain:
            return None
        return re.sub(rb"(<[0-9A-Fa-f]+>\s*)<[0-9A-Fa-f]{4}>(\s)", rb"\1<DC00>\2", plain, count=2)

    return pdf_streams(data, edit)


def repeat_contents(data: bytes, times: int) -> bytes:
    """The first page's /Contents made an array repeating its stream TIMES times."""
    m = re.search(rb"/Contents (\d+ 0 R)", data)
    if not m:
        return data
    arr = b"[" + b" ".join([m.group(1)] * times) + b"]"
    return data[:m.start()] + b"/Contents " + arr + data[m.end():]


# DOCX / XLSX


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def set_all(pattern: bytes, value: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: re.sub(pattern, value, xml)


def grid_before(value: bytes) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"<w:tr>", b"<w:tr><w:trPr><w:gridBefore w:val=\"" + value + b"\"/></w:trPr>", 50)
    return edit


def grid_span(value: bytes, count: int = 0) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        if b"<w:gridSpan " in xml:
            return re.sub(rb'<w:gridSpan w:val="\d+"/>', b'<w:gridSpan w:val="' + value + b'"/>', xml, count=count)
        return xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="' + value + b'"/>', count or 20)
    return edit


def nested_tables(depth: int) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        inner = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
        for _ in range(depth):
            inner = b"<w:tbl><w:tr><w:tc>" + inner + b"<w:p/></w:tc></w:tr></w:tbl>"
        return xml.replace(b"<w:body>", b"<w:body>" + inner, 1)
    return edit


def sheet_add_cell(ref: bytes, row: int) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="%d"><c r="%s"><v>1</v></c></row></sheetData>' % (row, ref), 1)
    return edit


def sheet_add_merge(ref: bytes) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        if b"<mergeCells" in xml:
            return re.sub(rb"<mergeCells( count=\"\d+\")?>", b'<mergeCells><mergeCell ref="' + ref + b'"/>', xml,
                          count=1)
        return xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="' + ref + b'"/>'
                           b"</mergeCells>", 1)
    return edit


# ------------------------------------------------------------------------------------------------ cases


def _sources(include_real: bool, realdocs: Path = REALDOCS) -> dict[str, Path]:
    sources = dict(SAMPLE_SOURCES)
    if include_real:
        sources.update({k: realdocs / name for k, name in REAL_NAMES.items() if (realdocs / name).exists()})
    return sources


def _suffix(path: Path) -> bytes:
    return path.suffix.encode()


def byte_cases(sources: dict[str, Path]) -> Iterator[Case]:
    ops: list[tuple[str, Callable[[bytes, random.Random], bytes]]] = [
        ("flip1", lambda d, r: flip(d, r, 1)), ("flip10", lambda d, r: flip(d, r, 10)),
        ("flip100", lambda d, r: flip(d, r, 100)), ("flip1000", lambda d, r: flip(d, r, 1000)),
        ("cut10", lambda d, r: cut(d, 0.1)), ("cut50", lambda d, r: cut(d, 0.5)), ("cut90", lambda d, r: cut(d, 0.9)),
        ("cut999", lambda d, r: cut(d, 0.999)), ("del1", lambda d, r: delete(d, r, 1)),
        ("del100", lambda d, r: delete(d, r, 100)), ("del5000", lambda d, r: delete(d, r, 5000)),
        ("zero16", lambda d, r: zero(d, r, 16)), ("zero4096", lambda d, r: zero(d, r, 4096)),
        ("ins64", lambda d, r: insert(d, r, 64)),
    ]
    for key, path in sources.items():
        repeats = 3 if key in SAMPLE_SOURCES else 1
        for rep in range(repeats):
            for label, op in ops:
                if rep and label.startswith("cut"):
                    continue  # a cut at a fixed fraction gives the same bytes every time
                yield Case(f"bytes-{key}-{label}-{rep}", "bytes", key, b"doc" + _suffix(path),
                           lambda r, p=path, op=op: op(_read(p), r), ci=rep == 0 and key in SAMPLE_SOURCES
                           and label in ("flip10", "cut50", "del100", "zero4096"))


def pdf_cases(sources: dict[str, Path]) -> Iterator[Case]:
    edits: list[tuple[str, Callable[[bytes], bytes], str]] = [
        ("xref-garbage", pdf_sub(rb"\d{10} \d{5} n", b"9999999999 00000 n"), ""),
        ("startxref", pdf_sub(rb"startxref\s+\d+", b"startxref\n12"), ""),
        ("no-trailer", pdf_sub(rb"trailer\s*<<.*?>>", b"", 1), ""),
        ("no-endobj", pdf_sub(rb"endobj", b""), ""),
        ("length-huge", pdf_sub(rb"/Length \d+", b"/Length 99999999"), ""),
        ("length-zero", pdf_sub(rb"/Length \d+", b"/Length 0"), ""),
        ("filter-bogus", pdf_sub(rb"/FlateDecode", b"/FooDecode"), ""),
        ("filter-lzw", pdf_sub(rb"/FlateDecode", b"/LZWDecode"), ""),
        ("count-huge", pdf_sub(rb"/Count \d+", b"/Count 100000000"), ""),
        ("count-negative", pdf_sub(rb"/Count \d+", b"/Count -5"), ""),
        ("root-missing", pdf_sub(rb"/Root \d+ 0 R", b"/Root 99999 0 R"), ""),
        ("type-page", pdf_sub(rb"/Type\s*/Page\b", b"/Type/Pagx"), ""),
        ("kids-loop", pdf_sub(rb"/Kids\s*\[", b"/Kids[1 0 R 2 0 R "), ""),
        ("rotate-45", pdf_sub(rb"/Type\s*/Page\b", b"/Type/Page/Rotate 45"), ""),
        ("rotate-90", pdf_sub(rb"/Type\s*/Page\b", b"/Type/Page/Rotate 90"), ""),
        ("mediabox-zero", pdf_sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox[0 0 0 0]"), ""),
        ("mediabox-neg", pdf_sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox[0 0 -595 -842]"), ""),
        ("mediabox-nan", pdf_sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox[0 0 1e999 abc]"), ""),
        ("mediabox-legal-max", pdf_sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox[0 0 14400 14400]"), "ocr"),
        ("mediabox-1e6", pdf_sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox[0 0 1000000 1000000]"), "ocr"),
        ("encrypt-bogus", pdf_sub(rb"trailer\s*<<", b"trailer\n<</Encrypt<</Filter/Standard/V 9/R 9>>", 1), ""),
        ("encrypt-ref", pdf_sub(rb"trailer\s*<<", b"trailer\n<</Encrypt 99999 0 R", 1), ""),
        ("tounicode-surrogate", lone_surrogate_tounicode, ""),
        ("contents-x20000", lambda d: repeat_contents(d, 20000), "ocr"),
        ("contents-x50", lambda d: repeat_contents(d, 50), ""),
        ("font-gone", pdf_sub(rb"/Font\s*<<[^>]*>>", b"/Font<<>>"), ""),
        ("stream-garbage", lambda d: pdf_streams(d, lambda s: b"q BT /F1 12 Tf ( ) Tj ET Q " * 3 + s[::-1][:200]), ""),
        ("header-gone", lambda d: d.replace(b"%PDF-", b"%XYZ-", 1), ""),
        ("eof-gone", lambda d: d.replace(b"%%EOF", b""), ""),
        ("version-2", lambda d: d.replace(b"%PDF-1.", b"%PDF-9.", 1), ""),
    ]
    ci = {"xref-garbage", "length-huge", "filter-bogus", "count-huge", "tounicode-surrogate", "kids-loop",
          "encrypt-bogus", "no-endobj"}
    for key, path in sources.items():
        if path.suffix.lower() != ".pdf":
            continue
        for label, edit, owner in edits:
            yield Case(f"pdf-{key}-{label}", "pdf", key, b"doc.pdf", lambda r, p=path, e=edit: e(_read(p)),
                       owner=owner, ci=key == "pdf" and label in ci)


_DOCX_XML = "word/document.xml"


def docx_cases(sources: dict[str, Path]) -> Iterator[Case]:
    plain = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    edits: list[tuple[str, Callable[[bytes, random.Random], bytes]]] = []
    for part in (_DOCX_XML, "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml"):
        edits.append((f"remove-{part.replace('/', '_')}", lambda d, r, part=part: zip_edit(d, part, lambda x: None)))
    roots = {
        "root-no-body": (plain + f'<w:document {_W.decode()}><w:foo/></w:document>').encode(),
        "root-other": (plain + "<html><body><table/></body></html>").encode(),
        "root-other-ns": (plain + '<w:wordDocument xmlns:w="urn:x"><w:body/></w:wordDocument>').encode(),
        "root-empty-body": (plain + f"<w:document {_W.decode()}><w:body/></w:document>").encode(),
        "xml-empty": b"",
        "xml-garbage": b"\x00\x01not xml at all <<<",
        "xml-dtd": (plain + '<!DOCTYPE d [<!ENTITY a "aaaa">]><w:document ' + _W.decode() + "/>").encode(),
    }
    for label, xml in roots.items():
        edits.append((label, lambda d, r, xml=xml: zip_edit(d, _DOCX_XML, lambda x, xml=xml: xml)))
    edits.append(("xml-cut", lambda d, r: zip_edit(d, _DOCX_XML, lambda x: x[: len(x) // 2])))
    for value in (b"1000000", b"2147483647", b"100000000000000000000", b"10000", b"-3", b"0", b"abc", b"1e9"):
        tag = value.decode()
        edits.append((f"gridspan-{tag}", lambda d, r, v=value: zip_edit(d, _DOCX_XML, grid_span(v, 1))))
        edits.append((f"gridspan-all-{tag}", lambda d, r, v=value: zip_edit(d, _DOCX_XML, grid_span(v))))
        edits.append((f"gridbefore-{tag}", lambda d, r, v=value: zip_edit(d, _DOCX_XML, grid_before(v))))
    edits.append(("vmerge-all-continue", lambda d, r: zip_edit(d, _DOCX_XML, set_all(
        rb'<w:vMerge w:val="restart"/>', b"<w:vMerge/>"))))
    edits.append(("tblgrid-100000", lambda d, r: zip_edit(d, _DOCX_XML, lambda x: re.sub(
        rb"<w:tblGrid>", b"<w:tblGrid>" + b"<w:gridCol/>" * 100000, x, count=1))))
    edits.append(("row-cells-5000", lambda d, r: zip_edit(d, _DOCX_XML, lambda x: x.replace(
        b"<w:tr>", b"<w:tr>" + b"<w:tc><w:p/></w:tc>" * 5000, 1))))
    edits.append(("nested-50", lambda d, r: zip_edit(d, _DOCX_XML, nested_tables(50))))
    edits.append(("nested-300", lambda d, r: zip_edit(d, _DOCX_XML, nested_tables(300))))
    for how in ("deflate", "offset", "crc"):
        edits.append((f"entry-{how}", lambda d, r, how=how: zip_damage_entry(d, _DOCX_XML, r, how)))
        edits.append((f"entry-{how}-2", lambda d, r, how=how: zip_damage_entry(d, _DOCX_XML, r, how)))
    ci = {"root-no-body", "root-other", "gridspan-100000000000000000000", "gridbefore-2147483647",
          "gridspan-all-1000000", "entry-deflate", "entry-offset", "remove-word_document.xml", "nested-300"}
    for key, path in sources.items():
        if path.suffix.lower() != ".docx":
            continue
        for label, op in edits:
            yield Case(f"docx-{key}-{label}", "docx-part", key, b"doc.docx", lambda r, p=path, op=op: op(_read(p), r),
                       ci=key == "docx" and label in ci)


def xlsx_cases(sources: dict[str, Path]) -> Iterator[Case]:
    sheet = "xl/worksheets/sheet1.xml"
    edits: list[tuple[str, Callable[[bytes, random.Random], bytes], str]] = []
    for part in (sheet, "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml",
                 "[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
        expect = "refuse" if part == sheet else "any"
        edits.append((f"remove-{part.replace('/', '_')}", lambda d, r, part=part: zip_edit(d, part, lambda x: None),
                      expect))
    far = [(b"A1048576", 1048576), (b"XFD1", 1), (b"XFD1048576", 1048576), (b"ZZ50000", 50000)]
    for ref, row in far:
        edits.append((f"far-cell-{ref.decode()}", lambda d, r, ref=ref, row=row: zip_edit(d, sheet, sheet_add_cell(
            ref, row)), "any"))
    for ref in (b"A1:XFD1048576", b"A1:Z100000", b"B2:B1048576", b"A200:XFD200"):
        edits.append((f"merge-{ref.decode().replace(':', '-')}", lambda d, r, ref=ref: zip_edit(
            d, sheet, sheet_add_merge(ref)), "any"))
    edits += [
        ("dimension-huge", lambda d, r: zip_edit(d, sheet, set_all(rb'<dimension ref="[^"]*"/>',
                                                                   b'<dimension ref="A1:XFD1048576"/>')), "any"),
        ("shared-index", lambda d, r: zip_edit(d, sheet, lambda x: re.sub(rb'(t="s"[^>]*><v>)\d+', rb"\g<1>999999",
                                                                          x, count=5)), "any"),
        ("cols-hidden-all", lambda d, r: zip_edit(d, sheet, lambda x: x.replace(
            b"<sheetData>", b'<cols><col min="1" max="16384" hidden="1"/></cols><sheetData>', 1)), "any"),
        ("value-1e400", lambda d, r: zip_edit(d, sheet, lambda x: re.sub(rb"<v>\d+</v>", b"<v>1e400</v>", x,
                                                                         count=20)), "any"),
        ("rows-hidden-many", lambda d, r: zip_edit(d, sheet, lambda x: x.replace(
            b"</sheetData>", b"".join(b'<row r="%d" hidden="1"/>' % i for i in range(2000, 60000)) + b"</sheetData>",
            1)), "any"),
        ("entry-deflate", lambda d, r: zip_damage_entry(d, sheet, r, "deflate"), "any"),
        ("entry-offset", lambda d, r: zip_damage_entry(d, sheet, r, "offset"), "any"),
        ("entry-crc", lambda d, r: zip_damage_entry(d, sheet, r, "crc"), "any"),
        ("sheet-root-other", lambda d, r: zip_edit(d, sheet, lambda x: b"<html/>"), "any"),
        ("sheet-cut", lambda d, r: zip_edit(d, sheet, lambda x: x[: len(x) // 2]), "any"),
    ]
    ci = {"remove-xl_worksheets_sheet1.xml", "far-cell-XFD1048576", "merge-A1-XFD1048576", "dimension-huge",
          "entry-deflate", "shared-index"}
    for key, path in sources.items():
        if path.suffix.lower() != ".xlsx":
            continue
        for label, op, expect in edits:
            yield Case(f"xlsx-{key}-{label}", "xlsx-part", key, b"book.xlsx", lambda r, p=path, op=op: op(_read(p), r),
                       expect=expect, ci=key == "xlsx" and label in ci)


def name_cases() -> Iterator[Case]:
    docx, pdf = SAMPLE_SOURCES["docx"], SAMPLE_SOURCES["pdf"]
    names: list[tuple[str, bytes, Path | None, str, bool]] = [
        ("long-235", b"r" * 230 + b".docx", docx, "any", False),
        ("long-250", b"renstra_" * 30 + b"x" * 5 + b".docx", docx, "any", False),
        ("long-250-pdf", b"p" * 246 + b".pdf", pdf, "any", False),
        ("newline", b"renstra\nmagetan.docx", docx, "any", False),
        ("newline-bad", b"renstra\nrusak.docx", None, "error", False),
        ("dash-bare", b"-renstra.docx", docx, "error", True),
        ("dash-dashdash", b"-renstra.docx", docx, "any", False),
        ("non-utf8", b"renstra_\xff\xfe_magetan.docx", docx, "any", False),
        ("non-utf8-bad", b"rusak_\xff\xfe.pdf", None, "error", False),
        ("non-utf8-pdf", b"renstra_\xe9t\xe9.pdf", pdf, "any", False),
        ("spaces-unicode", "Renstra Dinas – Magetan ü 2024 (final).docx".encode(), docx, "any", False),
        ("nfd", "Renstra e\u0301te\u0301.docx".encode(), docx, "any", False),
        ("shell-chars", b"renstra;$(echo x)`id`'\".docx", docx, "any", False),
        ("no-suffix", b"renstra", docx, "error", False),
        ("upper-suffix", b"RENSTRA.DOCX", docx, "any", False),
        ("pdf-as-docx", b"renstra.docx", pdf, "error", False),
        ("docx-as-pdf", b"renstra.pdf", docx, "error", False),
        ("xlsx-as-docx", b"renstra.docx", SAMPLE_SOURCES["xlsx"], "error", False),
        ("docx-as-xlsx", b"renstra.xlsx", docx, "error", False),
        ("dot-only", b".docx", docx, "any", False),
    ]
    ci = {"long-250", "newline-bad", "dash-bare", "non-utf8", "non-utf8-bad", "pdf-as-docx", "docx-as-pdf"}
    for label, name, path, expect, bare in names:
        def make(r: random.Random, p: Path | None = path) -> bytes:
            return _read(p) if p is not None else r.randbytes(3000)
        yield Case(f"name-{label}", "name", "docx" if path == docx else "pdf", name, make, expect=expect,
                   bare_dash=bare, ci=label in ci)


def random_cases() -> Iterator[Case]:
    for suffix in (b".pdf", b".docx", b".xlsx", b".xlsm", b".odt", b".doc", b".xls", b".ods", b".png", b".jpg",
                   b".tif"):
        for size in (5000, 50):
            label = f"{suffix.decode()[1:]}-{size}"
            yield Case(f"random-{label}", "random", "random", b"random" + suffix,
                       lambda r, n=size: r.randbytes(n), expect="refuse", ci=size == 5000 and suffix in (
                           b".odt", b".docx", b".pdf", b".xlsx", b".tif"))
    yield Case("random-png-header", "random", "random", b"random.png",
               lambda r: b"\x89PNG\r\n\x1a\n" + r.randbytes(5000), expect="refuse", ci=True)
    yield Case("random-tiff-header", "random", "random", b"random.tif",
               lambda r: b"II*\x00" + r.randbytes(5000), expect="refuse", ci=True)
    yield Case("random-pdf-header", "random", "random", b"random.pdf",
               lambda r: b"%PDF-1.7\n" + r.randbytes(5000), expect="refuse", ci=True)
    yield Case("random-zip-header", "random", "random", b"random.docx",
               lambda r: b"PK\x03\x04" + r.randbytes(5000), expect="refuse")


def _json_text(data: object) -> bytes:
    return json.dumps(data).encode()


def json_damages() -> list[tuple[str, Callable[[bytes, random.Random], bytes]]]:
    """Mutations of an extract JSON (the good one is passed in)."""
    def retype(path: list[str | int], value: object) -> Callable[[bytes, random.Random], bytes]:
        def edit(good: bytes, r: random.Random) -> bytes:
            data = json.loads(good)
            node = data
            for key in path[:-1]:
                node = node[key]  # type: ignore[index]
            node[path[-1]] = value  # type: ignore[index]
            return _json_text(data)
        return edit

    return [
        ("cut", lambda g, r: g[: len(g) // 2]),
        ("random", lambda g, r: r.randbytes(2000)),
        ("empty", lambda g, r: b""),
        ("not-utf8", lambda g, r: g.replace(b'"tables"', b'"t\xffables"', 1)),
        ("bom", lambda g, r: b"\xef\xbb\xbf" + g),
        ("array", lambda g, r: b"[1, 2, 3]"),
        ("deep", lambda g, r: b"[" * 200000 + b"]" * 200000),
        ("huge-number", lambda g, r: re.sub(rb"(\"rp\": )\d+", rb"\g<1>1e999", g)),
        ("nan", lambda g, r: re.sub(rb"(\"rp\": )\d+", rb"\g<1>NaN", g, count=3)),
        ("tables-string", retype(["tables"], "x")),
        ("tables-null", retype(["tables"], None)),
        ("rows-dict", retype(["tables", 0, "rows"], {"a": 1})),
        ("row-list", retype(["tables", 0, "rows", 0], [1, 2])),
        ("years-string", retype(["tables", 0, "rows", 0, "years"], "2024")),
        ("years-badkey", retype(["tables", 0, "rows", 0, "years"], {"abc": {"rp": 1}, "99999999999": []})),
        ("kind-number", retype(["tables", 0, "kind"], 27)),
        ("document-missing", retype(["document"], None)),
        ("flags-string", retype(["tables", 0, "rows", 0, "flags"], "x")),
        ("code-dict", retype(["tables", 0, "rows", 1, "code"], {"x": 1})),
        ("page-string", retype(["tables", 0, "rows", 0, "page"], "satu")),
    ]


def diff_load_cases(sources: dict[str, Path]) -> Iterator[Case]:
    good_json = _good_json_cache
    ci_labels = {"cut", "deep", "tables-string", "years-string", "rows-dict", "not-utf8"}
    for label, op in json_damages():
        for command in ("diff2", "load"):
            yield Case(f"{command}-json-{label}", command.rstrip("2"), "docx", b"before.json",
                       lambda r, op=op: op(good_json(), r), command=command,
                       ci=label in ci_labels and command == "diff2" or label in ("cut", "years-string", "deep",
                                                                                    "rows-dict") and command == "load")
    damaged_docs: list[tuple[str, str, Callable[[bytes, random.Random], bytes]]] = [
        ("docx", "entry-deflate", lambda d, r: zip_damage_entry(d, _DOCX_XML, r, "deflate")),
        ("docx", "root-no-body", lambda d, r: zip_edit(d, _DOCX_XML, lambda x: (
            f'<w:document {_W.decode()}><w:foo/></w:document>').encode())),
        ("docx", "gridspan-1e20", lambda d, r: zip_edit(d, _DOCX_XML, grid_span(b"100000000000000000000"))),
        ("docx", "cut50", lambda d, r: cut(d, 0.5)),
        ("pdf", "cut50", lambda d, r: cut(d, 0.5)),
        ("pdf", "flip100", lambda d, r: flip(d, r, 100)),
        ("pdf", "xref-garbage", lambda d, r: pdf_sub(rb"\d{10} \d{5} n", b"9999999999 00000 n")(d)),
        ("xlsx", "far-cell", lambda d, r: zip_edit(d, "xl/worksheets/sheet1.xml", sheet_add_cell(b"XFD1048576",
                                                                                                  1048576))),
    ]
    for key, label, op in damaged_docs:
        path = sources[key]
        for command in ("diff", "diff2"):
            yield Case(f"{command}-doc-{key}-{label}", "diff", key, b"before" + _suffix(path),
                       lambda r, p=path, op=op: op(_read(p), r), command=command,
                       ci=command == "diff2" and label in ("entry-deflate", "root-no-body", "cut50"))


_GOOD_JSON: dict[str, bytes] = {}


def _good_json_cache() -> bytes:
    """The extract JSON of the sample DOCX (made once per campaign, in a subprocess like the cases)."""
    if "docx" not in _GOOD_JSON:
        with tempfile.TemporaryDirectory(prefix="renstra-fuzz-good-") as tmp:
            subprocess.run([sys.executable, "-m", "extractor", "extract", str(SAMPLE_SOURCES["docx"]), "-o", tmp,
                            "-q"], check=True, env=_env(Path(tmp)), cwd=tmp)
            _GOOD_JSON["docx"] = next(Path(tmp).glob("*.json")).read_bytes()
    return _GOOD_JSON["docx"]


def all_cases(include_real: bool = True, realdocs: Path = REALDOCS) -> list[Case]:
    sources = _sources(include_real, realdocs)
    cases = [*byte_cases(sources), *pdf_cases(sources), *docx_cases(sources), *xlsx_cases(sources),
             *name_cases(), *random_cases(), *diff_load_cases(sources)]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return cases


# ------------------------------------------------------------------------------------------------ running


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["TMPDIR"] = str(tmp)
    env.pop("PYTHONFAULTHANDLER", None)
    return env


def _limits(memory: int) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.setsid()
    return apply


def _command(case: Case, folder: Path, input_name: bytes, out: Path) -> list[bytes | str]:
    base: list[bytes | str] = [sys.executable, "-m", "extractor"]
    name_arg: list[bytes | str] = [input_name] if case.bare_dash or not input_name.startswith(b"-") else [
        b"--", input_name]
    if case.command == "extract":
        return [*base, "extract", "-o", str(out), *name_arg]
    if case.command == "diff":
        return [*base, "diff", "-o", str(out), *name_arg]
    if case.command == "diff2":
        good = SAMPLE_SOURCES["docx"]
        return [*base, "diff", "-o", str(out), *name_arg, str(good)]
    if case.command == "load":
        return [*base, "load", str(folder / "in"), "--db", str(folder / "db.sqlite")]
    raise ValueError(case.command)


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def name_key(name: bytes) -> str:
    """What an error line must contain to name the file: the longest run of plain letters/digits in its stem."""
    stem = name.rsplit(b".", 1)[0] if b"." in name[1:] else name
    runs = re.findall(rb"[A-Za-z0-9_]{3,}", stem)
    return max(runs, key=len).decode()[:40] if runs else ""


def classify(case: Case, rc: int | None, stderr: str, out_files: list[str], tmp_left: list[str]) -> tuple[str, str]:
    """(class, reason) of one finished run; see the module notes."""
    died = _classify_death(rc, stderr)
    if died is not None:
        return died
    lines = [line for line in stderr.splitlines() if line.strip()]
    if tmp_left:
        return "messy-error" if rc else "ok-leak", f"temporary files left: {tmp_left[:3]}"
    if rc == 0:
        return _classify_success(case, lines)
    if rc not in (1, 2):
        return "other-exit", f"exit {rc}: {_last_line(stderr)}"
    if case.command == "load":
        return _classify_load(case, lines)
    return _classify_error(case, lines, out_files)


def _classify_death(rc: int | None, stderr: str) -> tuple[str, str] | None:
    """(class, reason) of a run that did not end by itself: a hang, out of memory, a traceback or a crash."""
    if rc is None:
        return "hang", "time limit passed"
    if re.search(r"MemoryError|out of memory|Cannot allocate memory|std::bad_alloc", stderr):
        return "oom", _last_line(stderr)
    if "Traceback (most recent call last)" in stderr:
        return "traceback", _last_line(stderr)
    if rc < 0:
        return "crash", f"killed by signal {-rc}"
    if "Fatal Python error" in stderr:
        return "crash", "Fatal Python error"
    return None


def _classify_success(case: Case, lines: list[str]) -> tuple[str, str]:
    """A run that exited 0: ok, unless the input had to be refused (an error, or a note saying it is no
    document)."""
    if case.expect == "error":
        return "messy-error", "exit 0 for an input that must be refused"
    if case.expect == "refuse" and not any(line.startswith("note:") and "nomenclature" not in line
                                           for line in lines):
        return "messy-error", "exit 0 with no note for an input that is not a document"
    return "ok", ""


def _classify_error(case: Case, lines: list[str], out_files: list[str]) -> tuple[str, str]:
    stderr = "\n".join(lines)
    errors = [line for line in lines if line.startswith("Error:")]
    key = name_key(case.name)
    if len(lines) != 1 or len(errors) != 1:
        return "messy-error", f"{len(lines)} stderr line(s): {_last_line(stderr)}"
    if key and key not in errors[0]:
        return "messy-error", f"the error does not name the file: {errors[0]}"
    if case.command == "extract" and out_files:
        return "messy-error", f"outputs left after a refused document: {out_files[:3]}"
    if re.search(r"PDFium: Success|\\n|\\u[dD][89a-fA-F]", errors[0]):
        return "messy-error", f"odd reason: {errors[0]}"
    return "clean-error", errors[0]


def _classify_load(case: Case, lines: list[str]) -> tuple[str, str]:
    odd = [line for line in lines if not line.startswith(("failed:", "loaded ", "Error:"))]
    if odd:
        return "messy-error", f"unexpected line: {odd[0]}"
    failed = [line for line in lines if line.startswith("failed:")]
    if not failed or not all(name_key(case.name) in line for line in failed):
        return "messy-error", "the failure does not name the file"
    return "clean-error", failed[0]


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def run_case(case: Case, seed: int, timeout: float, memory: int, nice: int = 0) -> Outcome:
    rng = random.Random(f"{seed}:{case.id}")
    folder = Path(tempfile.mkdtemp(prefix="renstra-fuzz-"))
    try:
        (folder / "in").mkdir()
        (folder / "tmp").mkdir()
        out = folder / "out"
        try:
            data = case.make(rng)
        except OSError as exc:  # its source went away during the campaign
            return Outcome(case.id, case.family, case.source, case.owner, "not-run", f"cannot build it: {exc}",
                           None, 0.0, "")
        input_path = os.path.join(os.fsencode(folder / "in"), case.name)
        with open(input_path, "wb") as fh:
            fh.write(data)
        cmd = _command(case, folder, case.name, out)
        if nice:
            cmd = ["nice", "-n", str(nice), *cmd]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=folder / "in", env=_env(folder / "tmp"), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limits(memory))
        try:
            _stdout, err = proc.communicate(timeout=time_limit(case, timeout))
            rc: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            _stdout, err = proc.communicate()
            rc = None
        seconds = time.perf_counter() - start
        stderr = err.decode("utf-8", "replace")
        cls, reason = classify(case, rc, stderr, _files(out), _files(folder / "tmp"))
        if cls == "ok-leak":
            cls = "messy-error"
        return Outcome(case.id, case.family, case.source, case.owner, cls, reason, rc, round(seconds, 2),
                       stderr[-600:])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def time_limit(case: Case, timeout: float) -> float:
    """The seconds ``case`` may run: ``timeout``, or the time ``renstra batch`` allows a PDF of as many pages as the
    case's source (``DEFAULT_SECONDS_PER_PAGE`` each) when more. Counted on the source, not on the damaged file: a
    mutation can make a page count absurd, never the work legitimately larger."""
    from extractor.settings import DEFAULT_SECONDS_PER_PAGE

    return max(timeout, _source_pages(case.source) * DEFAULT_SECONDS_PER_PAGE)


@functools.cache
def _source_pages(key: str) -> int:
    """Pages of the source PDF named ``key`` (0 for any other source or one that is not there)."""
    path = SAMPLE_SOURCES.get(key) or (REALDOCS / REAL_NAMES[key] if key in REAL_NAMES else None)
    if path is None or path.suffix.lower() != ".pdf" or not path.exists():
        return 0
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def run_campaign(cases: list[Case], seed: int = DEFAULT_SEED, timeout: float = DEFAULT_TIMEOUT,
                 memory: int = DEFAULT_MEMORY, jobs: int = 1, nice: int = 0,
                 progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Run every case (``jobs`` at a time) and return the outcomes in case order."""
    if any(c.command in ("diff2", "load") for c in cases):
        _good_json_cache()

    def one(case: Case) -> Outcome:
        outcome = run_case(case, seed, timeout, memory, nice)
        if progress is not None:
            progress(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, cases))


def ci_cases() -> list[Case]:
    """The fixed subset run by tests/test_fuzz.py: samples only, about 60 cases."""
    return [c for c in all_cases(include_real=False) if c.ci]


def report_text(outcomes: list[Outcome], seconds: float) -> str:
    by_class = Counter(o.cls for o in outcomes)
    lines = [f"# renstra fuzz campaign: {len(outcomes)} cases in {seconds:.0f} s", "",
             "| class | cases | of which owned by ocr |", "|---|---|---|"]
    for cls in CLASSES:
        lines.append(f"| {cls} | {by_class.get(cls, 0)} | "
                     f"{sum(1 for o in outcomes if o.cls == cls and o.owner == 'ocr')} |")
    families = sorted({o.family for o in outcomes})
    lines += ["", "| family | " + " | ".join(CLASSES) + " |", "|---" * (len(CLASSES) + 1) + "|"]
    for fam in families:
        counts = Counter(o.cls for o in outcomes if o.family == fam)
        lines.append(f"| {fam} | " + " | ".join(str(counts.get(c, 0)) for c in CLASSES) + " |")
    bad = [o for o in outcomes if o.cls in BAD]
    if bad:
        lines += ["", "## Broken promises", ""]
        for o in bad:
            owner = " (owned by ocr)" if o.owner else ""
            lines.append(f"- `{o.id}`{owner}: **{o.cls}** ({o.seconds} s) {o.reason}")
    slow = sorted(outcomes, key=lambda o: -o.seconds)[:5]
    lines += ["", "Slowest: " + ", ".join(f"`{o.id}` {o.seconds} s" for o in slow), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subset", choices=["all", "ci"], default="all")
    parser.add_argument("--family", action="append", help="only these families (repeatable)")
    parser.add_argument("--case", action="append", help="only cases whose id contains this text (repeatable)")
    parser.add_argument("--no-realdocs", action="store_true", help="only the samples as sources")
    parser.add_argument("--realdocs", type=Path, default=REALDOCS, help="folder of the real documents")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per case")
    parser.add_argument("--memory-gb", type=float, default=DEFAULT_MEMORY / 1024**3, help="RLIMIT_AS per case")
    parser.add_argument("--jobs", type=int, default=1, help="cases run at the same time")
    parser.add_argument("--nice", type=int, default=10, help="niceness of the case processes")
    parser.add_argument("--report", type=Path, default=Path("fuzz-report"))
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    args = parser.parse_args(argv)
    cases = ci_cases() if args.subset == "ci" else all_cases(not args.no_realdocs, args.realdocs)
    if args.family:
        cases = [c for c in cases if c.family in args.family]
    if args.case:
        cases = [c for c in cases if any(t in c.id for t in args.case)]
    if args.list:
        for c in cases:
            print(c.id, c.family, c.source, c.owner or "-", c.expect, "ci" if c.ci else "")
        print(f"{len(cases)} case(s)", file=sys.stderr)
        return 0
    start = time.perf_counter()
    done = Counter[str]()

    def progress(o: Outcome) -> None:
        done[o.cls] += 1
        mark = "" if o.cls in ("ok", "clean-error") else f"  <- {o.reason[:120]}"
        print(f"[{sum(done.values())}/{len(cases)}] {o.cls:11} {o.seconds:6.1f}s {o.id}{mark}", file=sys.stderr,
              flush=True)

    outcomes = run_campaign(cases, args.seed, args.timeout, int(args.memory_gb * 1024**3), args.jobs, args.nice,
                            progress)
    seconds = time.perf_counter() - start
    args.report.mkdir(parents=True, exist_ok=True)
    with (args.report / "results.jsonl").open("w", encoding="utf-8") as fh:
        for o in outcomes:
            fh.write(json.dumps(asdict(o), ensure_ascii=False) + "\n")
    text = report_text(outcomes, seconds)
    (args.report / "report.md").write_text(text, encoding="utf-8")
    print(text)
    return 1 if any(o.cls in BAD and not o.owner for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
