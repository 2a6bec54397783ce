from __future__ import annotations

import pytest

from tests.billing.einvoice_validator import compiled_rules


@pytest.fixture(scope="session")
def einvoice_rules() -> object:
    """Compile the official rules once per session (about a second)."""
    return compiled_rules()
