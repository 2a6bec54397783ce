from __future__ import annotations

import io
from decimal import Decimal

import pytest
import segno
from PIL import Image

from fracos.billing.identifiers import (
    epc_qr_payload,
    epc_qr_png,
    epc_qr_svg,
    parse_peppol_id,
    peppol_endpoint,
    structured_communication,
    validate_be_enterprise_number,
    validate_bic,
    validate_iban,
    validate_structured_communication,
    validate_vat,
)
from fracos.core.errors import ValidationFailed


def test_it_accepts_a_good_vat_number_and_returns_it_compact() -> None:
    assert validate_vat("be 0403.019.261") == "BE0403019261"
    assert validate_vat("NL004495445B01") == "NL004495445B01"


def test_it_rejects_a_vat_number_with_bad_check_digits() -> None:
    with pytest.raises(ValidationFailed) as err:
        validate_vat("BE0403019262")
    assert err.value.field == "vat_number"
    assert "check digits" in err.value.message


def test_it_rejects_a_vat_number_from_an_unknown_country() -> None:
    with pytest.raises(ValidationFailed) as err:
        validate_vat("XX123456789", field="buyer_vat")
    assert err.value.field == "buyer_vat"
    assert "country" in err.value.message


def test_it_rejects_a_vat_number_of_the_wrong_length() -> None:
    with pytest.raises(ValidationFailed, match="number of characters"):
        validate_vat("BE12")


def test_it_compacts_a_belgian_enterprise_number() -> None:
    assert validate_be_enterprise_number("0403.019.261") == "0403019261"
    with pytest.raises(ValidationFailed) as err:
        validate_be_enterprise_number("0403.019.262")
    assert err.value.field == "enterprise_number"


@pytest.mark.parametrize(
    ("country", "vat", "enterprise", "peppol_id", "expected"),
    [
        ("BE", "BE0403019261", "0403019261", None, ("0208", "0403019261")),
        ("BE", "BE0403019261", None, None, ("9925", "BE0403019261")),
        ("NL", "NL004495445B01", None, None, ("9944", "NL004495445B01")),
        ("DE", "DE136695976", None, None, ("9930", "DE136695976")),
        ("FR", "FR40303265045", None, None, ("9957", "FR40303265045")),
        ("BE", "BE0403019261", "0403019261", "9925:BE0403019261", ("9925", "BE0403019261")),
        ("US", None, None, "0088:4035811991021", ("0088", "4035811991021")),
        ("US", None, None, None, None),
    ],
)
def test_it_picks_the_peppol_endpoint_of_a_party(
    country: str,
    vat: str | None,
    enterprise: str | None,
    peppol_id: str | None,
    expected: tuple[str, str] | None,
) -> None:
    found = peppol_endpoint(
        country=country, vat_number=vat, enterprise_number=enterprise, peppol_id=peppol_id
    )
    assert found == expected


@pytest.mark.parametrize("bad", ["208:0403019261", "0208", "abcd:123", "0208:0403019262"])
def test_it_rejects_a_malformed_peppol_id(bad: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        parse_peppol_id(bad)
    assert err.value.field == "peppol_id"


def test_it_builds_a_structured_communication_with_mod_97_check_digits() -> None:
    assert structured_communication(1) == "+++000/0000/00101+++"
    # 0000000097 mod 97 is 0, which the OGM writes as 97.
    assert structured_communication(97) == "+++000/0000/09797+++"
    assert structured_communication(2026001).endswith("+++")


def test_it_round_trips_a_structured_communication() -> None:
    for seq in (1, 42, 2026001, 9999999999):
        ogm = structured_communication(seq)
        assert validate_structured_communication(ogm) == ogm
    assert validate_structured_communication("***000/0000/00101***") == "+++000/0000/00101+++"
    assert validate_structured_communication("000000000101") == "+++000/0000/00101+++"


def test_it_rejects_a_structured_communication_with_bad_check_digits() -> None:
    with pytest.raises(ValidationFailed, match="check digits") as err:
        validate_structured_communication("+++000/0000/00102+++")
    assert err.value.field == "payment_reference"


def test_it_refuses_a_sequence_an_ogm_cannot_hold() -> None:
    with pytest.raises(ValidationFailed):
        structured_communication(10**10)


def test_it_validates_iban_and_bic() -> None:
    assert validate_iban("BE71 0961 2345 6769") == "BE71096123456769"
    assert validate_bic("gkcc be bb") == "GKCCBEBB"
    with pytest.raises(ValidationFailed) as err:
        validate_iban("BE71 0961 2345 6768")
    assert err.value.field == "iban"
    with pytest.raises(ValidationFailed) as err:
        validate_bic("GK")
    assert err.value.field == "bic"


def _epc(**changes: object) -> str:
    args: dict[str, object] = {
        "name": "Lumen Advisory BV",
        "iban": "BE71 0961 2345 6769",
        "bic": "GKCCBEBB",
        "amount": Decimal("1234.5"),
        "currency": "EUR",
        "remittance": "+++000/0000/00101+++",
        "structured": True,
    }
    args.update(changes)
    return epc_qr_payload(**args)  # type: ignore[arg-type]


def test_it_writes_the_epc_payload_lines_in_order() -> None:
    assert _epc().split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "GKCCBEBB",
        "Lumen Advisory BV",
        "BE71096123456769",
        "EUR1234.50",
        "",
        "000000000101",
    ]


def test_it_puts_free_text_in_the_unstructured_remittance_line() -> None:
    lines = _epc(remittance="Invoice 2026-0001", structured=False, bic=None).split("\n")
    assert lines[4] == ""
    assert lines[9] == ""
    assert lines[10] == "Invoice 2026-0001"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"currency": "USD"}, "currency"),
        ({"amount": Decimal("1000000000")}, "amount"),
        ({"amount": Decimal("0")}, "amount"),
        ({"iban": "BE00 0000 0000 0000"}, "iban"),
        ({"name": "x" * 71}, "name"),
        ({"remittance": "+++000/0000/00102+++"}, "payment_reference"),
    ],
)
def test_it_refuses_an_epc_payload_a_bank_would_reject(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationFailed) as err:
        _epc(**changes)
    assert err.value.field == field


def test_it_draws_the_epc_payload_as_an_svg_qr_code() -> None:
    svg = epc_qr_svg(_epc())
    assert svg.startswith("<svg")
    assert segno.make(_epc(), error="m").error == "M"


def test_it_draws_the_epc_payload_as_a_png_qr_code_one_pixel_per_module() -> None:
    png = Image.open(io.BytesIO(epc_qr_png(_epc()))).convert("1")
    matrix = segno.make(_epc(), error="m", micro=False, encoding="utf-8").matrix
    border = 4
    assert png.size == (len(matrix) + 2 * border,) * 2
    dark = {
        (x, y) for x in range(png.size[0]) for y in range(png.size[1]) if not png.getpixel((x, y))
    }
    assert dark == {
        (x + border, y + border) for y, row in enumerate(matrix) for x, bit in enumerate(row) if bit
    }
