"""The door to the staff pages: every staff view goes through `staff_view`. Who may see which
request is `wholechild.care.access`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeAlias, TypeGuard

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django_otp import user_has_device
from django_otp.middleware import is_verified

from wholechild.care import audit
from wholechild.care.access import role_of
from wholechild.care.models import AuditAction, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

P = ParamSpec("P")


class StaffRequest(HttpRequest):
    """A request a `staff_view` lets through: its user is signed-in, active staff, never
    anonymous. (Only a type: the request itself is Django's.)"""

    user: User


StaffView: TypeAlias = Callable[Concatenate[StaffRequest, P], HttpResponse]
View: TypeAlias = Callable[Concatenate[HttpRequest, P], HttpResponse]


def is_staff(request: HttpRequest) -> TypeGuard[StaffRequest]:
    """Whether the request is signed-in, active staff's: then its user has a role."""
    return role_of(request.user) is not None


def needs_two_factor_setup(user: User) -> bool:
    """Administrators must use two-factor; they can do nothing else until it is set up."""
    return role_of(user) == Role.ADMIN and not user_has_device(user)


def needs_two_factor_code(request: HttpRequest) -> bool:
    """Anyone with a device must give a code from it before the session counts as signed in."""
    return bool(user_has_device(request.user)) and not is_verified(request.user)


def audit_refusal(request: HttpRequest, *, target: str = "", why: str = "") -> None:
    """The one audit entry for a staff page refused: a record that is not theirs to see (404,
    `target` its reference) or a page that is not for their role (403, `why` says so). The
    detail is the page's URL name, never anything the page would have shown."""
    match = request.resolver_match
    page = match.url_name if match is not None and match.url_name else ""
    detail = f"{page} ({why})" if why else page
    audit.record(AuditAction.ACCESS_REFUSED, request=request, target=target, detail=detail)


PASSWORD_PAGE = "clinic:password_change"  # noqa: S105 - a URL name


def needs_new_password(request: StaffRequest) -> bool:
    """Someone else set this password (an administrator, or a command): its owner chooses their
    own before any other staff page opens."""
    match = request.resolver_match
    on_password_page = match is not None and match.view_name == PASSWORD_PAGE
    return request.user.staff_profile.must_change_password and not on_password_page


def staff_view(*roles: str) -> Callable[[StaffView[P]], View[P]]:
    """Only signed-in staff with one of `roles` (any role when none are given), who have given
    their two-factor code if they have a device, set one up if they must, and chosen their own
    password if someone else set it. The view gets a `StaffRequest`. Signed-in users refused
    (not staff, or not the role) get 403, audited. The response is never cached: staff pages
    carry a child's details."""

    def decorate(view: StaffView[P]) -> View[P]:
        @wraps(view)
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not is_staff(request):
                if request.user.is_authenticated:
                    audit_refusal(request, why="not staff")
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path())
            if needs_two_factor_code(request):
                return redirect("clinic:two_factor")
            if needs_two_factor_setup(request.user):
                return redirect("clinic:two_factor_setup")
            if needs_new_password(request):
                return redirect(PASSWORD_PAGE)
            if roles and request.user.staff_profile.role not in roles:
                audit_refusal(request, why="not for their role")
                raise PermissionDenied
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        return wrapped

    return decorate
