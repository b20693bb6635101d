"""The clinic administrator's pages: staff accounts, the settings (read-only) and the audit log.
Administrators only.

Every change to an account is written to the audit log with the username as its target and a
short detail, never a password. The audit log itself is read-only here: there is no route that
edits or deletes an event, and the model refuses it anyway.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from wholechild.care import actions, audit
from wholechild.care import staff as staff_accounts
from wholechild.care.actions import CLINIC_FIELDS
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    ClinicSettings,
    Message,
    MessageState,
    Role,
)

from ..access import StaffRequest, staff_view
from .forms import AuditFilterForm, ClinicSettingsForm, NewStaffForm, PasswordForm, RoleForm

if TYPE_CHECKING:
    from django.contrib.auth.models import User

AUDIT_PAGE_SIZE = 50


def _staff_accounts() -> QuerySet[User]:
    """Every account with a role, with whether two-factor is on: one query for the whole list."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        get_user_model()
        .objects.filter(staff_profile__isnull=False)
        .select_related("staff_profile")
        .annotate(two_factor=Exists(confirmed))
        .order_by("username")
    )


@staff_view(Role.ADMIN)
@require_http_methods(["GET"])
def staff(request: StaffRequest) -> HttpResponse:
    audit.record(AuditAction.ADMIN_VIEWED, request=request, detail="staff")
    context = {"nav": "staff", "accounts": _staff_accounts()}
    return render(request, "clinic/administration/staff_list.html", context)


