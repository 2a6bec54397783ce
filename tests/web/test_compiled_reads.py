"""The per-request reads (session, user, membership) through SQL compiled once answer as
Django's own would: expired sessions and inactive users are nobody, the practice is whole."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from fracos.practice.compiled import compiled_sql
from fracos.practice.models import Member
from fracos.practice.selectors import member_for_user
from tests.web.conftest import OWNER


def test_an_expired_session_signs_nobody_in(cast, login):
    browser = login(OWNER)
    assert browser.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    answer = browser.get("/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login/")


def test_an_inactive_user_is_signed_out(cast, login):
    browser = login(OWNER)
    get_user_model().objects.filter(email=OWNER).update(is_active=False)
    assert browser.get("/").status_code == 302


def test_the_membership_comes_with_its_whole_practice(cast):
    user = get_user_model().objects.get(email=OWNER)
    found = member_for_user(user)
    expected = Member.objects.select_related("practice").get(user=user)
    assert found.pk == expected.pk and found.role == expected.role
    for field in found.practice._meta.concrete_fields:
        assert getattr(found.practice, field.attname) == getattr(
            expected.practice, field.attname
        ), field.name
    assert isinstance(found.practice.created_at, datetime) and found.practice.created_at.tzinfo
    assert found.practice.rules == expected.practice.rules


def test_a_query_whose_parameters_are_not_the_placeholders_is_refused(db):
    with pytest.raises(AssertionError, match="parameters"):
        compiled_sql("test-refused", lambda: Member.objects.filter(user_id=1), (0,))
