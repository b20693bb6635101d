"""The staff area, under /clinic/. Each part keeps its own routes."""

from .accounts.urls import urlpatterns as accounts
from .administration.urls import urlpatterns as administration
from .figures.urls import urlpatterns as figures
from .records.urls import urlpatterns as records

app_name = "clinic"
urlpatterns = [*accounts, *records, *figures, *administration]