@staff_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def staff_new(request: StaffRequest) -> HttpResponse:
    form = NewStaffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = staff_accounts.create_staff(
            data["username"],
            data["role"],
            data["password"],
            detail=f"account created as {data['role']}",
            request=request,
            # The administrator chose it: its owner chooses their own at their first sign-in.
            must_change_password=True,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        messages.success(
            request,
            _("%(username)s can now sign in as %(role)s.")
            % {"username": user.get_username(), "role": Role(data["role"]).label},
        )
        return redirect("clinic:staff_edit", pk=user.pk)
    context = {"nav": "staff", "form": form, "problems": form.problems()}
    return render(request, "clinic/administration/staff_new.html", context)


def _account(pk: int) -> User:
    return get_object_or_404(_staff_accounts(), pk=pk)


@staff_view(Role.ADMIN)
@require_http_methods(["GET"])
def staff_edit(request: StaffRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    audit.record(
        AuditAction.ADMIN_VIEWED,
        request=request,
        target=account.get_username(),
        detail="staff account",
    )
    return _edit_page(request, account)


def _edit_page(
    request: StaffRequest,
    account: User,
    role_form: RoleForm | None = None,
    password_form: PasswordForm | None = None,
) -> HttpResponse:
    role_form = role_form or RoleForm(initial={"role": account.staff_profile.role})
    password_form = password_form or PasswordForm(user=account)
    context = {
        "nav": "staff",
        "account": account,
        "is_self": account.pk == request.user.pk,
        "role_form": role_form,
        "password_form": password_form,
        "problems": role_form.problems() + password_form.problems(),
    }
    return render(request, "clinic/administration/staff_edit.html", context)


def _refuse_self(request: StaffRequest, account: User) -> HttpResponse | None:
    """Nobody changes their own role, active state or two-factor here: a clinic must not lose
    its last administrator by a slip. Another administrator can do it."""
    if account.pk == request.user.pk:
        messages.error(request, _("You cannot change your own account here."))
        return redirect("clinic:staff_edit", pk=account.pk)
    return None


def _changed(request: StaffRequest, account: User, detail: str) -> None:
    audit.record(
        AuditAction.STAFF_CHANGED, request=request, target=account.get_username(), detail=detail
    )


@staff_view(Role.ADMIN)
@require_POST
def staff_role(request: StaffRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    if refused := _refuse_self(request, account):
        return refused
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, account, role_form=form)
    profile = account.staff_profile
    old, new = profile.role, form.cleaned_data["role"]
    if old != new:
        profile.role = new
        profile.save(update_fields=["role"])
        _changed(request, account, f"role changed from {old} to {new}")
        messages.success(
            request,
            _("%(username)s is now: %(role)s.")
            % {"username": account.get_username(), "role": Role(new).label},
        )
    return redirect("clinic:staff_edit", pk=account.pk)


@staff_view(Role.ADMIN)
@require_POST
def staff_active(request: StaffRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    if refused := _refuse_self(request, account):
        return refused
    active = request.POST.get("active") == "yes"
    if account.is_active != active:
        account.is_active = active
        account.save(update_fields=["is_active"])
        _changed(request, account, "reactivated" if active else "deactivated")
        if active:
            messages.success(
                request, _("%(username)s can sign in again.") % {"username": account.get_username()}
            )
        else:
            messages.success(
                request,
                _("%(username)s can no longer sign in; any session they had has ended.")
                % {"username": account.get_username()},
            )
    return redirect("clinic:staff_edit", pk=account.pk)


@staff_view(Role.ADMIN)
@require_POST
def staff_password(request: StaffRequest, pk: int) -> HttpResponse:
    """A new password for someone who has forgotten theirs. It also lifts a lockout."""
    account = _account(pk)
    if refused := _refuse_self(request, account):
        return refused
    form = PasswordForm(request.POST, user=account)
    if not form.is_valid():
        return _edit_page(request, account, password_form=form)
    staff_accounts.set_password_for(
        account, form.cleaned_data["password"], detail="password reset", request=request
    )
    messages.success(
        request,
        _(
            "%(username)s has a new password. Give it to them in person: they choose their own "
            "when they next sign in."
        )
        % {"username": account.get_username()},
    )
    return redirect("clinic:staff_edit", pk=account.pk)


@staff_view(Role.ADMIN)
@require_POST
def staff_reset_two_factor(request: StaffRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    if refused := _refuse_self(request, account):
        return refused
    removed = staff_accounts.reset_two_factor(account, detail="two-factor reset", request=request)
    if removed:
        messages.success(
            request,
            _("Two-factor for %(username)s is reset. They set it up again at their next sign-in.")
            % {"username": account.get_username()},
        )
    return redirect("clinic:staff_edit", pk=account.pk)


def _filtered_events(form: AuditFilterForm) -> QuerySet[AuditEvent]:
    """The events the filters ask for, each filter one the database answers from an index: a
    name compared in capitals (the indexes on UPPER(actor_name) and UPPER(target)), and a day
    as the range of instants from its first midnight to the next, where the clinic is. (A date
    taken of each row, `at__date`, was a function call per row on SQLite: 288 ms for one day
    in 100,000 events.)"""
    events = AuditEvent.objects.all()
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["actor"]:
        events = events.filter(Exact(Upper("actor_name"), Upper(Value(data["actor"].strip()))))
    if data["target"]:
        events = events.filter(Exact(Upper("target"), Upper(Value(data["target"].strip()))))
    if data["date_from"]:
        events = events.filter(at__gte=_first_instant(data["date_from"]))
    if data["date_to"]:
        events = events.filter(at__lt=_first_instant(data["date_to"] + timedelta(days=1)))
    return events


def _first_instant(day: date) -> datetime:
    """The first instant of `day` in the clinic's time zone: its midnight, or, where the clocks
    skip midnight, the moment they jump to (zoneinfo reads a missing time as before the jump)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@staff_view(Role.ADMIN)
@require_http_methods(["GET"])
def audit_log(request: StaffRequest) -> HttpResponse:
    """The audit log, newest first, fifty to a page. Filters are in the query string: they carry
    usernames, references and dates, never a child's details."""
    form = AuditFilterForm(request.GET or None)
    events = _filtered_events(form).order_by("-at", "-pk")
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    # Read the page before this visit is logged, so the count and the rows agree.
    page.object_list = list(page.object_list)
    filters = {name: value for name, value in request.GET.items() if name in form.fields and value}
    audit.record(
        AuditAction.AUDIT_VIEWED,
        request=request,
        detail=", ".join(f"{name}={value}" for name, value in sorted(filters.items()))[:200],
    )
    context = {
        "nav": "audit",
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "problems": form.problems() if form.is_bound else [],
    }
    return render(request, "clinic/administration/audit_log.html", context)


# --- Emails not sent ---------------------------------------------------------------------------


@staff_view(Role.ADMIN)
@require_http_methods(["GET"])
def emails(request: StaffRequest) -> HttpResponse:
    """The emails that failed after every retry, each with "Send again", and how many are on
    their way. References and kinds only: the administrator sees no child's record."""
    failed = Message.objects.filter(state=MessageState.FAILED).select_related("request")
    audit.record(AuditAction.ADMIN_VIEWED, request=request, detail="emails")
    context = {
        "nav": "emails",
        "failed": list(failed),
        "waiting": Message.objects.filter(state=MessageState.PENDING).count(),
    }
    return render(request, "clinic/administration/emails.html", context)


@staff_view(Role.ADMIN)
@require_POST
def email_send_again(request: StaffRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message, pk=pk, state=MessageState.FAILED)
    actions.do_send_again(message, by=request.user, address=audit.client_address(request))
    messages.success(
        request,
        _("The email for %(reference)s will be sent again.")
        % {"reference": message.request.reference},
    )
    return redirect("clinic:emails")


# --- Settings (read-only) --------------------------------------------------------------------

DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "mysql": "MySQL"}


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _email_delivery() -> str:
    backend = settings.EMAIL_BACKEND
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        return _("By SMTP: emails are sent")
    if backend == "django.core.mail.backends.console.EmailBackend":
        return _("To the console: emails are printed in the server's log, not sent")
    return _("Another way (%(backend)s)") % {"backend": backend.rsplit(".", 2)[-2]}


def settings_rows() -> list[dict[str, Any]]:
    """What an administrator may check about how the clinic is set up: never a secret, a
    password, a key or a connection address. Each row names the variable that sets it."""
    lockout_minutes = settings.AXES_COOLOFF_TIME.total_seconds()
    window = settings.REQUEST_RATE_WINDOW_SECONDS
    idle, longest = settings.STAFF_IDLE_SECONDS, settings.STAFF_MAX_SESSION_SECONDS
    hours = round(longest / 3600)
    return [
        {
            "key": _("Clinic name"),
            "values": [settings.CLINIC_NAME],
            "env": ["WHOLECHILD_CLINIC_NAME"],
        },
        {
            "key": _("Closed and withdrawn requests are deleted after"),
            "values": [
                ngettext("%(count)d day", "%(count)d days", settings.RETENTION_DAYS)
                % {"count": settings.RETENTION_DAYS}
            ],
            "env": ["WHOLECHILD_RETENTION_DAYS"],
        },
        {
            "key": _("Emailed about each new request"),
            "values": list(settings.CLINIC_NOTIFY_EMAILS) or [_("Nobody")],
            "env": ["WHOLECHILD_NOTIFY_EMAILS"],
        },
        {"key": _("How email goes"), "values": [_email_delivery()], "env": ["DJANGO_EMAIL_HOST"]},
        {
            "key": _("Rate limit on requests from the public"),
            "values": [
                _("%(count)d requests from one address in %(window)s")
                % {"count": settings.REQUEST_RATE_LIMIT, "window": _minutes(window)}
            ],
            "env": ["WHOLECHILD_REQUEST_RATE_LIMIT"],
        },
        {
            "key": _("Staff sign-in lockout"),
            "values": [
                _(
                    "After %(count)d failed sign-ins for one username from one address, "
                    "locked for %(minutes)s"
                )
                % {"count": settings.AXES_FAILURE_LIMIT, "minutes": _minutes(lockout_minutes)}
            ],
            "env": ["WHOLECHILD_LOCKOUT_FAILURES", "WHOLECHILD_LOCKOUT_MINUTES"],
        },
        {
            "key": _("Staff sessions end"),
            "values": [
                _("After %(idle)s without use, and %(hours)s after signing in at the latest")
                % {
                    "idle": _minutes(idle),
                    "hours": ngettext("%(count)d hour", "%(count)d hours", hours)
                    % {"count": hours},
                }
            ],
            "env": ["WHOLECHILD_STAFF_IDLE_MINUTES", "WHOLECHILD_STAFF_MAX_HOURS"],
        },
        {
            "key": _("Database"),
            "values": [DATABASE_NAMES.get(connection.vendor, connection.vendor)],
            "env": ["DATABASE_URL"],
        },
        {
            "key": _("Redis"),
            "values": [
                _("Configured: sessions and the rate limit are shared by every app process")
                if settings.REDIS_URL
                else _("Not configured: sessions in memory, the rate limit in the database")
            ],
            "env": ["REDIS_URL"],
        },
    ]


@staff_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def settings_page(request: StaffRequest) -> HttpResponse:
    """The clinic's own settings (its name and contact details, how soon to reach a family),
    which the administrator changes here, and the server's, read-only: they are changed with
    environment variables."""
    current = ClinicSettings.current()
    if request.method == "POST":
        form = ClinicSettingsForm(request.POST, instance=current)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in CLINIC_FIELDS}
            changed = actions.do_update_clinic_settings(
                values=values, by=request.user, address=audit.client_address(request)
            )
            if changed:
                messages.success(request, _("The clinic's settings are saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("clinic:settings")
        current.refresh_from_db()
    else:
        form = ClinicSettingsForm(instance=current)
        audit.record(AuditAction.ADMIN_VIEWED, request=request, detail="settings")
    context = {
        "nav": "settings",
        "form": form,
        "problems": form.problems() if form.is_bound else [],
        "rows": settings_rows(),
    }
    return render(request, "clinic/administration/settings.html", context)
