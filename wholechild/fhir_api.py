"""The FHIR door, at /fhir/: the check, the records and the screening engine for other software.

Thin, as every door: it reads the request, checks the API client (`care.api_clients`), calls
the mapping (`wholechild.fhir`) or the engine, audits the use with the client's name, and
answers `application/fhir+json`, errors as an OperationOutcome.

- Public: `GET metadata` (the CapabilityStatement), `GET Questionnaire/wholechild-check`,
  `GET OperationDefinition/screen`.
- Scope `screen`: `POST QuestionnaireResponse/$screen`.
- Scope `read-fhir`: `GET <type>/<id>` and `GET <type>?patient=<id>` for the types of a child's
  record, `GET Bundle/<id>` for the whole record, and the clinic and its therapists by id.

What a client may not see, and what does not exist, is the same 404. Nothing here stores
anything but the audit entry and the client's last use.

The server's words are English (`Content-Language: en`), whatever the browser asks for or the
language switch chose for the family's pages; the Questionnaire carries its Spanish in
translation extensions. `$screen` alone answers in the client's language: the one of ours its
Accept-Language prefers, else the one the QuestionnaireResponse says it was answered in, else
English. Its refusals stay English, as the screening API's do.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Callable
from typing import Any, ParamSpec

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from wholechild.care import actions, api_clients, audit, ratelimit
from wholechild.care.models import ApiClient, ApiScope, AuditAction, EvaluationRequest, Role
from wholechild.care.models import Status as RequestStatus
from wholechild.fhir import capability, questionnaire, record, response
from wholechild.fhir.answer import answer_observations
from wholechild.fhir.base import (
    MEDIA_TYPE,
    ORGANIZATION_ID,
    Issue,
    Resource,
    bundle,
    operation_outcome,
)
from wholechild.json_request import MalformedRequest, load_request
from wholechild.screening import ScreeningError, get_content, preferred_language, screen

MAX_BODY_BYTES = 64 * 1024
FHIR_ID = re.compile(r"^[0-9a-f]{32}")
ACCEPTED_TYPES = (MEDIA_TYPE, "application/json")
# The language of the server's own words; `$screen` answers in the client's.
LANGUAGE = "en"
# Below any q-value a client can send (HTTP gives three decimals): a response's own language
# counts as the client's last choice.
LAST_CHOICE = "0.001"

Params = ParamSpec("Params")


def _in_english(view: Callable[Params, HttpResponse]) -> Callable[Params, HttpResponse]:
    """Run a view in English: LocaleMiddleware chose the language of the family's pages (the
    switch's cookie, the browser's Accept-Language), which is not the FHIR server's."""

    @functools.wraps(view)
    def in_english(*args: Params.args, **kwargs: Params.kwargs) -> HttpResponse:
        with translation.override(LANGUAGE):
            return view(*args, **kwargs)

    return in_english


def _answer(resource: Resource, status: int = 200, language: str = LANGUAGE) -> HttpResponse:
    body = json.dumps(resource, ensure_ascii=False, indent=1)
    answer = HttpResponse(body, status=status, content_type=f"{MEDIA_TYPE}; charset=utf-8")
    add_never_cache_headers(answer)
    answer["Content-Language"] = language
    return answer


def _refused(status: int, text: str, code: str, expression: str = "") -> HttpResponse:
    return _answer(operation_outcome([Issue(text, expression, code)]), status)


def _not_found() -> HttpResponse:
    return _refused(404, _("Not found."), "not-found")


def _only(request: HttpRequest, *methods: str) -> HttpResponse | None:
    if request.method in methods or (request.method == "HEAD" and "GET" in methods):
        return None
    answer = _refused(
        405,
        _("This address answers %(methods)s only.") % {"methods": ", ".join(methods)},
        "not-supported",
    )
    answer["Allow"] = ", ".join(methods)
    return answer


def _client_for(request: HttpRequest, scope: ApiScope) -> ApiClient | HttpResponse:
    """The calling client, once it may use this scope and is within its rate limit; or the
    answer that refuses it (401 without a working token, 403 without the scope, 429)."""
    caller = api_clients.caller(request)
    if caller.client is None:
        text = (
            _("This token does not open the API: it is wrong, or it was revoked.")
            if caller.refused
            else _("Send an API client's token: Authorization: Bearer <token>.")
        )
        answer = _refused(401, text, "login")
        answer["WWW-Authenticate"] = capability.TOKEN_SCHEME
        return answer
    client = caller.client
    if not client.may(scope):
        actions.do_record_api_use(
            client,
            action=AuditAction.ACCESS_REFUSED,
            detail=f"{request.path_info[:120]} (no scope {scope})",
            address=audit.client_address(request),
        )
        return _refused(
            403,
            _("This client may not do this: it needs the scope %(scope)s.") % {"scope": scope},
            "forbidden",
        )
    limited = ratelimit.hit_api_client(client)
    if limited:
        answer = _refused(
            429,
            _("Too many calls from this client. Try again in %(seconds)d seconds.")
            % {"seconds": limited.retry_after},
            "throttled",
        )
        answer["Retry-After"] = str(limited.retry_after)
        return answer
    return client


