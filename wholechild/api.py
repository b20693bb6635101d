"""The JSON API: the screening engine over HTTP, at /api/v1/.

`POST /api/v1/screenings` takes the contract's request and answers what `wholechild screen`
would print. The body is parsed here rather than by ninja's pydantic models, so that the engine
stays the one judge of a request and every client gets the contract's error, word for word.
Nothing is stored and no cookie is set: the API has no sessions and needs no CSRF token.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema

from wholechild.api_schemas import ErrorResponse, ScreeningAnswer, ScreeningRequest
from wholechild.json_request import ALLOWED, MalformedRequest, load_request
from wholechild.screening import ScreeningError, screen

MAX_REQUEST_BYTES = 64 * 1024


class WholeChildAPI(NinjaAPI):
    """NinjaAPI that also lists the request schema, which no view parameter declares."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        request_schema = ScreeningRequest.model_json_schema(ref_template=REF_TEMPLATE)
        schema["components"]["schemas"].update(request_schema.pop("$defs", {}))
        schema["components"]["schemas"]["ScreeningRequest"] = request_schema
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


def _too_large() -> JsonResponse:
    return _error(
        413,
        "body",
        None,
        _("The request is larger than %(limit)d KB.") % {"limit": MAX_REQUEST_BYTES // 1024},
        _("a request of at most %(limit)d bytes") % {"limit": MAX_REQUEST_BYTES},
    )


@api.post(
    "/screenings",
    response={200: ScreeningAnswer, frozenset({400, 413, 415, 422}): ErrorResponse},
    summary="Screen one child",
    description=(
        "Physical therapy, occupational therapy, both, or keep watching: the answer, why, how "
        "urgent, and what to do next. Nothing is stored."
    ),
    operation_id="screen",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": REF_TEMPLATE.format(model="ScreeningRequest")}
                }
            },
        }
    },
)
def screenings(request: HttpRequest) -> HttpResponse:
    """Screen the request in the body: 200 with the answer, or the contract's error."""
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
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = request.headers["Content-Length"]
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

    try:
        answer = screen(load_request(body))
    except MalformedRequest as error:
        return _error(422, "body", error.value, str(error), ALLOWED)
    except ScreeningError as error:
        return JsonResponse(error.as_dict(), status=422)
    return JsonResponse(answer)
