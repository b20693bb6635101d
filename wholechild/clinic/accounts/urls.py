from django.http import HttpResponse
from django.urls import path


def placeholder(request, *args, **kwargs):  # replaced by the real views
    return HttpResponse("todo")


urlpatterns = [
    path("sign-in/", placeholder, name="sign_in"),
    path("sign-in/code/", placeholder, name="two_factor"),
    path("two-factor/", placeholder, name="two_factor_setup"),
    path("sign-out/", placeholder, name="sign_out"),
]