def _used(
    request: HttpRequest, client: ApiClient, action: AuditAction, target: str, detail: str
) -> None:
    actions.do_record_api_use(
        client,
        action=action,
        target=target,
        detail=detail[:200],
        address=audit.client_address(request),
    )


# --- Public ----------------------------------------------------------------------------------


@_in_english
def metadata(request: HttpRequest) -> HttpResponse:
    if refused := _only(request, "GET"):
        return refused
    version = get_content().version
    today = timezone.localdate().isoformat()
    return _answer(capability.capability_statement(version, today))


@_in_english
def questionnaire_read(request: HttpRequest, id: str) -> HttpResponse:
    if refused := _only(request, "GET"):
        return refused
    if id != questionnaire.QUESTIONNAIRE_ID:
        return _not_found()
    return _answer(questionnaire.questionnaire())


@_in_english
def operation_definition_read(request: HttpRequest, id: str) -> HttpResponse:
    if refused := _only(request, "GET"):
        return refused
    if id != capability.OPERATION:
        return _not_found()
    return _answer(capability.operation_definition())


@_in_english
def not_found(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return _not_found()


# --- Screening -------------------------------------------------------------------------------


def _body(request: HttpRequest) -> Any:
    """The JSON body, or the answer that refuses it."""
    if request.content_type not in ACCEPTED_TYPES:
        return _refused(
            415,
            _("Send the QuestionnaireResponse as %(type)s.") % {"type": MEDIA_TYPE},
            "not-supported",
        )
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
        return _refused(
            413,
            _("The request is larger than %(limit)d KB.") % {"limit": MAX_BODY_BYTES // 1024},
            "too-costly",
        )
    try:
        return load_request(request.body)
    except MalformedRequest as error:
        return _refused(400, str(error), "structure")


def _sent_response(body: dict[str, Any]) -> Any:
    """The QuestionnaireResponse sent, on its own or as the `resource` of a Parameters."""
    if body.get("resourceType") == "Parameters":
        given = [
            part.get("resource")
            for part in body.get("parameter") or []
            if isinstance(part, dict) and part.get("name") == "resource"
        ]
        return given[0] if len(given) == 1 else None
    return body


def _screen_language(request: HttpRequest, sent: Any) -> str:
    """The language of `$screen`'s answer: the one of ours Accept-Language prefers; when it
    names none (or none is sent), the one the QuestionnaireResponse says its answers were
    given in; else English."""
    header = request.headers.get("Accept-Language", "")
    given = response.language_of(sent)
    if given is not None:
        header = f"{header}, {given};q={LAST_CHOICE}"
    return preferred_language(header)


@csrf_exempt
@_in_english
def screen_response(request: HttpRequest) -> HttpResponse:
    """`$screen`: the answers in, the check's answer out (a Bundle), in the client's language
    (`_screen_language`); nothing is stored."""
    if refused := _only(request, "POST"):
        return refused
    client = _client_for(request, ApiScope.SCREEN)
    if isinstance(client, HttpResponse):
        return client
    body = _body(request)
    if isinstance(body, HttpResponse):
        return body
    sent = _sent_response(body)
    language = _screen_language(request, sent)
    try:
        screening = response.request_from(sent)
        answer = screen(screening, language=language)
    except response.Refused as refusal:
        return _answer(operation_outcome(refusal.issues), 422)
    except ScreeningError as error:
        return _answer(operation_outcome([response.engine_issue(error)]), 422)
    _used(request, client, AuditAction.API_SCREENED, "", "QuestionnaireResponse/$screen")
    screened = _answer(_screened(sent, answer, language), language=language)
    patch_vary_headers(screened, ("Accept-Language",))
    return screened


def _screened(sent: dict[str, Any], answer: dict[str, Any], language: str) -> Resource:
    urns = {key: f"urn:uuid:{uuid.uuid4()}" for key in ("response", "pt", "ot", "overall")}
    subject = sent.get("subject") if isinstance(sent.get("subject"), dict) else None
    authored = sent.get("authored")
    observations = answer_observations(
        answer,
        ids={key: urns[key].removeprefix("urn:uuid:") for key in ("pt", "ot", "overall")},
        references=urns,
        derived_from=urns["response"],
        effective=authored if isinstance(authored, str) else timezone.now().isoformat(),
        subject=subject,
        language=language,
    )
    result = bundle("collection", [], timestamp=timezone.now().isoformat())
    result["entry"] = [
        {"fullUrl": urns["response"], "resource": sent},
        *(
            {"fullUrl": urns[key], "resource": o}
            for key, o in zip(("pt", "ot", "overall"), observations, strict=True)
        ),
    ]
    return result


# --- A child's record ------------------------------------------------------------------------


def _visible() -> QuerySet[EvaluationRequest]:
    """The records a client with `read-fhir` reads: every request but a withdrawn one, whose
    details are erased."""
    return EvaluationRequest.objects.exclude(status=RequestStatus.WITHDRAWN).select_related(
        "pt_evaluator__staff_profile", "ot_evaluator__staff_profile"
    )


def _record(fhir_id: str) -> EvaluationRequest | None:
    found = FHIR_ID.match(fhir_id)
    return _visible().filter(fhir_id=found.group(0)).first() if found else None


def _staff_resource(kind: str, id: str) -> Resource | None:
    from_id = re.fullmatch(r"staff-(\d{1,10})", id)
    if from_id is None:
        return None
    user = (
        record.staff_users()
        .filter(pk=int(from_id.group(1)), staff_profile__role__in=[Role.INTAKE, Role.PT, Role.OT])
        .first()
    )
    if user is None:
        return None
    return record.practitioner(user) if kind == "Practitioner" else record.practitioner_role(user)


@_in_english
def read(request: HttpRequest, kind: str, id: str) -> HttpResponse:
    if refused := _only(request, "GET"):
        return refused
    if kind not in capability.RECORD_TYPES + capability.DIRECTORY_TYPES:
        return _not_found()
    client = _client_for(request, ApiScope.READ_FHIR)
    if isinstance(client, HttpResponse):
        return client
    found: Resource | None = None
    target = ""
    if kind == "Organization":
        found = record.organization() if id == ORGANIZATION_ID else None
    elif kind in ("Practitioner", "PractitionerRole"):
        found = _staff_resource(kind, id)
    else:
        evaluation = _record(id)
        if evaluation is not None:
            target = evaluation.reference
            if kind == "Bundle":
                found = record.record_bundle(evaluation) if id == evaluation.fhir_id else None
            else:
                found = next(
                    (
                        r
                        for r in record.record_resources(evaluation)
                        if r["resourceType"] == kind and r["id"] == id
                    ),
                    None,
                )
    if found is None:
        return _not_found()
    _used(request, client, AuditAction.API_READ, target, f"{kind}/{id}")
    return _answer(found)


@_in_english
def search(request: HttpRequest, kind: str) -> HttpResponse:
    if refused := _only(request, "GET"):
        return refused
    if kind not in capability.RECORD_TYPES:
        return _not_found()
    client = _client_for(request, ApiScope.READ_FHIR)
    if isinstance(client, HttpResponse):
        return client
    name = "_id" if kind == "Patient" else "patient"
    others = sorted(set(request.GET) - {name})
    value = request.GET.get(name, "")
    if others or not value:
        return _refused(
            400,
            _("Search %(kind)s by %(name)s only, such as ?%(name)s=<id>.")
            % {"kind": kind, "name": name},
            "not-supported",
        )
    evaluation = _record(value.removeprefix("Patient/"))
    matches: list[Resource] = []
    if evaluation is not None and value.removeprefix("Patient/") == evaluation.fhir_id:
        matches = [r for r in record.record_resources(evaluation) if r["resourceType"] == kind]
        _used(request, client, AuditAction.API_READ, evaluation.reference, f"{kind}?{name}")
    return _answer(bundle("searchset", matches, timestamp=timezone.now().isoformat()))


app_name = "fhir"
urlpatterns = [
    path("metadata", metadata, name="metadata"),
    path("Questionnaire/<str:id>", questionnaire_read, name="questionnaire"),
    path("OperationDefinition/<str:id>", operation_definition_read, name="operation"),
    path("QuestionnaireResponse/$screen", screen_response, name="screen"),
    path("<str:kind>/<str:id>", read, name="read"),
    path("<str:kind>", search, name="search"),
    re_path(r"^.*$", not_found, name="not_found"),
]
