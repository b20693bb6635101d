"""Pages compressed for the parents' phones, except the answers that carry someone's details.

A page of HTML is a quarter of its size gzipped, which on a slow phone connection is most of the
wait. But compression leaks: an attacker who can make a browser send many requests that each
reflect a guess into a page (BREACH), and can see how long each compressed answer is, learns a
secret in the page a letter at a time. Django's GZipMiddleware pads each answer with up to 100
random bytes ("Heal the Breach"), which slows the attack down without ruling it out, and masks
CSRF tokens afresh in every answer, so a token is safe anyway.

So only the answers with nothing to learn are compressed: one that may not be kept by a cache
(`no-store` or `private`: every page with a child's or a family's details, every staff page,
the API and FHIR) or that sets a cookie is sent as it is. The static files are compressed
already (WhiteNoise serves their .gz and .br). The README's proxy recipe leaves compression
off, so that the proxy does not compress what the app chose not to.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class PublicPagesGZipMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        cache_control = response.get("Cache-Control", "")
        if "no-store" in cache_control or "private" in cache_control or response.cookies:
            return response
        answer: HttpResponseBase = super().process_response(request, response)
        return answer
