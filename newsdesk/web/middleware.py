"""Request checks shared by every page, export, feed and the API."""

from __future__ import annotations

import re

from django.http import HttpResponseBadRequest

# C0 controls (but tab), DEL and C1 controls: no filter value or search term contains one, and
# XML (the Atom feeds) cannot carry most of them.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


class RejectControlCharactersMiddleware:
    """Answers 400 to a query string whose decoded names or values hold control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if _CONTROL.search(key) or any(_CONTROL.search(value) for value in values):
                return HttpResponseBadRequest(
                    f"Invalid query: parameter {key!r} holds a control character.",
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
