"""The app's URLs and, in front of them, a Django hello-world view: the floor for every page,
through the same middleware on the same server."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from wholechild.urls import handler500
from wholechild.urls import urlpatterns as app_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("bench/hello", hello), *app_urlpatterns]
