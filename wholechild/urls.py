from django.urls import include, path

from wholechild import health
from wholechild.api import api
from wholechild.web import sessions

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("fhir/", include("wholechild.fhir_api")),
    path("clinic/", include("wholechild.clinic.urls")),
    path("", include("wholechild.family.urls")),
    path("", include("wholechild.parents.urls")),
]

# Django's own 500 page, except when the sessions' cache is down: a 503 that says so.
handler500 = sessions.server_error
