"""API clients read a child's record: by id and by `?patient=`, the whole Bundle, with the scope
read-fhir only, every read audited with the client's name, and 404 for what is not theirs to
see, as for staff."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.care.helpers import fresh
from tests.fhir.helpers import api_client
from tests.fhir.validation import validate
from wholechild.care import actions
from wholechild.care.models import ApiScope, AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ehr() -> Any:
    return api_client("Riverside EHR", ApiScope.READ_FHIR)


def get(client: Client, path: str, token: str | None) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get(path, headers=headers)
    return response.status_code, json.loads(response.content)


def test_a_client_reads_a_childs_whole_record_as_a_bundle(
    cast: Any, client: Client, ehr: Any
) -> None:
    fhir_id = fresh(cast.family_one).fhir_id

    status, bundle = get(client, f"/fhir/Bundle/{fhir_id}", ehr.token)

    assert status == 200
    validate(bundle)
    [event] = AuditEvent.objects.filter(action=AuditAction.API_READ)
    assert (event.actor_name, event.target, event.detail) == (
        "api:Riverside EHR",
        cast.family_one.reference,
        f"Bundle/{fhir_id}",
    )


@pytest.mark.parametrize("kind", ["Patient", "RelatedPerson", "QuestionnaireResponse", "CareTeam"])
def test_a_client_reads_each_resource_by_its_id(
    cast: Any, client: Client, ehr: Any, kind: str
) -> None:
    fhir_id = fresh(cast.family_one).fhir_id

    status, found = get(client, f"/fhir/{kind}/{fhir_id}", ehr.token)

    assert status == 200
    assert (found["resourceType"], found["id"]) == (kind, fhir_id)


def test_a_client_reads_the_clinic_and_its_therapists(cast: Any, client: Client, ehr: Any) -> None:
    assert get(client, "/fhir/Organization/clinic", ehr.token)[0] == 200
    status, role = get(client, f"/fhir/PractitionerRole/staff-{cast.pt.pk}", ehr.token)
    assert (status, role["code"][0]["coding"][0]["code"]) == (200, "36682004")
    # An administrator is not one of the clinic's practitioners.
    assert get(client, f"/fhir/Practitioner/staff-{cast.admin.pk}", ehr.token)[0] == 404


@pytest.mark.parametrize("kind", ["ServiceRequest", "Observation", "QuestionnaireResponse"])
def test_a_client_searches_by_patient(cast: Any, client: Client, ehr: Any, kind: str) -> None:
    fhir_id = fresh(cast.family_one).fhir_id

    status, found = get(client, f"/fhir/{kind}?patient=Patient/{fhir_id}", ehr.token)

    assert status == 200
    validate(found)
    assert found["type"] == "searchset"
    assert found["total"] == len(found["entry"]) > 0
    assert {e["resource"]["resourceType"] for e in found["entry"]} == {kind}


def test_a_search_for_someone_unknown_finds_nothing(cast: Any, client: Client, ehr: Any) -> None:
    status, found = get(client, "/fhir/Goal?patient=" + "0" * 32, ehr.token)

    assert (status, found["total"]) == (200, 0)
    assert not AuditEvent.objects.filter(action=AuditAction.API_READ).exists()


def test_a_search_by_anything_else_is_refused(cast: Any, client: Client, ehr: Any) -> None:
    status, found = get(client, "/fhir/ServiceRequest?status=active", ehr.token)

    assert status == 400
    assert found["resourceType"] == "OperationOutcome"


def test_a_withdrawn_childs_record_is_not_found(cast: Any, client: Client, ehr: Any) -> None:
    evaluation = fresh(cast.family_two)
    actions.do_withdraw(evaluation)

    assert get(client, f"/fhir/Patient/{evaluation.fhir_id}", ehr.token)[0] == 404
    assert get(client, f"/fhir/Bundle/{evaluation.fhir_id}", ehr.token)[0] == 404


@pytest.mark.parametrize("path", ["Patient/{id}", "Bundle/{id}", "Goal?patient={id}"])
def test_without_a_token_nothing_is_read(cast: Any, client: Client, path: str) -> None:
    fhir_id = fresh(cast.family_one).fhir_id
    response = client.get("/fhir/" + path.format(id=fhir_id))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert json.loads(response.content)["issue"][0]["code"] == "login"


def test_a_revoked_or_wrong_token_opens_nothing(cast: Any, client: Client, ehr: Any) -> None:
    fhir_id = fresh(cast.family_one).fhir_id
    actions.do_revoke_api_client(ehr.client, by=cast.admin)

    assert get(client, f"/fhir/Patient/{fhir_id}", ehr.token)[0] == 401
    assert get(client, f"/fhir/Patient/{fhir_id}", "wcapi_guess")[0] == 401


def test_a_client_without_the_scope_is_refused_and_audited(cast: Any, client: Client) -> None:
    website = api_client("Riverside website", ApiScope.SUBMIT)
    fhir_id = fresh(cast.family_one).fhir_id

    status, found = get(client, f"/fhir/Patient/{fhir_id}", website.token)

    assert (status, found["issue"][0]["code"]) == (403, "forbidden")
    [event] = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED)
    assert event.actor_name == "api:Riverside website"


def test_a_client_has_its_own_rate_limit(cast: Any, client: Client) -> None:
    ehr = api_client("Small EHR", ApiScope.READ_FHIR, limit=2)
    fhir_id = fresh(cast.family_one).fhir_id

    answers = [get(client, f"/fhir/Patient/{fhir_id}", ehr.token)[0] for _ in range(3)]

    assert answers == [200, 200, 429]
