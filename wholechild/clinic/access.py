"""The door to the staff pages: every staff view goes through `staff_view`. Who may see which
request is `wholechild.care.access`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from wholechild.care.access import role_of
from wholechild.care.models import Role

View = Callable[..., HttpResponse]


def needs_two_factor_setup(user: Any) -> bool:
    """Administrators must use two-factor; they can do nothing else until it is set up."""
    from django_otp import user_has_device

    return role_of(user) == Role.ADMIN and not user_has_device(user)


def needs_two_factor_code(request: HttpRequest) -> bool:
    """Anyone with a device must give a code from it before the session counts as signed in."""
    from django_otp import user_has_device

    user: Any = request.user
    return user_has_device(user) and not user.is_verified()


def staff_view(*roles: str) -> Callable[[View], View]:
    """Only signed-in staff with one of `roles` (any role when none are given), who have given
    their two-factor code if they have a device, and set one up if they must. The response is
    never cached: staff pages carry a child's details."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            role = role_of(request.user)
            if role is None:
                if request.user.is_authenticated:
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path())
            if needs_two_factor_code(request):
                return redirect("clinic:two_factor")
            if needs_two_factor_setup(request.user):
                return redirect("clinic:two_factor_setup")
            if roles and role not in roles:
                raise PermissionDenied
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        return wrapped

    return decorate
