"""Text files of tables: bytes → text, refusing binary files and naming the first bad byte.

Every tabular text input (CSV, TSV, disclosure text) is decoded here, so every caller reads and
refuses the same files with the same words and points at the same byte. UTF-8 (with or without
a BOM) is read, and so is GB18030/GBK, the 'CSV' that Excel saves on Chinese Windows.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..i18n import _, os_reason
from ..language.errors import Diagnostic, SourceError, unstorable, unstorable_in_source

SNIFF = 64 * 1024  # how much of a file's head tells text from binary


def binary_kind(head: bytes) -> str | None:
    """What a file's first bytes say it is when it is not UTF-8 text; None for text."""
    if head.startswith(b"PK\x03\x04"):
        return _("a zip file (an .xlsx workbook?), not text: give the workbook a .xlsx name")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _("UTF-16 text (Excel's 'Unicode Text'), not UTF-8: save it as 'CSV UTF-8'")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _("an old Excel .xls workbook, not text: save it as .xlsx or 'CSV UTF-8'")
    if b"\x00" in head and _looks_binary(head):
        return _("a binary file, not text")
    return None


def _looks_binary(head: bytes) -> bool:
    """NUL bytes make a file binary unless they are a stray few in UTF-8 text: those are
    refused where they stand, by the reader of the cell or line that holds them."""
    if head.count(b"\x00") * 8 > len(head):
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start < len(head) - 3  # a character cut at the end of the head is still text
    return False


def refuse_binary(path: str | Path, head: bytes) -> None:
    """SourceError when the head of a file is not text."""
    kind = binary_kind(head)
    if kind is not None:
        raise SourceError([Diagnostic(str(path), 1, 0, kind)])


def undecodable(path: str | Path, encoding: str = "utf-8-sig") -> Diagnostic:
    """Where the first byte that is not UTF-8 (or not GB18030) stands."""
    if encoding == "gb18030":
        with Path(path).open("rb") as raw:
            for number, line in enumerate(raw, start=1):
                try:
                    line.decode("gb18030")
                except UnicodeDecodeError as e:
                    column = len(line[: e.start].decode("gb18030", errors="replace")) + 1
                    return Diagnostic(
                        str(path),
                        number,
                        column,
                        _(
                            "byte 0x{byte}: the file reads as GB18030 up to here, "
                            "then is neither GB18030 nor UTF-8",
                            byte=f"{line[e.start]:02x}",
                        ),
                    )
    with Path(path).open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as e:
                column = len(line[: e.start].decode("utf-8", errors="replace")) + 1
                try:
                    line.decode("gb18030")
                except UnicodeDecodeError:
                    hint = _("the file is not UTF-8 text")
                else:
                    hint = _(
                        "the file is not UTF-8; it looks like GBK/GB18030 (Excel's 'CSV' on "
                        "Chinese Windows): save it as 'CSV UTF-8', or convert it with "
                        "iconv -f GB18030 -t UTF-8"
                    )
                return Diagnostic(
                    str(path),
                    number,
                    column,
                    _("byte 0x{byte:02x}: {hint}", byte=line[e.start], hint=hint),
                )
    return Diagnostic(str(path), 0, 0, _("the file is not UTF-8 text"))  # pragma: no cover


def encoding_of(head: bytes) -> str:
    """`utf-8-sig`, or `gb18030` for a file Chinese Excel saved as 'CSV' (GBK/GB18030).

    A file is GB18030 when its very first non-ASCII bytes are not UTF-8 and they (and the
    whole head) decode as GB18030. A UTF-8 file with a stray GBK word further on stays UTF-8,
    so its first bad byte is reported where it stands.
    """
    first = next((i for i, byte in enumerate(head) if byte >= 0x80), None)
    if first is None or head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError as e:
        if e.start != first:
            return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
    except UnicodeDecodeError:
        return "utf-8-sig"
    return "gb18030"


def read_text(path: str | Path, expected: str, *, by_cell: bool = False) -> str:
    """A file's whole text (UTF-8, BOM allowed); empty, binary or undecodable files are
    positioned errors. `expected` says what the file should have been, for the message.

    A character no store can keep is an error at its line and column, unless `by_cell`: a
    table's reader names the row and cell instead."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise SourceError(
            [Diagnostic(name, 0, 0, _("cannot read file: {reason}", reason=os_reason(e)))]
        ) from None
    if not raw.strip():
        raise SourceError(
            [Diagnostic(name, 1, 1, _("empty file: expected {expected}", expected=expected))]
        )
    refuse_binary(path, raw[:SNIFF])
    encoding = encoding_of(raw[:SNIFF])
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise SourceError([undecodable(path, encoding)]) from None
    refused = None if by_cell else unstorable_in_source(text, name)
    if refused is not None:
        raise SourceError([refused])
    return text


_BLOCK = 1 << 20


def check_text(path: str | Path, expected: str, *, by_cell: bool = False) -> None:
    """What `read_text` refuses (an empty, binary or undecodable file, an unstorable character),
    looked for a block at a time, so that a province's file is never held whole. A file with
    any such problem is handed to `read_text`, which refuses it with its own diagnostic."""
    fine = False
    try:
        with Path(path).open("rb") as raw:
            head = raw.read(SNIFF)
            if binary_kind(head) is None:
                decoder = codecs.getincrementaldecoder(encoding_of(head))()
                blank, block, storable = True, head, True
                while block:
                    blank = blank and not block.strip()
                    text = decoder.decode(block)  # an undecodable byte raises
                    if not by_cell and unstorable(text) is not None:
                        storable = False
                        break
                    block = raw.read(_BLOCK)
                decoder.decode(b"", final=True)
                fine = storable and not blank
    except (OSError, UnicodeDecodeError):
        fine = False
    if not fine:
        read_text(path, expected, by_cell=by_cell)
