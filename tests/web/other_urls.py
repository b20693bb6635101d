"""Another URLconf, for tests/web/test_template_tags.py: the same pages under /other/."""

from django.urls import include, path

urlpatterns = [path("other/", include("wholechild.parents.urls"))]
