"""`fracos user add|list|remove`, and the member services behind them."""

from __future__ import annotations

import json

import pytest

from fracos.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from fracos.practice.models import Member
from fracos.practice.services import member_add, member_remove


def test_a_leader_is_added_from_the_command_line(fracos, in_practice):
    result = fracos(
        "user", "add", "sam@example.com", "--role", "leader", "--password", "s3cret-pass"
    )
    assert result.exit_code == 0, result.stderr
    assert "Added sam@example.com as leader." in result.stdout
    assert Member.objects.get(user__username="sam@example.com").role == "leader"


def test_a_portal_user_is_added_for_a_client_by_prefix(fracos, in_practice):
    result = fracos("user", "add", "cfo@acme.example", "--portal", "acme")
    assert result.exit_code == 0, result.stderr
    assert "portal user for Acme Logistics" in result.stdout
    member = Member.objects.get(user__username="cfo@acme.example")
    assert (member.role, member.client_id) == ("portal", in_practice.acme.pk)


def test_a_role_must_be_one_of_the_known_ones(fracos, in_practice):
    result = fracos("user", "add", "x@example.com", "--role", "admin")
    assert result.exit_code == 1 and "role: 'admin' is not one of" in result.stderr
    assert not Member.objects.filter(user__username="x@example.com").exists()


def test_a_role_or_a_portal_client_is_required(fracos, in_practice):
    assert "give --role" in fracos("user", "add", "x@example.com").stderr


def test_users_are_listed_as_json(fracos, in_practice):
    result = fracos("user", "list", "--format", "json")
    rows = json.loads(result.stdout)
    assert {
        "email": "portal@acme.example",
        "role": "portal",
        "client": "Acme Logistics",
        "since": "2026-11-18",
    } in rows
    assert "out@example.com" not in result.stdout


def test_a_user_is_removed(fracos, in_practice):
    result = fracos("user", "remove", "Viewer@Example.com")
    assert result.exit_code == 0 and "Removed viewer@example.com." in result.stdout
    assert not Member.objects.filter(user__username="viewer@example.com").exists()


def test_the_last_owner_cannot_be_removed(fracos, in_practice):
    result = fracos("user", "remove", "owner@example.com")
    assert result.exit_code == 1 and "is the last owner" in result.stderr


def test_a_second_owner_makes_the_first_removable(cast):
    member_add(cast.owner, email="partner@example.com", role="owner")
    member_remove(cast.owner, email="owner@example.com")
    assert not Member.objects.filter(user__username="owner@example.com").exists()


def test_a_member_with_logged_time_is_kept_on_record(cast):
    from fracos.timesheets.services import time_log

    time_log(cast.leader, seconds=3600, client="acme")
    with pytest.raises(RuleViolation, match="has logged time"):
        member_remove(cast.owner, email="leader@example.com")


def test_only_the_owner_manages_members(cast):
    for actor in (cast.leader, cast.viewer, cast.portal):
        with pytest.raises(PermissionDenied):
            member_add(actor, email="x@example.com", role="viewer")
        with pytest.raises(PermissionDenied):
            member_remove(actor, email="viewer@example.com")


def test_an_outsider_cannot_remove_another_practices_member(cast):
    with pytest.raises(NotFound):
        member_remove(cast.outsider, email="viewer@example.com")
    assert Member.objects.filter(user__username="viewer@example.com").exists()


def test_a_portal_user_needs_a_client_of_this_practice(cast):
    with pytest.raises(ValidationFailed, match="one of your clients"):
        member_add(cast.owner, email="x@example.com", role="portal")
    with pytest.raises(ValidationFailed, match="one of your clients"):
        member_add(cast.outsider, email="x@example.com", role="portal", client_id=cast.acme.pk)
    with pytest.raises(ValidationFailed, match="only portal users"):
        member_add(cast.owner, email="x@example.com", role="viewer", client_id=cast.acme.pk)
