from django.urls import include, path

from wholechild.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("clinic/", include("wholechild.clinic.urls")),
    path("", include("wholechild.family.urls")),
    path("", include("wholechild.parents.urls")),
]
