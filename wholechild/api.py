"""The JSON API: the screening engine over HTTP, at /api/v1/.

`POST /api/v1/screenings` takes the contract's request and answers what `wholechild screen`
would print, its words in the language the client's Accept-Language prefers (Spanish or
English, English by default), said in Content-Language; the machine fields are the same in
each. The body is parsed here rather than by ninja's pydantic models, so that the engine
stays the one judge of a request and every client gets the contract's error, word for word.
Nothing is stored and no cookie is set: the API has no sessions and needs no CSRF token.

`POST /api/v1/evaluation-requests` is the one door that stores something: a family's request
for an evaluation, sent by a clinic that embeds the check on its own site. Its details are
checked by the same form as WholeChild's own page (`wholechild.care.forms`), its screening by
the engine; see docs/family-requests.md for the idempotency, 409, 422 and 429 answers.
"""

from __future__ import annotations

import functools
import logging
import traceback
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema

from wholechild.api_schemas import (
    ErrorResponse,
    EvaluationRequestBody,
    EvaluationRequestCreated,
    ScreeningAnswer,
    ScreeningRequest,
    ValidationErrorResponse,
)
from wholechild.care import actions, api_clients, intake, ratelimit
from wholechild.care.audit import client_address
from wholechild.care.forms import ALLOWED as ALLOWED_BY_FIELD
from wholechild.care.forms import RequestDetailsForm
from wholechild.care.models import ApiClient, ApiScope, AuditAction, Source
from wholechild.json_request import ALLOWED, MalformedRequest, load_request
from wholechild.screening import LANGUAGES, ScreeningError, preferred_language, screen

MAX_REQUEST_BYTES = 64 * 1024
SECURITY_SCHEME = "apiClient"
logger = logging.getLogger("django.request")


