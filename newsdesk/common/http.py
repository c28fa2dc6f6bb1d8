"""Responses shared by every read-side endpoint."""

from __future__ import annotations

from django.http import HttpResponseBadRequest


def invalid_filter_response(errors) -> HttpResponseBadRequest:
    """A plain-text 400 naming each filter parameter that was refused, and why."""
    lines = [f"{name}: {' '.join(messages)}" for name, messages in errors.items()]
    return HttpResponseBadRequest(
        "Invalid filter:\n" + "\n".join(lines), content_type="text/plain; charset=utf-8"
    )
