from __future__ import annotations

import pytest

from fracos.billing.cii import render_cii
from tests.billing.cases import documents
from tests.billing.einvoice_validator import assert_valid_cii

CASES = documents()


@pytest.mark.parametrize("name", list(CASES))
def test_every_document_is_valid_en16931_cii(name: str, einvoice_rules: object) -> None:
    assert_valid_cii(render_cii(CASES[name]))
