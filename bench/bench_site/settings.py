"""WholeChild's settings, with the bench's URLs (the hello-world view) in front of the app's."""

from wholechild.settings import *  # noqa: F403

ROOT_URLCONF = "bench_site.urls"
