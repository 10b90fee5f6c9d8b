"""Exceptions for unusable input, and the catalog of flag codes for doubtful data.

Exceptions are for a file or reference list the tool cannot use at all; a doubtful value inside a usable
document is a model.Flag with one of FLAG_CODES, kept next to the value. Imports nothing from the package.
"""

from __future__ import annotations


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
    "ocr": "the value was read by OCR",
    "ocr-low-confidence": "OCR read the value with low confidence",
}

NOTE_CODES: dict[str, str] = {
    "caption-without-table": "a table caption was found but no table follows it",
    "table-not-found": "no table of this kind was found in the document",
    "matching-skipped": "no nomenclature was given, so rows were not matched",
    "header-not-understood": "a table was recognised but its header could not be mapped",
    "fragment-unplaced": "a table fragment could not be attached to any table",
    "no-text-layer": "pages without a text layer were skipped",
    "sheet-missing": "a sheet the workbook lists has no data part (a damaged file); it was not read",
}
