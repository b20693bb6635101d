from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from wholechild import health
from wholechild.api import api, screenings_door
from wholechild.web import sessions

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The language switch on every public page: Django's own view, without the CSRF check, so
    # that a page with the switch sets no cookie (docs/decisions.md).
    path("language/", csrf_exempt(set_language), name="set_language"),
    # The screening's POST goes to its view past ninja's dispatch (wholechild.api); ninja still
    # describes it and answers its other methods.
    path("api/v1/screenings", screenings_door),
    path("api/v1/", api.urls),
    # No two of these share an address, so the order is for speed: a URL is matched against
    # each pattern in turn, and the family's pages are asked for most.
    path("", include("wholechild.parents.urls")),
    path("", include("wholechild.family.urls")),
    path("fhir/", include("wholechild.fhir_api")),
    path("clinic/", include("wholechild.clinic.urls")),
]

# Django's own 500 page, except when the sessions' cache is down: a 503 that says so.
handler500 = sessions.server_error
