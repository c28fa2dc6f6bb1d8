"""The outbound HTTP client against a real local HTTP server."""

import gzip
import socket
import time
from types import SimpleNamespace

import pytest
from werkzeug import Response

from articles.fetching import FetchError, FetchPolicy, TransientFetchError, fetch


def local_policy(server, **limits) -> FetchPolicy:
    """Small limits, and only this test's local server allowed among private addresses."""
    return FetchPolicy(
        **{"timeout": 2, "max_bytes": 10_000, "max_redirects": 3, **limits},
        allow_hosts={f"{server.host}:{server.port}"},
    )


def test_fetch_returns_bytes_headers_and_final_url(httpserver):
    httpserver.expect_request("/story").respond_with_data(
        "<html><title>Hi</title></html>", content_type="text/html; charset=utf-8"
    )
    result = fetch(httpserver.url_for("/story"), local_policy(httpserver))
    assert result.status == 200
    assert result.content == b"<html><title>Hi</title></html>"
    assert result.media_type == "text/html"
    assert result.final_url == httpserver.url_for("/story")


def test_fetch_sends_user_agent_and_conditional_headers(httpserver):
    httpserver.expect_request(
        "/feed", headers={"If-None-Match": '"v1"', "User-Agent": "Newsdesk-test"}
    ).respond_with_data("", status=304)
    policy = local_policy(httpserver, user_agent="Newsdesk-test")
    result = fetch(httpserver.url_for("/feed"), policy, etag='"v1"')
    assert result.not_modified


def test_fetch_follows_redirects_and_reports_final_url(httpserver):
    httpserver.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": "/new"})
    )
    httpserver.expect_request("/new").respond_with_data("moved here")
    result = fetch(httpserver.url_for("/old"), local_policy(httpserver))
    assert result.content == b"moved here"
    assert result.final_url == httpserver.url_for("/new")


def test_fetch_stops_after_too_many_redirects(httpserver):
    httpserver.expect_request("/loop").respond_with_response(
        Response(status=302, headers={"Location": "/loop"})
    )
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(httpserver.url_for("/loop"), local_policy(httpserver))


def test_redirect_to_a_forbidden_scheme_is_refused(httpserver):
    httpserver.expect_request("/sneaky").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"})
    )
    with pytest.raises(FetchError, match="only http and https"):
        fetch(httpserver.url_for("/sneaky"), local_policy(httpserver))


def test_local_server_is_refused_when_not_listed(httpserver):
    httpserver.expect_request("/r").respond_with_data("never")
    with pytest.raises(FetchError, match="non-public address"):
        fetch(httpserver.url_for("/r"), FetchPolicy())
    assert httpserver.log == []


def test_declared_oversized_response_is_refused(httpserver):
    httpserver.expect_request("/big").respond_with_data("x" * 20_000)
    with pytest.raises(FetchError, match="exceeds the limit"):
        fetch(httpserver.url_for("/big"), local_policy(httpserver))


def test_streamed_oversized_response_is_refused(httpserver):
    def chunks():
        for _ in range(50):
            yield b"y" * 1000

    httpserver.expect_request("/stream").respond_with_response(Response(chunks()))
    with pytest.raises(FetchError, match="exceeds the limit"):
        fetch(httpserver.url_for("/stream"), local_policy(httpserver))


def test_not_found_is_permanent(httpserver):
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(FetchError) as info:
        fetch(httpserver.url_for("/gone"), local_policy(httpserver))
    assert not isinstance(info.value, TransientFetchError)
    assert info.value.status == 404


@pytest.mark.parametrize("status", [429, 500, 503])
def test_server_errors_are_transient(httpserver, status):
    httpserver.expect_request("/busy").respond_with_data("later", status=status)
    with pytest.raises(TransientFetchError):
        fetch(httpserver.url_for("/busy"), local_policy(httpserver))


def test_slow_response_times_out_as_transient(httpserver):
    def slow(request):
        time.sleep(1.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(TransientFetchError):
        fetch(httpserver.url_for("/slow"), local_policy(httpserver, timeout=0.3))


def test_fetch_sends_the_host_as_written_while_connecting_to_its_address(httpserver):
    host_header = f"{httpserver.host}:{httpserver.port}"
    httpserver.expect_request("/h", headers={"Host": host_header}).respond_with_data("ok")
    result = fetch(httpserver.url_for("/h"), local_policy(httpserver))
    assert result.content == b"ok"


def test_fetch_sends_if_modified_since(httpserver):
    stamp = "Tue, 05 Mar 2024 10:00:00 GMT"
    httpserver.expect_request("/feed", headers={"If-Modified-Since": stamp}).respond_with_data(
        "", status=304
    )
    assert fetch(httpserver.url_for("/feed"), local_policy(httpserver), last_modified=stamp)


def test_compressed_body_is_cut_at_the_limit_once_decoded(httpserver):
    bomb = gzip.compress(b"\0" * 20_000_000)
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/html"
    )
    policy = local_policy(httpserver, max_bytes=100_000)
    assert len(bomb) < policy.max_bytes
    with pytest.raises(FetchError, match="exceeds the limit of 100000 bytes"):
        fetch(httpserver.url_for("/bomb"), policy)


def test_compressed_body_within_the_limit_is_decoded(httpserver):
    httpserver.expect_request("/z").respond_with_data(
        gzip.compress(b"hello " * 100), headers={"Content-Encoding": "gzip"}
    )
    assert fetch(httpserver.url_for("/z"), local_policy(httpserver)).content == b"hello " * 100


def test_refused_connection_is_transient():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    policy = FetchPolicy(timeout=2, allow_hosts={f"127.0.0.1:{port}"})
    with pytest.raises(TransientFetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/", policy)


def test_policy_from_settings_reads_every_fetch_setting():
    settings = SimpleNamespace(
        FETCH_TIMEOUT_SECONDS=7,
        FETCH_MAX_BYTES=2048,
        FETCH_MAX_REDIRECTS=2,
        FETCH_DEADLINE_SECONDS=30,
        FETCH_ALLOW_HOSTS=["127.0.0.1:8123", "Feeds.Internal.", "[::1]:9000"],
        FETCH_USER_AGENT="Newsdesk-test",
    )
    assert FetchPolicy.from_settings(settings) == FetchPolicy(
        timeout=7,
        max_bytes=2048,
        max_redirects=2,
        deadline=30,
        allow_hosts=frozenset({"127.0.0.1:8123", "feeds.internal", "[::1]:9000"}),
        user_agent="Newsdesk-test",
    )


def test_policy_builds_from_the_project_settings():
    from django.conf import settings  # noqa: PLC0415 - the project settings, read at test time  # the project settings, as the pipeline passes them

    policy = FetchPolicy.from_settings(settings)
    assert (policy.timeout, policy.deadline) == (
        settings.FETCH_TIMEOUT_SECONDS,
        settings.FETCH_DEADLINE_SECONDS,
    )


@pytest.mark.parametrize("entry", ["http://127.0.0.1:8123", "127.0.0.1:99999", "::1", "a b", ""])
def test_malformed_allow_hosts_entry_is_refused(entry):
    with pytest.raises(ValueError, match="allow_hosts"):
        FetchPolicy(allow_hosts={entry})
