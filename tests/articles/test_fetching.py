"""The outbound HTTP client against a real local HTTP server."""

import time

import pytest
from werkzeug import Response

from articles.fetching import FetchError, FetchPolicy, TransientFetchError, check_url, fetch

LOCAL = FetchPolicy(timeout=2, max_bytes=10_000, max_redirects=3, allow_private=True)


def test_fetch_returns_bytes_headers_and_final_url(httpserver):
    httpserver.expect_request("/story").respond_with_data(
        "<html><title>Hi</title></html>", content_type="text/html; charset=utf-8"
    )
    result = fetch(httpserver.url_for("/story"), LOCAL)
    assert result.status == 200
    assert result.content == b"<html><title>Hi</title></html>"
    assert result.media_type == "text/html"
    assert result.final_url == httpserver.url_for("/story")


def test_fetch_sends_user_agent_and_conditional_headers(httpserver):
    httpserver.expect_request(
        "/feed", headers={"If-None-Match": '"v1"', "User-Agent": "Newsdesk-test"}
    ).respond_with_data("", status=304)
    policy = FetchPolicy(allow_private=True, user_agent="Newsdesk-test")
    result = fetch(httpserver.url_for("/feed"), policy, etag='"v1"')
    assert result.not_modified


def test_fetch_follows_redirects_and_reports_final_url(httpserver):
    httpserver.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": "/new"})
    )
    httpserver.expect_request("/new").respond_with_data("moved here")
    result = fetch(httpserver.url_for("/old"), LOCAL)
    assert result.content == b"moved here"
    assert result.final_url == httpserver.url_for("/new")


def test_fetch_stops_after_too_many_redirects(httpserver):
    httpserver.expect_request("/loop").respond_with_response(
        Response(status=302, headers={"Location": "/loop"})
    )
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(httpserver.url_for("/loop"), LOCAL)


def test_redirect_to_a_forbidden_scheme_is_refused(httpserver):
    httpserver.expect_request("/sneaky").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"})
    )
    with pytest.raises(FetchError, match="only http and https"):
        fetch(httpserver.url_for("/sneaky"), LOCAL)


def test_redirect_to_loopback_is_refused_when_private_addresses_are_not_allowed(httpserver):
    # The first hop is checked too, so this also shows loopback itself is refused.
    httpserver.expect_request("/r").respond_with_data("never")
    with pytest.raises(FetchError, match="non-public address"):
        fetch(httpserver.url_for("/r"), FetchPolicy(allow_private=False))


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_link_local_and_unspecified_addresses_are_refused(url):
    with pytest.raises(FetchError):
        check_url(url, allow_private=False)


def test_declared_oversized_response_is_refused(httpserver):
    httpserver.expect_request("/big").respond_with_data("x" * 20_000)
    with pytest.raises(FetchError, match="exceeds the limit"):
        fetch(httpserver.url_for("/big"), LOCAL)


def test_streamed_oversized_response_is_refused(httpserver):
    def chunks():
        for _ in range(50):
            yield b"y" * 1000

    httpserver.expect_request("/stream").respond_with_response(Response(chunks()))
    with pytest.raises(FetchError, match="exceeds the limit"):
        fetch(httpserver.url_for("/stream"), LOCAL)


def test_not_found_is_permanent(httpserver):
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(FetchError) as info:
        fetch(httpserver.url_for("/gone"), LOCAL)
    assert not isinstance(info.value, TransientFetchError)
    assert info.value.status == 404


@pytest.mark.parametrize("status", [429, 500, 503])
def test_server_errors_are_transient(httpserver, status):
    httpserver.expect_request("/busy").respond_with_data("later", status=status)
    with pytest.raises(TransientFetchError):
        fetch(httpserver.url_for("/busy"), LOCAL)


def test_slow_response_times_out_as_transient(httpserver):
    def slow(request):
        time.sleep(1.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(TransientFetchError):
        fetch(httpserver.url_for("/slow"), FetchPolicy(timeout=0.3, allow_private=True))
