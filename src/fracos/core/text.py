"""The one rule for which characters free text may hold.

Text typed here ends up in XML (UBL, Factur-X), PostgreSQL, CSV and plain-text
journals. XML 1.0 cannot hold C0 control characters other than tab, newline
and carriage return, nor U+FFFE/U+FFFF or lone surrogates; PostgreSQL cannot
hold NUL. Refusing them at the input keeps every later reader working;
``xml_safe`` keeps already-stored text from breaking a document.
"""

from __future__ import annotations

import re

from fracos.core.errors import ValidationFailed

# Everything XML 1.0 refuses: C0 controls but \t \n \r, lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# On one line (names, payees, titles) line breaks and tabs are refused too.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def check_text(value: str, *, field: str) -> str:
    """`value` unchanged, or ValidationFailed naming `field` and the first forbidden character."""
    found = _NOT_XML.search(value)
    if found:
        raise ValidationFailed(
            f"{field}: contains a control character ({_describe(found.group())}) "
            "that invoices and exports cannot hold",
            field=field,
        )
    return value


def check_line(value: str, *, field: str) -> str:
    """Like `check_text`, for one-line text: line breaks and tabs are refused too."""
    found = _NOT_ONE_LINE.search(value)
    if found:
        raise ValidationFailed(
            f"{field}: contains a line break or control character ({_describe(found.group())}); "
            "it must be one line of text",
            field=field,
        )
    return value


def xml_safe(value: str) -> str:
    """`value` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)
