"""Warm feeds answered before the rest of the middleware and the URL resolver run.

A feed reader polls; nearly every request finds its feed rendered already.
Placed right after WhiteNoise, this answers those requests from the cache the
way WhiteNoise answers static files, skipping sessions, locale, CSRF,
authentication and messages, none of which a public feed uses. Anything it
cannot answer (a miss, a bad or non-canonical query, another method) goes on
to the view, which gives the same answer the long way.
"""

from django.urls import reverse

from feeds.views import CACHED_ENDPOINTS, answer_from_cache


class CachedFeedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def paths(self):
        # Resolved on first use: the URLconf is not loaded when middleware is built.
        if self._paths is None:
            self._paths = {reverse(name): endpoint for name, endpoint in CACHED_ENDPOINTS.items()}
        return self._paths

    def __call__(self, request):
        endpoint = self.paths().get(request.path)
        if endpoint is not None:
            response = answer_from_cache(request, *endpoint)
            if response is not None:
                return response
        return self.get_response(request)
