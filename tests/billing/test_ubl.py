from __future__ import annotations

import pytest

from fracos.billing.ubl import render_ubl
from tests.billing.cases import documents
from tests.billing.einvoice_validator import assert_valid_ubl

CASES = documents()


@pytest.mark.parametrize("name", list(CASES))
def test_every_document_is_valid_peppol_ubl(name: str, einvoice_rules: object) -> None:
    assert_valid_ubl(render_ubl(CASES[name]))
