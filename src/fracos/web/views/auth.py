"""Signing in: the practice's members land on the dashboard, portal users on their portal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from fracos.core.errors import PermissionDenied
from fracos.practice.selectors import member_for_user


class SignInView(LoginView):
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        try:
            member = member_for_user(self.request.user)
        except PermissionDenied:
            return reverse("home")
        return reverse("portal") if member.role == "portal" else reverse("home")


def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial view for load balancers, and the floor the benchmarks compare against."""
    return HttpResponse("ok", content_type="text/plain")


class ResetForm(PasswordResetForm):
    """Also reaches members added without a password: the reset link is how they set one."""

    def get_users(self, email: str) -> Iterator[Any]:
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.lower() == email.lower())