class WholeChildAPI(NinjaAPI):
    """NinjaAPI that also lists the request schema, which no view parameter declares."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for model in (ScreeningRequest, EvaluationRequestBody):
            request_schema = model.model_json_schema(ref_template=REF_TEMPLATE)
            schema["components"]["schemas"].update(request_schema.pop("$defs", {}))
            schema["components"]["schemas"][model.__name__] = request_schema
        schema["components"]["securitySchemes"] = {
            SECURITY_SCHEME: {
                "type": "http",
                "scheme": "bearer",
                "description": (
                    "An API client's token, from the clinic's administrator (Clinic → API "
                    "clients). Optional on `/evaluation-requests`: with it, Idempotency-Key "
                    "and the rate limit are the client's own, and every use is audited with "
                    "its name."
                ),
            }
        }
        return schema


api = WholeChildAPI(
    title="WholeChild",
    version="1",
    description=(
        "Does this child need physical therapy, occupational therapy, or both? The screening "
        "engine over HTTP: the same request and answer as `wholechild screen`."
    ),
    urls_namespace="api",
    # The interactive docs load Swagger UI from a CDN; no third-party assets, ever.
    docs_url=None,
)


def _error(status: int, field: str, value: Any, message: str, allowed: str) -> JsonResponse:
    body = {"error": {"field": field, "value": value, "message": message, "allowed": allowed}}
    return JsonResponse(body, status=status)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    """Anything the routes did not expect: a 500 in the contract's JSON shape, never Django's
    HTML page (or, with DEBUG, ninja's plain-text traceback). The log has the path and where
    it failed, not the exception's message, nor the body: either may hold a child's details."""
    where = "".join(traceback.format_tb(error.__traceback__))
    logger.error(
        "Internal Server Error: %s %s (%s)\n%s",
        request.method,
        request.path,
        type(error).__name__,
        where,
    )
    response = _error(
        500,
        "body",
        None,
        _("Something went wrong on our side. Try again later."),
        _("the same request again, later"),
    )
    # Logged above with where it failed; Django's own line would only repeat the path.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _too_large() -> JsonResponse:
    return _error(
        413,
        "body",
        None,
        _("The request is larger than %(limit)d KB.") % {"limit": MAX_REQUEST_BYTES // 1024},
        _("a request of at most %(limit)d bytes") % {"limit": MAX_REQUEST_BYTES},
    )


def _read_json_body(request: HttpRequest) -> bytes | JsonResponse:
    """The body of a JSON POST, or the error that refuses it (415, 400 or 413)."""
    if request.content_type != "application/json":
        return _error(
            415,
            "Content-Type",
            request.content_type or None,
            _("Send the request as JSON, with the header Content-Type: application/json."),
            "application/json",
        )
    # Refuse before reading when the client says it is too big; Django's own ceiling would
    # otherwise answer 400, and a body without a length is measured once read.
    # From the WSGI environ rather than request.headers, which builds a dict of every header
    # on first use, for the one or two wanted here.
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = request.META["CONTENT_LENGTH"]
        message = _("The Content-Length header is not a number of bytes.")
        return _error(400, "Content-Length", length[:20], message, _("a number of bytes"))
    if declared > MAX_REQUEST_BYTES:
        return _too_large()
    try:
        body = request.body
    except RequestDataTooBig:
        return _too_large()
    if len(body) > MAX_REQUEST_BYTES:
        return _too_large()
    return body


ACCEPT_LANGUAGE = {
    "name": "Accept-Language",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": (
        "The language of the answer's words: Spanish (es) or English (en), with q-values as "
        "HTTP has them (`es-MX,es;q=0.9,en;q=0.8`); English when it names neither. Ids, "
        "levels, urgency, sources, ages and content_version are the same in every language."
    ),
}
CONTENT_LANGUAGE = {
    "Content-Language": {
        "description": "The language of the answer's words: " + " or ".join(LANGUAGES) + ".",
        "schema": {"type": "string", "enum": list(LANGUAGES)},
    }
}


def _in_language(response: HttpResponse, language: str) -> HttpResponse:
    """Say the language of the words, and that they follow the client's Accept-Language."""
    response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language",))
    return response


@api.post(
    "/screenings",
    response={200: ScreeningAnswer, frozenset({400, 413, 415, 422}): ErrorResponse},
    summary="Screen one child",
    description=(
        "Physical therapy, occupational therapy, both, or keep watching: the answer, why, how "
        "urgent, and what to do next. Nothing is stored. The words are in the language "
        "Accept-Language prefers, Spanish or English (Content-Language says which); the "
        "engine's own error messages are in English."
    ),
    operation_id="screen",
    openapi_extra={
        "parameters": [ACCEPT_LANGUAGE],
        "responses": {200: {"headers": CONTENT_LANGUAGE}},
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": REF_TEMPLATE.format(model="ScreeningRequest")}
                }
            },
        },
    },
)
def screenings(request: HttpRequest) -> HttpResponse:
    """Screen the request in the body: 200 with the answer, in the language Accept-Language
    prefers, or the contract's error."""
    body = _read_json_body(request)
    if isinstance(body, JsonResponse):
        return body

    language = preferred_language(request.META.get("HTTP_ACCEPT_LANGUAGE"))
    try:
        answer = screen(load_request(body), language=language)
    except MalformedRequest as error:
        # The engine's and the reader's messages are English, whatever was asked for.
        return _in_language(_error(422, "body", error.value, str(error), ALLOWED), "en")
    except ScreeningError as error:
        return _in_language(JsonResponse(error.as_dict(), status=422), "en")
    return _in_language(_json_answer(answer), language)


def _json_answer(answer: dict[str, Any]) -> HttpResponse:
    """The engine's answer as JSON, by orjson: the same JSON as `JsonResponse` writes (without
    its spaces, and its words in UTF-8 rather than escaped), in a sixth of the time; the
    largest answer is 26 KB, and encoding it was a third of the API's own time."""
    return HttpResponse(orjson.dumps(answer), content_type="application/json")


# --- Asking the clinic for an evaluation ------------------------------------------------------

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY = 255
RATE_SCOPE = "evaluation-request"
STRING_FIELDS = intake.DETAIL_FIELDS  # every detail is a JSON string, the date included
BODY_FIELDS = frozenset({"screening", "consent", *STRING_FIELDS})


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > 80:
        return value[:80] + "…"
    return (
        value if isinstance(value, str | int | float | bool) or value is None else str(value)[:80]
    )


