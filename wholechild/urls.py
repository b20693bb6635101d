from django.urls import include, path

from wholechild.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("wholechild.parents.urls")),
]
