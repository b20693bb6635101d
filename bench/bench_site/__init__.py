"""The app as `make bench` serves it: WholeChild's own settings and URLs, plus the floors the
figures are measured against. Only the bench puts this folder on the path; the app itself never
has these views (a test checks that /bench/hello is not found)."""
