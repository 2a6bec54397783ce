"""core/text.py: which characters free text may hold, and how stored text is made XML-safe."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree

from fracos.core import clock
from fracos.core.errors import ValidationFailed
from fracos.core.text import check_line, check_text, xml_safe

FORBIDDEN = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff", "\ud800"]


@pytest.mark.parametrize("char", FORBIDDEN)
def test_every_character_xml_cannot_hold_is_refused_naming_the_field(char: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_text(f"a{char}b", field="description")
    assert refused.value.field == "description"
    assert f"U+{ord(char):04X}" in refused.value.message


def test_text_xml_can_hold_passes_unchanged() -> None:
    text = "Café — 12 € <b>&'\"\t\r\n 日本 \U0001f600 \x7f \ufffd"
    assert check_text(text, field="notes") == text


@pytest.mark.parametrize("char", ["\n", "\r", "\t", "\x7f"])
def test_one_line_text_refuses_line_breaks_and_tabs_too(char: str) -> None:
    with pytest.raises(ValidationFailed, match=r"^name: contains a line break"):
        check_line(f"Newline{char}Corp", field="name")
    assert check_line('Semi;colon | "Quoted" Café', field="name")


def test_xml_safe_text_is_accepted_by_lxml_whatever_was_stored() -> None:
    stored = "".join(FORBIDDEN) + "kept\t\n"
    element = etree.Element("x")
    element.text = xml_safe(stored)
    assert element.text == "\ufffd" * len(FORBIDDEN) + "kept\t\n"
    assert xml_safe("plain") == "plain"


@pytest.mark.parametrize(
    "text", ["0000-01", "0000", "9999-12-31", "2026-01-01..9999-12-31", "0000-01-01", "9999-q4"]
)
def test_a_period_beyond_the_calendar_is_a_validation_error(text: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        clock.parse_period(text, date(2026, 11, 18))
    assert refused.value.field in ("period", None)


def test_the_weeks_a_page_can_show_stop_a_week_short_of_the_calendars_ends() -> None:
    assert not clock.week_browsable(date(1, 1, 7))
    assert clock.week_browsable(date(1, 1, 8))
    assert clock.week_browsable(date(9999, 12, 24))
    assert not clock.week_browsable(date(9999, 12, 25))
