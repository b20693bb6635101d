"""The administrator's API clients: other software that calls the API as itself.

An administrator creates a client (a name, the scopes it may use, its limit an hour), sees its
bearer token once, on the page the creation leads to, and can revoke it. The token passes
through the (server-side) session for that one page, as a family's status link does, and is
stored nowhere: only its SHA-256 is kept (`care.actions.do_create_api_client`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wholechild.care import actions, audit
from wholechild.care.models import ApiClient, ApiScope, AuditAction, Role
from wholechild.web.forms import Form

from ..access import StaffRequest, staff_view

NEW_TOKEN_KEY = "clinic.api_client_token"  # noqa: S105 - a session key
SCOPE_FIELDS = {
    "may_submit": ApiScope.SUBMIT,
    "may_read_fhir": ApiScope.READ_FHIR,
    "may_screen": ApiScope.SCREEN,
}


class ApiClientForm(Form):
    name = forms.RegexField(
        label=gettext_lazy("Name"),
        max_length=40,
        regex=r"^[\w .@+'&()-]+$",
        help_text=gettext_lazy(
            "Who the program is, as the audit log will name it: “Riverside website”, "
            "“Riverside EHR”. Up to 40 letters, numbers and spaces."
        ),
        error_messages={
            "required": gettext_lazy("Enter a name for the client"),
            "invalid": gettext_lazy("Use letters, numbers, spaces and . @ + ' & ( ) - _ only"),
            "max_length": gettext_lazy("Use at most 40 characters for the name"),
        },
    )
    may_submit = forms.BooleanField(
        label=gettext_lazy("Send evaluation requests (a website that embeds the check)"),
        required=False,
    )
    may_read_fhir = forms.BooleanField(
        label=gettext_lazy("Read the children's records as FHIR (an EHR)"), required=False
    )
    may_screen = forms.BooleanField(
        label=gettext_lazy("Screen answers over FHIR (an EHR's own form)"), required=False
    )
    rate_limit = forms.IntegerField(
        label=gettext_lazy("Calls an hour"),
        min_value=1,
        max_value=100_000,
        initial=100,
        help_text=gettext_lazy("Past this many calls in an hour, the client is asked to wait."),
        error_messages={
            "required": gettext_lazy("Enter how many calls an hour the client may make"),
            "invalid": gettext_lazy("Enter a whole number of calls, like 100"),
            "min_value": gettext_lazy("Allow at least 1 call an hour"),
            "max_value": gettext_lazy("Allow at most 100,000 calls an hour"),
        },
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if ApiClient.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("There is already a client with that name"))
        return name

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not any(data.get(field) for field in SCOPE_FIELDS):
            self.add_error("may_submit", _("Choose at least one thing the client may do"))
        return data

    def scopes(self) -> list[ApiScope]:
        return [scope for field, scope in SCOPE_FIELDS.items() if self.cleaned_data[field]]


@staff_view(Role.ADMIN)
@require_http_methods(["GET"])
def api_clients(request: StaffRequest) -> HttpResponse:
    audit.record(AuditAction.ADMIN_VIEWED, request=request, detail="api clients")
    context = {"nav": "api_clients", "clients": ApiClient.objects.all()}
    return render(request, "clinic/administration/api_clients.html", context)


@staff_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def api_client_new(request: StaffRequest) -> HttpResponse:
    form = ApiClientForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        created = actions.do_create_api_client(
            name=form.cleaned_data["name"],
            scopes=form.scopes(),
            rate_limit=form.cleaned_data["rate_limit"],
            by=request.user,
            address=audit.client_address(request),
        )
        request.session[NEW_TOKEN_KEY] = {"pk": created.client.pk, "token": created.token}
        return redirect("clinic:api_client", pk=created.client.pk)
    context = {"nav": "api_clients", "form": form, "problems": form.problems()}
    return render(request, "clinic/administration/api_client_new.html", context)


@staff_view(Role.ADMIN)
@require_http_methods(["GET"])
def api_client(request: StaffRequest, pk: int) -> HttpResponse:
    """A client's page; right after its creation, the one time its token is shown."""
    client = get_object_or_404(ApiClient, pk=pk)
    new = request.session.get(NEW_TOKEN_KEY) or {}
    token = None
    if new.get("pk") == client.pk:
        token = new.get("token")
        del request.session[NEW_TOKEN_KEY]
    audit.record(AuditAction.ADMIN_VIEWED, request=request, target=client.name, detail="api client")
    scopes = [ApiScope(scope).label for scope in client.scopes if scope in ApiScope.values]
    context = {"nav": "api_clients", "client": client, "token": token, "scopes": scopes}
    response = render(request, "clinic/administration/api_client.html", context)
    return response


@staff_view(Role.ADMIN)
@require_POST
def api_client_revoke(request: StaffRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient, pk=pk)
    if actions.do_revoke_api_client(client, by=request.user, address=audit.client_address(request)):
        messages.success(
            request,
            _("%(name)s’s token no longer opens the API.") % {"name": client.name},
        )
    return redirect("clinic:api_client", pk=client.pk)
