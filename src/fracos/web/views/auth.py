"""Signing in: the practice's members land on the dashboard, portal users on their portal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from fracos.core.errors import PermissionDenied
from fracos.practice import ratelimit
from fracos.practice.selectors import member_for_user


class SignInForm(AuthenticationForm):
    """Refuses, even the right password, while the address or the username is rate-limited."""

    retry_after: int | None = None

    def clean(self) -> dict[str, Any]:
        address = ratelimit.client_address(self.request) if self.request else "unknown"
        username = self.cleaned_data.get("username") or ""
        limits = [(ratelimit.WEB_LOGIN, address)]
        if username:
            limits.append((ratelimit.WEB_LOGIN_USER, ratelimit.username_subject(username)))
        waits = [ratelimit.retry_after(limit, subject) for limit, subject in limits]
        self.retry_after = max((wait for wait in waits if wait is not None), default=None)
        if self.retry_after is not None:
            raise ValidationError(_wait_message("sign-ins", self.retry_after), code="throttled")
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                for limit, subject in limits:
                    ratelimit.record_failure(limit, subject)
            raise


class SignInView(LoginView):
    redirect_authenticated_user = True
    form_class = SignInForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        # Only the address's count: a success must not give a spread-out guesser new tries.
        ratelimit.reset(ratelimit.WEB_LOGIN, ratelimit.client_address(self.request))
        return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        return _throttled(super().form_invalid(form), getattr(form, "retry_after", None))

    def get_default_redirect_url(self) -> str:
        try:
            member = member_for_user(self.request.user)
        except PermissionDenied:
            return reverse("home")
        return reverse("portal") if member.role == "portal" else reverse("home")


class PasswordForm(PasswordChangeForm):
    """The current password is guessed no faster than at the sign-in form, per member."""

    retry_after: int | None = None

    def clean_old_password(self) -> str:
        subject = _password_subject(self.user)
        self.retry_after = ratelimit.retry_after(ratelimit.WEB_PASSWORD, subject)
        if self.retry_after is not None:
            raise ValidationError(_wait_message("attempts", self.retry_after), code="throttled")
        try:
            return str(super().clean_old_password())
        except ValidationError:
            ratelimit.record_failure(ratelimit.WEB_PASSWORD, subject)
            raise


class PasswordView(PasswordChangeView):
    form_class = PasswordForm

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        ratelimit.reset(ratelimit.WEB_PASSWORD, _password_subject(self.request.user))
        return super().form_valid(form)

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        return _throttled(super().form_invalid(form), getattr(form, "retry_after", None))


def _password_subject(user: Any) -> str:
    """Whose current-password failures are counted: the form's and the reset's one key."""
    return f"user:{user.pk}"


def _wait_message(what: str, seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many failed {what}; wait {seconds} {unit} and try again."


def _throttled(response: HttpResponse, retry_after: int | None) -> HttpResponse:
    if retry_after is not None:
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial view for load balancers, and the floor the benchmarks compare against."""
    return HttpResponse("ok", content_type="text/plain")


class ResetForm(PasswordResetForm):
    """Also reaches members added without a password: the reset link is how they set one."""

    def get_users(self, email: str) -> Iterator[Any]:
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.lower() == email.lower())
