"""Signing in, the two-factor code, setting up two-factor, and signing out.

Signing in is two steps for anyone with a confirmed device: the password only proves who is
trying, and the user id waits in the session (for five minutes, and five wrong codes) until the
code is given. Nobody is signed in, and no session counts as staff, before that. See
docs/staff-accounts.md.
"""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import (
    authenticate,
    get_user_model,
    login,
    logout,
    update_session_auth_hash,
)
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from wholechild.care import audit
from wholechild.care.access import role_of
from wholechild.care.models import AuditAction, Role, StaffProfile

from ..access import StaffRequest, audit_refusal, is_staff, needs_two_factor_code, staff_view
from ..middleware import LAST_SEEN, STARTED
from .forms import CodeForm, PasswordChangeForm, SignInForm

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The sign-in waiting for its code.
PENDING_USER = "staff_pending_user"
PENDING_AT = "staff_pending_at"
PENDING_FAILURES = "staff_pending_failures"
PENDING_NEXT = "staff_pending_next"
PENDING_KEYS = (PENDING_USER, PENDING_AT, PENDING_FAILURES, PENDING_NEXT)
PENDING_SECONDS = 5 * 60
MAX_CODE_FAILURES = 5


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def safe_next(request: HttpRequest, url: str | None) -> str:
    """`url` when it is a path on this site, otherwise ''."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return ""
    return url


def landing(user: User, next_url: str = "") -> str:
    """Where a member of staff goes once signed in: where they were going, unless that is the
    inbox, which an administrator does not see (they were sent to sign in from /clinic/)."""
    role = role_of(user)
    if next_url and not (role == Role.ADMIN and next_url == reverse("clinic:inbox")):
        return next_url
    if role == Role.ADMIN:
        return "clinic:two_factor_setup" if not user_has_device(user) else "clinic:staff"
    return "clinic:inbox"


def _generic_refusal(form: SignInForm) -> None:
    form.add_error(None, _("The username or password is not right"))


def _finish_sign_in(request: HttpRequest, user: User, device: TOTPDevice | None) -> None:
    for key in PENDING_KEYS:
        request.session.pop(key, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        django_otp.login(request, device)
    now = int(time.time())
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now


def _confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignInForm(request.POST)
        if form.is_valid():
            username = form.cleaned_data["username"]
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is not None and role_of(user) is None:
                # The password was right, but this is not active staff: told the same as a
                # wrong password, and counted as a failure by django-axes and the audit log.
                user_login_failed.send(
                    sender=__name__, credentials={"username": username}, request=request
                )
                user = None
            if user is None:
                _generic_refusal(form)
            else:
                next_url = safe_next(request, form.cleaned_data["next"])
                device = _confirmed_device(user)
                if device is None:
                    _finish_sign_in(request, user, None)
                    return redirect(landing(user, next_url))
                request.session.cycle_key()
                request.session[PENDING_USER] = user.pk
                request.session[PENDING_AT] = int(time.time())
                request.session[PENDING_FAILURES] = 0
                request.session[PENDING_NEXT] = next_url
                return redirect("clinic:two_factor")
    else:
        if is_staff(request) and not needs_two_factor_code(request):
            return redirect(landing(request.user))
        form = SignInForm(initial={"next": safe_next(request, request.GET.get("next"))})
    context = {"form": form, "problems": form.problems()}
    return _no_store(render(request, "clinic/accounts/sign_in.html", context))


def _pending_user(request: HttpRequest) -> User | None:
    """The user whose password was right and whose code is awaited, if not expired."""
    user_id = request.session.get(PENDING_USER)
    started = request.session.get(PENDING_AT, 0)
    if user_id is None:
        return None
    if int(time.time()) - started > PENDING_SECONDS:
        for key in PENDING_KEYS:
            request.session.pop(key, None)
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    return user if role_of(user) is not None else None


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Step two of signing in: the code. Also for a signed-in session not yet verified."""
    user: User | None
    signed_in = request.user.is_authenticated
    if signed_in:
        if not is_staff(request):
            audit_refusal(request, why="not staff")
            raise PermissionDenied
        if not needs_two_factor_code(request):
            return redirect(landing(request.user))
        user = request.user
    else:
        was_pending = PENDING_USER in request.session
        user = _pending_user(request)
        if user is None:
            if was_pending:
                messages.info(request, _("Your sign-in has timed out. Sign in again."))
            return redirect("clinic:sign_in")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = _confirmed_device(user)
        allowed = device is not None and device.verify_is_allowed()[0]
        if device is not None and allowed and device.verify_token(form.cleaned_data["code"]):
            next_url = request.session.get(PENDING_NEXT, "")
            if signed_in:
                django_otp.login(request, device)
            else:
                _finish_sign_in(request, user, device)
            return redirect(landing(user, next_url))
        audit.record(
            AuditAction.TWO_FACTOR_FAILED, request=request, actor=user, target=user.get_username()
        )
        if not signed_in:
            failures = request.session.get(PENDING_FAILURES, 0) + 1
            request.session[PENDING_FAILURES] = failures
            if failures >= MAX_CODE_FAILURES:
                # Start again from the password, and let django-axes count it as a failure.
                for key in PENDING_KEYS:
                    request.session.pop(key, None)
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=request,
                )
                messages.error(request, _("Too many wrong codes. Sign in again."))
                return redirect("clinic:sign_in")
        if allowed:
            form.refuse(_("The code is not right. Check your authenticator app and try again"))
        else:
            form.refuse(_("Too many wrong codes in a row. Wait a minute, then try again"))
    context = {"form": form, "problems": form.problems()}
    return _no_store(render(request, "clinic/accounts/two_factor.html", context))


