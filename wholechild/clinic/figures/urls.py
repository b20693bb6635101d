"""How the clinic is doing: figures for the intake coordinator and the administrator."""

from django.urls import path

from . import views

urlpatterns = [
    path("figures/", views.figures, name="figures"),
]
