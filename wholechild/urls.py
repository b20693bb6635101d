from django.urls import include, path

urlpatterns = [
    path("", include("wholechild.parents.urls")),
]