def grouped_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, as authenticator apps accept it typed."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(data: str) -> SafeString:
    """An inline SVG QR code, drawn on the server: no script, no third party."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    # The size comes from the stylesheet; the picture is described by the page around it.
    svg = svg.replace(
        "<svg ", '<svg class="qr-code__image" aria-hidden="true" focusable="false" ', 1
    )
    return mark_safe(svg)  # noqa: S308 - drawn by qrcode from our own otpauth URL


def _setup_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up: the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Two-factor: set it up (administrators must), see that it is on, or turn it off.

    Not wrapped in `staff_view`, which sends an administrator without a device here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_staff(request):
        audit_refusal(request, why="not staff")
        raise PermissionDenied
    user = request.user
    role = user.staff_profile.role
    if needs_two_factor_code(request):
        return redirect("clinic:two_factor")
    confirmed = _confirmed_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if confirmed is not None:
        can_turn_off = role != Role.ADMIN
        if request.method == "POST":
            if not can_turn_off:
                raise PermissionDenied
            if form.is_valid():
                if confirmed.verify_is_allowed()[0] and confirmed.verify_token(
                    form.cleaned_data["code"]
                ):
                    TOTPDevice.objects.filter(user=user).delete()
                    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
                    audit.record(
                        AuditAction.STAFF_CHANGED,
                        request=request,
                        target=user.get_username(),
                        detail="turned off their own two-factor",
                    )
                    messages.success(request, _("Two-factor is off."))
                    return redirect("clinic:two_factor_setup")
                audit.record(
                    AuditAction.TWO_FACTOR_FAILED, request=request, target=user.get_username()
                )
                form.refuse(_("The code is not right. Check your authenticator app and try again"))
        context = {
            "nav": "two-factor",
            "device": confirmed,
            "can_turn_off": can_turn_off,
            "form": form,
            "problems": form.problems(),
        }
        return _no_store(render(request, "clinic/accounts/two_factor_on.html", context))

    device = _setup_device(user)
    if request.method == "POST" and form.is_valid():
        if device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            django_otp.login(request, device)
            audit.record(AuditAction.TWO_FACTOR_ADDED, request=request, target=user.get_username())
            messages.success(
                request, _("Two-factor is on. You will need a code each time you sign in.")
            )
            return redirect(landing(user))
        audit.record(AuditAction.TWO_FACTOR_FAILED, request=request, target=user.get_username())
        form.refuse(_("The code is not right. Check your authenticator app and try again"))
    context = {
        "nav": "two-factor",
        "required": role == Role.ADMIN,
        "secret": grouped_secret(device),
        "qr_code": qr_svg(device.config_url),
        "form": form,
        "problems": form.problems(),
    }
    return _no_store(render(request, "clinic/accounts/two_factor_setup.html", context))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Ends the session on the server (the audit log hears of it from the signal)."""
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect(settings.LOGIN_URL)


@staff_view()
@require_http_methods(["GET", "POST"])
def password_change(request: StaffRequest) -> HttpResponse:
    """Staff change their own password: the current one first, then a new one that passes the
    same rules as everywhere else. The session stays signed in; other sessions of this account
    end, since Django ties sessions to the password."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        StaffProfile.objects.filter(user=user).update(must_change_password=False)
        audit.record(
            AuditAction.STAFF_CHANGED,
            request=request,
            target=user.get_username(),
            detail="changed their own password",
        )
        messages.success(request, _("Your password has been changed."))
        return redirect(landing(user))
    context = {
        "nav": "password",
        "form": form,
        "problems": form.problems() if form.is_bound else [],
        "must_change": request.user.staff_profile.must_change_password,
    }
    return render(request, "clinic/accounts/password_change.html", context)
