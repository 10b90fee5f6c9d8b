"""Exceptions for unusable input, and the catalog of flag codes for doubtful data.

Exceptions are for a file or reference list the tool cannot use at all; a doubtful value inside a usable
document is a model.Flag with one of FLAG_CODES, kept next to the value. Imports nothing from the package.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
REPLACEMENT = "\ufffd"


def without_surrogates(text: str) -> str:
    """TEXT with every lone surrogate (a font's broken ToUnicode map, a non-UTF-8 byte of a file name decoded
    with surrogateescape) replaced by U+FFFD: such a string cannot be written as UTF-8."""
    return _SURROGATE.sub(REPLACEMENT, text)


def count_surrogates(text: str) -> int:
    return len(_SURROGATE.findall(text))


def printable(text: str) -> str:
    """TEXT fit for a one-line message: lone surrogates as U+FFFD, control characters (a newline in a file
    name) as '?'."""
    return _CONTROL.sub("?", without_surrogates(text))


def first_line(text: str) -> str:
    """The first line of TEXT that holds anything, stripped ("" when none does): what a one-line report says
    of an error's message."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


class ExtractorError(Exception):
    """Base class: the CLI turns every ExtractorError into a one-line message and exit code 1."""


class InputError(ExtractorError):
    """The input document cannot be read: missing, empty, corrupt, encrypted, unsupported, no text layer."""


class ReferenceDataError(ExtractorError):
    """A nomenclature / mapping file is unusable: unreadable, wrong layout, duplicate codes, missing parents."""


class OutputError(ExtractorError):
    """An output cannot be written (folder not writable, disk full)."""


# code -> what it means. Every Flag.code and Note.code must be one of these (tests check it).
FLAG_CODES: dict[str, str] = {
    "ambiguous-number": "a number whose separators allow two readings (e.g. '1.122'); the chosen reading is said",
    "unparsed-number": "text in a numeric column that is not a number; kept as raw text, value null",
    "overflow-cell": "a spreadsheet overflow ('##', '###') printed instead of a value; value null",
    "unit-in-number": "a unit printed inside a numeric cell ('58 Dokumen'); number and unit kept apart",
    "odd-code": "a code printed in an unusual form ('013', '000 2', two-digit sub-kegiatan); canonical form derived",
    "unparsed-code": "a code cell that could not be read as a nomenclature code",
    "level-guessed": "the level was inferred from the name or position, not from the code",
    "shifted-cells": "cells were printed one column off their header; moved back where the header says",
    "unplaced-cell": "a value that could not be put under any header column",
    "wrapped-value": "a value that wrapped over lines inside its cell was joined",
    "no-match": "no nomenclature entry matches the code or the name",
    "ambiguous-match": "two nomenclature entries match almost equally well",
    "code-unknown": "the code is not in the nomenclature",
    "code-from-document": "the table prints no code; the code is the one the document's list of programs "
                          "(PROGRAM-LIST) prints beside the same name, or prints for the nomenclature entry the "
                          "row's name matches",
    "ocr": "the value was read by OCR",
    "ocr-low-confidence": "OCR read the value with low confidence",
    "ocr-sum-mismatch": "an amount read by OCR takes part in a parent = sum of children check that fails: it or "
                        "another amount of the check is misread",
    "ocr-missing-value": "OCR read no amount in a year's cell of a row that has amounts in its other years",
    "ocr-corrected": "a value OCR misread, set by the table's own arithmetic or hierarchy: an amount one or two "
                     "digits off the sum of its children (each read twice alike), an urusan digit off the code the "
                     "row sits under; the flag keeps what OCR read",
    "replaced-character": "the value held characters that are not valid Unicode (a font's broken ToUnicode map); "
                          "they were replaced by U+FFFD",
}

