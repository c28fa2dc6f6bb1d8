"""One fetch ends by its deadline however slowly the server talks, and the error is permanent."""

import socket
import threading
import time

import pytest
from werkzeug import Response

from articles.fetching import FetchError, FetchPolicy, TransientFetchError, fetch

# Every byte comes well within the read timeout, so only the deadline can end the fetch.
POLICY = {"timeout": 5, "deadline": 2}
HANG_GUARD_SECONDS = 30


def trickle_server(preamble: bytes, trickle: bytes):
    """A loopback server that answers one request by sending `preamble` at once, then one
    byte of `trickle` (repeated) per second until the client goes away, or the hang guard
    has passed, so a fetch without a deadline fails the test instead of hanging it."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        gives_up_at = time.monotonic() + HANG_GUARD_SECONDS
        with connection:
            connection.recv(65536)
            try:
                connection.sendall(preamble)
                while not stop.wait(1.0) and time.monotonic() < gives_up_at:
                    connection.sendall(trickle)
            except OSError:
                pass  # the client shut the connection down

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, stop, thread


@pytest.mark.parametrize(
    ("preamble", "trickle"),
    [
        pytest.param(b"HTTP/1.1 200 OK\r\nX-Slow: ", b"a", id="headers"),
        pytest.param(
            b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", b"a", id="body-with-length"
        ),
        pytest.param(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", b"a", id="body-until-close"),
        pytest.param(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", b"1", id="chunk-size-line"
        ),
    ],
)
def test_server_sending_a_byte_a_second_ends_with_the_deadline_error(preamble, trickle):
    listener, stop, thread = trickle_server(preamble, trickle)
    port = listener.getsockname()[1]
    policy = FetchPolicy(**POLICY, allow_hosts={f"127.0.0.1:{port}"})
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="deadline exceeded after 2 s") as info:
            fetch(f"http://127.0.0.1:{port}/", policy)
    finally:
        elapsed = time.monotonic() - started
        stop.set()
        thread.join(5)
        listener.close()

    print(f"ended after {elapsed:.2f} s")
    assert not isinstance(info.value, TransientFetchError)
    assert elapsed < HANG_GUARD_SECONDS


def test_redirects_each_within_the_timeout_end_with_the_deadline_error(httpserver):
    def slow_redirect(request):
        time.sleep(0.6)
        return Response(status=302, headers={"Location": "/again"})

    httpserver.expect_request("/again").respond_with_handler(slow_redirect)
    policy = FetchPolicy(
        **POLICY, max_redirects=20, allow_hosts={f"{httpserver.host}:{httpserver.port}"}
    )
    started = time.monotonic()

    with pytest.raises(FetchError, match="deadline exceeded after 2 s"):
        fetch(httpserver.url_for("/again"), policy)

    print(f"ended after {time.monotonic() - started:.2f} s, {len(httpserver.log)} requests")
    assert len(httpserver.log) < 20


def test_resolver_that_hangs_ends_with_the_deadline_error():
    released = threading.Event()

    def hanging(host, port):
        released.wait(HANG_GUARD_SECONDS)
        return ["127.0.0.1"]

    try:
        with pytest.raises(FetchError, match="deadline exceeded after 1 s"):
            fetch("http://slow-dns.test/", FetchPolicy(deadline=1), resolve=hanging)
    finally:
        released.set()