def _problem(field: str, value: Any, message: str, allowed: str) -> dict[str, Any]:
    return {"field": field, "value": _shortened(value), "message": message, "allowed": allowed}


def _details_problems(body: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Check the family's details with the same form as WholeChild's own page: the problems,
    and (when there are none) the details as `actions.do_submit_request` takes them."""
    problems = []
    for name in sorted(set(body) - BODY_FIELDS):
        problems.append(
            _problem(name, None, _("This field is not part of a request."), _("no such field"))
        )
    data: dict[str, Any] = {}
    for name in STRING_FIELDS:
        value = body.get(name)
        # Absent is not given; null is not a string (the schema has no nulls).
        if name in body and not isinstance(value, str):
            message = _("This field must be a string.")
            problems.append(_problem(name, value, message, str(ALLOWED_BY_FIELD[name])))
        else:
            data[name] = value or ""
    # Consent is a JSON true, not a word that happens to be truthy.
    data["consent"] = body.get("consent") is True
    form = RequestDetailsForm(data)
    valid = form.is_valid()
    for name in form.fields:
        if name in data or name == "consent":
            for error in form.errors.get(name, []):
                shown = body.get(name)
                problems.append(_problem(name, shown, str(error), str(ALLOWED_BY_FIELD[name])))
    return problems, (form.cleaned_details() if valid and not problems else {})


def _screened(body: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The engine's verdict on `screening`: (its problem, with the field named inside the body,
    None) when it refuses it, else (None, its answer), which the request is stored with."""
    screening = body.get("screening")
    if not isinstance(screening, dict):
        problem = _problem(
            "screening",
            None if screening is None else _shortened(screening),
            _("The request must have a screening: the child's answers, as a JSON object."),
            _('the screening request, such as {"age_months": 20}'),
        )
        return problem, None
    try:
        return None, screen(screening)
    except ScreeningError as error:
        found = error.as_dict()["error"]
        return {**found, "field": f"screening.{found['field']}"}, None


def _unprocessable(problems: list[dict[str, Any]]) -> JsonResponse:
    return JsonResponse({"error": problems[0], "errors": problems}, status=422)


def _too_many(retry_after: int, client: ApiClient | None) -> JsonResponse:
    response = _error(
        429,
        "body",
        None,
        (
            _("Too many requests from this client. Try again in %(seconds)d seconds.")
            if client is not None
            else _("Too many requests from this address. Try again in %(seconds)d seconds.")
        )
        % {"seconds": retry_after},
        _("at most %(limit)d requests an hour")
        % {"limit": client.rate_limit if client else settings.REQUEST_RATE_LIMIT},
    )
    response["Retry-After"] = str(retry_after)
    return response


@api.post(
    "/evaluation-requests",
    response={
        201: EvaluationRequestCreated,
        frozenset({400, 401, 403, 409, 413, 415, 429}): ErrorResponse,
        422: ValidationErrorResponse,
    },
    summary="Ask the clinic for an evaluation",
    description=(
        "Stores a family's request for an evaluation, with the screening it follows, and tells "
        "the clinic. Answers 201 with the request's reference and the family's private status "
        "link; give both to the family, as the link cannot be shown again.\n\n"
        "Send an `Idempotency-Key` header (up to 255 characters) to make retrying safe: the "
        "same key with the same body answers 201 with the same reference and status link, "
        "and stores nothing new; the same key with a different body answers 409. Without the "
        "header every POST is a new request.\n\n"
        "A 422 lists every problem in `errors` (details checked as WholeChild's own form checks "
        "them, the screening by the engine, as `screening.<field>`); `error` is the first. "
        "Each client address may send a limited number of requests an hour: over it, 429 "
        "with a Retry-After header.\n\n"
        "An API client sends its token (`Authorization: Bearer …`, scope submit-requests): "
        "then its Idempotency-Keys are its own, the limit an hour is the one its "
        "administrator set for it, whatever the address, and the request is audited with "
        "its name. A wrong or revoked token is 401, a token without the scope 403. Without "
        "a token the endpoint works as it always has."
    ),
    operation_id="requestEvaluation",
    openapi_extra={
        # No token, or a client's: both are allowed.
        "security": [{}, {SECURITY_SCHEME: []}],
        "parameters": [
            {
                "name": IDEMPOTENCY_HEADER,
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_IDEMPOTENCY_KEY},
                "description": "Makes retrying safe: one request per key.",
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": REF_TEMPLATE.format(model="EvaluationRequestBody")}
                }
            },
        },
    },
)
def evaluation_requests(request: HttpRequest) -> HttpResponse:
    """Store the family's request: 201 with its reference and status link, or why not."""
    caller = api_clients.caller(request)
    if caller.refused:
        response = _error(
            401,
            "Authorization",
            None,
            _("This token does not open the API: it is wrong, or it was revoked."),
            _("an API client's token, or no Authorization header"),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response
    client = caller.client
    if client is not None and not client.may(ApiScope.SUBMIT):
        return _error(
            403,
            "Authorization",
            None,
            _("This client may not send evaluation requests."),
            _("a client with the scope %(scope)s") % {"scope": ApiScope.SUBMIT.value},
        )
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is not None and not 1 <= len(key) <= MAX_IDEMPOTENCY_KEY:
        return _error(
            400,
            IDEMPOTENCY_HEADER,
            _shortened(key),
            _("The Idempotency-Key header must be 1 to 255 characters long."),
            _("a key of 1 to 255 characters, new for each new request"),
        )
    raw = _read_json_body(request)
    if isinstance(raw, JsonResponse):
        return raw
    try:
        body = load_request(raw)
    except MalformedRequest as error:
        return _error(400, "body", error.value, str(error), ALLOWED)

    problems, details = _details_problems(body)
    screening_problem, answer = _screened(body)
    if screening_problem:
        problems.insert(0, screening_problem)
    if problems or answer is None:
        return _unprocessable(problems)

    # Counted once the request is known to be new (a retry of a request already stored is
    # answered without counting), and never twice: see ratelimit.SendCount.
    count = (
        ratelimit.SendCount.by_client(client)
        if client is not None
        else ratelimit.SendCount.from_address(RATE_SCOPE, request)
    )
    try:
        sent = actions.do_submit_request(
            details=details,
            screening=body["screening"],
            submission_key=key,
            source=Source.API,
            client=client,
            count=count,
            answer=answer,
        )
    except ratelimit.OverTheLimit as over:
        return _too_many(over.retry_after, client)
    except intake.IdempotencyConflict:
        return _error(
            409,
            IDEMPOTENCY_HEADER,
            None,
            _("This Idempotency-Key was already used for a different request."),
            _("a new key for a new request, or the same body to repeat the first one"),
        )
    if client is not None and not sent.created:
        # A replay reads the stored request back: a use, audited like any other.
        actions.do_record_api_use(
            client,
            action=AuditAction.API_READ,
            target=sent.request.reference,
            detail="evaluation-requests replay",
            address=client_address(request),
        )
    status_url = request.build_absolute_uri(intake.status_url(sent.status_token))
    return JsonResponse({"reference": sent.request.reference, "status_url": status_url}, status=201)


# --- The screening's door, past ninja's dispatch ---------------------------------------------


@functools.cache
def _ninja_view(name: str) -> Any:
    """Ninja's own view for the route named `name` (every method it answers), found once."""
    patterns, _app, _namespace = api.urls
    return next(
        pattern.callback
        for pattern in patterns
        if isinstance(pattern, URLPattern) and pattern.name == name
    )


@csrf_exempt
def screenings_door(request: HttpRequest) -> HttpResponse:
    """`POST /api/v1/screenings`, straight to `screenings`, as ninja's dispatch would call it
    (the route takes no parameters, no auth and no throttle; an exception is ninja's to
    answer, as `_unexpected` does). Ninja's dispatch cost a twelfth of the largest screening's
    time in the server (docs/decisions.md). Ninja still describes the route (OpenAPI) and
    answers every other method, with its 405."""
    if request.method != "POST":
        view: Any = _ninja_view("screenings")
        answered: HttpResponse = view(request)
        return answered
    try:
        return screenings(request)
    except Exception as error:
        handled: HttpResponse = api.on_exception(request, error)
        return handled
