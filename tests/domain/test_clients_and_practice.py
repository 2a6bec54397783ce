"""Clients, identities and the practice's settings, with their access rules."""

from __future__ import annotations

import pytest

from fracos.clients.selectors import client_find, client_get, client_list
from fracos.clients.services import client_add, client_archive, client_update
from fracos.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from fracos.practice.models import AuditEvent
from fracos.practice.services import playbook_update, practice_update


def test_it_validates_and_compacts_identifiers(cast):
    client = client_update(
        cast.owner,
        cast.acme.pk,
        vat_number="BE 0765.432.146",
        enterprise_number="0765.432.146",
        peppol_id="0208:0765432146",
    )
    assert client.vat_number == "BE0765432146"
    assert client.enterprise_number == "0765432146"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("vat_number", "BE0765432147", "not a valid EU VAT number"),
        ("enterprise_number", "0765432147", "not a valid Belgian enterprise number"),
        ("peppol_id", "BE0765432146", "not a Peppol id"),
        ("country", "Belgium", "ISO 3166"),
        ("payment_terms_days", "-3", "0–365"),
    ],
)
def test_it_rejects_bad_identity_values_naming_the_field(cast, field, value, reason):
    with pytest.raises(ValidationFailed, match=reason) as error:
        client_update(cast.owner, cast.acme.pk, **{field: value})
    assert error.value.field == field


def test_client_names_are_unique_per_practice_ignoring_case(cast):
    with pytest.raises(Conflict):
        client_add(cast.owner, name="acme logistics")
    # Another practice may have a client of the same name.
    assert client_add(cast.outsider, name="Acme Logistics").name == "Acme Logistics"


def test_archived_clients_leave_the_list_but_keep_their_history(cast):
    client_archive(cast.owner, cast.brightwave.pk)
    assert [c.name for c in client_list(cast.owner)] == ["Acme Logistics"]
    assert len(client_list(cast.owner, include_archived=True)) == 2
    assert client_find(cast.owner, "bright").pk == cast.brightwave.pk


def test_an_outsider_cannot_read_or_change_another_practices_clients(cast):
    with pytest.raises(NotFound):
        client_get(cast.outsider, cast.acme.pk)
    with pytest.raises(NotFound):
        client_update(cast.outsider, cast.acme.pk, name="Mine now")
    with pytest.raises(NotFound):
        client_find(cast.outsider, "acme")


def test_a_portal_user_sees_only_their_own_client(cast):
    assert [c.pk for c in client_list(cast.portal)] == [cast.acme.pk]
    with pytest.raises(NotFound):
        client_get(cast.portal, cast.brightwave.pk)
    with pytest.raises(PermissionDenied):
        client_add(cast.portal, name="Sneaky")


def test_only_the_owner_changes_the_practice(cast):
    practice = practice_update(
        cast.owner, iban="BE17 0017 0043 1521", bic="GEBABEBB", vat_number="BE0812345603"
    )
    assert practice.iban == "BE17001700431521"
    with pytest.raises(PermissionDenied):
        practice_update(cast.leader, name="Takeover")
    with pytest.raises(ValidationFailed, match="IBAN"):
        practice_update(cast.owner, iban="BE00 0000")
    assert AuditEvent.objects.filter(action="practice.updated").count() == 1


def test_playbook_settings_are_stored_per_practice(cast):
    playbook_update(cast.owner, {"max_clients": 5})
    cast.practice.refresh_from_db()
    assert cast.practice.rules.max_clients == 5
    assert cast.practice.playbook == {"max_clients": 5}
    with pytest.raises(PermissionDenied):
        playbook_update(cast.viewer, {"max_clients": 6})