NOTE_CODES: dict[str, str] = {
    "text-unreadable": "pages whose text layer cannot be read (fonts printed without a map to Unicode give glyph "
                       "numbers, not letters): taken as scanned pages and OCRed",
    "scan-text-layer": "scanned pages under an invisible text layer from another program's OCR ('searchable PDF'): "
                       "that layer is not used (placed word by word, no table structure); the pages are OCRed",
    "banner-row": "a row printed over the whole width above a table's header (Visi, Misi ...): not a row of the "
                  "table; its text kept in this note",
    "section-row": "a line printed across a table's body (one merged cell over every column: 'Sasaran 1: ...', "
                   "'Tujuan: ...', a PD's name) heading the rows under it: not a row; its text and the rows it "
                   "stands over kept in this note",
    "caption-without-table": "a table caption was found but no table follows it",
    "columns-joined": "a wide table printed in halves (every row with the first columns, then the same rows with the "
                      "others under a header of their own): the second half's columns were set beside the rows, row "
                      "by row in order; the note names its pages and header",
    "columns-not-joined": "a wide table printed in halves whose second half holds another number of rows: its columns "
                          "were not joined and their values not extracted",
    "table-as-picture": "a Word document prints a picture under the caption of a TC table that was not read: the "
                        "table pasted as an image, which the Word reader cannot read (its PDF is read by OCR)",
    "continuation-not-joined": "a table printed right after a TC table with no caption or header of its own, on other "
                               "column lines than the TC table's: not joined to it, and not read",
    "table-not-claimed": "a table whose header names programs and kegiatan is none of the kinds this tool reads "
                         "(a plan printed without indicator, code or Rp columns): its rows were not extracted; the "
                         "note names its caption, pages, size and header",
    "table-not-found": "no Renstra table (or none of a kind asked for) was found in the document",
    "listed-not-funded": "sub kegiatan the document's list of programs prints (with their codes) that no row of its "
                         "funding table (TC.27) holds",
    "years-as-rows": "a TC.23/TC.24 printed with one row per year ('Tahun | Pagu Anggaran | Realisasi'): read as one "
                     "row named after its caption, with the years as columns",
    "not-a-renstra": "the document names itself a Renja (annual plan) far more often than a Renstra: the tables "
                     "found only by their title or header were not claimed as Renstra TC tables",
    "matching-skipped": "matching was turned off (--nomenclature none), so rows were not matched",
    "codes-unknown": "printed codes that the nomenclature matched against does not know (a version not bundled)",
    "header-not-understood": "a table was recognised but its header was not understood: the kind's essential "
                             "fields (mappings/tables.json essentials) have no column; the note lists the header "
                             "words nobody typed; or a table printed without ruling lines on a page of prose whose "
                             "cells do not fit its columns (a target column holding text, numbers under no field "
                             "or glued to a name): its rows are not read and the note names the page",
    "columns-untyped": "some header columns could not be typed; their cells are kept in each row under 'extra'",
    "columns-from-body": "a column typed from what its cells hold, where its header says otherwise or nothing (a "
                         "'Kode' column of codes with their names read as the name; amounts right of a year's target "
                         "read as its Rp)",
    "relative-years": "the header prints relative years (Tahun 1 ... n); the note says which calendar years they "
                      "were read as, and why",
    "year-index-kept": "relative years whose calendar years could not be found: the years stay the printed index "
                       "(1 ... n)",
    "amounts-scaled": "Rp amounts are printed in thousands or millions; values are kept as printed and the table's "
                      "rp_scale gives the factor",
    "several-items": "one goal cell (tujuan, sasaran, indikator) lists several numbered items (1. ... 2. ...) that "
                     "the table does not pair with its other columns; kept whole as printed",
    "merge-split-unsure": "a merged cell cut by a page break (TUJUAN, SASARAN) whose two pieces were kept as two "
                          "values, although the first reads as the start of a value printed elsewhere: check it",
    "header-from-page": "a column the table's first-page header leaves unreadable was typed from the header a "
                        "continuation page repeats",
    "extra-column": "a continuation page's column has no counterpart on the table's first page: kept as an extra "
                    "column at the right, under its own header",
    "no-text-layer": "pages without a text layer were skipped",
    "ocr-skipped": "image-only pages that cannot hold a table (no ruled lines, not beside table pages) were not OCRed",
    "ocr-unavailable": "scanned pages were not read because Tesseract (or its Indonesian model) is not installed",
    "pictures-read": "tables pasted into a Word document as pictures were read by OCR; 'page N' of their rows "
                     "and notes is the N-th picture read, which the note names",
    "ocr-no-table": "a scanned page that looks like a table was OCRed, but no table could be rebuilt from it",
    "year-misread": "a header year that breaks the run of consecutive years the header prints, one digit off the "
                    "year its place asks for ('2023' between 2028 and 2030): read as that year",
    "ocr-table-doubtful": "a table read wholly by OCR has no code or non-consecutive years: its header was misread",
    "page-failed": "a page could not be read (damaged, refused by a tool, or crashed the PDF library); the rest was",
    "internal-error": "a defect in renstra while reading a page or a table; the traceback is in the log file",
    "replaced-characters": "characters that are not valid Unicode were replaced by U+FFFD; their values are flagged",
    "output-name-shortened": "the input's name is too long for the output files' names; they were shortened",
    "sheet-missing": "a sheet the workbook lists has no data part (a damaged file); it was not read",
}

# Notes that say part of the document was not read: `extract --strict` exits 2 when any is present.
INCOMPLETE_NOTE_CODES = frozenset({"ocr-unavailable", "ocr-no-table", "ocr-table-doubtful", "page-failed",
                                   "internal-error", "columns-not-joined", "table-as-picture",
                                   "continuation-not-joined"})
