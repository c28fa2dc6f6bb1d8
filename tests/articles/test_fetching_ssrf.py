"""Fetching refuses to reach this machine, its network or cloud metadata, however the URL,
a redirect or DNS spells the address. A loopback canary server counts what gets through."""

import ipaddress
import re

import pytest
import urllib3.util.connection
from pytest_httpserver import HTTPServer
from werkzeug import Response

from articles.fetching import FetchError, FetchPolicy, fetch


class ConnectOffThisMachine(AssertionError):
    """Raised instead of connecting anywhere but loopback: tests never send traffic out."""


@pytest.fixture(autouse=True)
def connects(monkeypatch):
    """The addresses urllib3 was asked to connect to; a non-loopback one is refused before
    any packet leaves, with ConnectOffThisMachine."""
    real = urllib3.util.connection.create_connection
    attempts: list[str] = []

    def loopback_only(address, *args, **kwargs):
        host = address[0].strip("[]")
        attempts.append(host)
        if not ipaddress.ip_address(host).is_loopback:
            raise ConnectOffThisMachine(f"a test tried to connect to {host}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", loopback_only)
    return attempts


@pytest.fixture(scope="module")
def canary_server():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/", method="GET").respond_with_data("canary")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def canary(canary_server):
    """A loopback server whose log holds this test's requests; no test may reach it unlisted."""
    canary_server.clear_log()
    return canary_server


@pytest.fixture
def policy(httpserver):
    """Lists only the test's allowed server (pytest-httpserver, another port than the canary)."""
    return FetchPolicy(timeout=1, deadline=3, allow_hosts={f"{httpserver.host}:{httpserver.port}"})


REFUSED_URLS = [
    "http://127.0.0.1:{port}\\@1.1.1.1/",
    "http://user@127.0.0.1:{port}/",
    "http://user:pass@127.0.0.1:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f.1:{port}/",
    "http://017700000001:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://127.1:{port}/",
    "http://１２７.０.０.１:{port}/",
    "http://127.0.0.1:{port}/",
    "https://127.0.0.1:{port}/",
    "http://127.0.0.1:{port}#@1.1.1.1/",
    "http://127.0.0.1\t:{port}/",
    "http://[::1]:{port}/",
    "http://[::1%25lo]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[2002:7f00:1::]:{port}/",
    "http://[64:ff9b::7f00:1]:{port}/",
    "http://100.100.100.200/",
    "http://100.64.0.1/",
    "http://169.254.169.254/",
    "http://[fd00:ec2::254]/",
    "http://[fec0::1]/",
    "http://192.88.99.1/",
    "http://localhost:{port}/",
    "http://LOCALHOST.:{port}/",
    "http://0.0.0.0:{port}/",
    "http://[::]:{port}/",
    "http://127.0.0.1:0/",
    "http://127.0.0.1:65536/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:{port}/",
]


@pytest.mark.parametrize("template", REFUSED_URLS)
def test_address_of_this_machine_or_network_is_refused(template, canary, policy, connects):
    with pytest.raises(FetchError):
        fetch(template.format(port=canary.port), policy)

    assert canary.log == []
    assert connects == []


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/",
        "//127.0.0.1:{port}/",
        "http://localhost:{port}/",
        "http://127.0.0.1:{port}\\@1.1.1.1/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_redirect_from_a_listed_host_to_the_canary_is_refused(
    location, httpserver, canary, policy, connects
):
    httpserver.expect_request("/hop").respond_with_response(
        Response(status=302, headers={"Location": location.format(port=canary.port)})
    )

    with pytest.raises(FetchError):
        fetch(httpserver.url_for("/hop"), policy)

    assert len(httpserver.log) == 1
    assert canary.log == []
    assert all(ipaddress.ip_address(a).is_loopback for a in connects)


def test_listed_host_is_fetched(httpserver, policy):
    httpserver.expect_request("/story").respond_with_data("story")
    assert fetch(httpserver.url_for("/story"), policy).content == b"story"


def test_listed_host_without_port_is_fetched_on_any_port(httpserver):
    httpserver.expect_request("/story").respond_with_data("story")
    policy = FetchPolicy(timeout=1, allow_hosts={httpserver.host})
    assert fetch(httpserver.url_for("/story"), policy).content == b"story"


def test_listing_is_by_host_as_written_not_by_address(canary):
    # 127.0.0.1 is listed; "localhost" names the same address but is not.
    policy = FetchPolicy(timeout=1, allow_hosts={f"127.0.0.1:{canary.port}"})

    assert fetch(f"http://127.0.0.1:{canary.port}/", policy).content == b"canary"
    with pytest.raises(FetchError, match="non-public address"):
        fetch(f"http://localhost:{canary.port}/", policy)

    assert len(canary.log) == 1


@pytest.mark.parametrize(
    "url", ["http://169.254.169.254/", "http://100.100.100.200/", "http://[fd00:ec2::254]/"]
)
def test_listed_metadata_address_is_still_refused(url, connects):
    policy = FetchPolicy(
        timeout=1,
        deadline=3,
        allow_hosts={"169.254.169.254", "100.100.100.200", "[fd00:ec2::254]"},
    )
    with pytest.raises(FetchError, match="cloud metadata address"):
        fetch(url, policy)
    assert connects == []


def test_listed_name_resolving_to_metadata_is_still_refused(connects):
    policy = FetchPolicy(timeout=1, deadline=3, allow_hosts={"metadata.test"})
    with pytest.raises(FetchError, match=re.escape("cloud metadata address 169.254.169.254")):
        fetch("http://metadata.test/", policy, resolve=lambda host, port: ["169.254.169.254"])
    assert connects == []


def rebinding(*answers: str):
    """A resolver giving each answer in turn, then the last one again; `.calls` counts."""
    remaining = list(answers)

    def resolve(host: str, port: int) -> list[str]:
        resolve.calls += 1
        return [remaining.pop(0) if len(remaining) > 1 else remaining[0]]

    resolve.calls = 0
    return resolve


def test_rebinding_name_is_resolved_once_and_a_public_answer_is_what_gets_connected_to(
    canary, policy, connects
):
    resolve = rebinding("1.1.1.1", "127.0.0.1")

    # The guard stops the connection to 1.1.1.1 before any packet is sent.
    with pytest.raises(ConnectOffThisMachine):
        fetch(f"http://rebind.test:{canary.port}/", policy, resolve=resolve)

    assert resolve.calls == 1
    assert connects == ["1.1.1.1"]
    assert canary.log == []


def test_rebinding_name_with_a_non_public_first_answer_is_refused(canary, policy, connects):
    resolve = rebinding("203.0.113.7", "127.0.0.1")

    with pytest.raises(FetchError, match=re.escape("non-public address 203.0.113.7")):
        fetch(f"http://rebind.test:{canary.port}/", policy, resolve=resolve)

    assert resolve.calls == 1
    assert connects == []
    assert canary.log == []


def test_rebinding_name_is_connected_at_the_address_that_was_checked(canary):
    # Two loopback servers on one port: the first answer's and the canary at the second's.
    checked = HTTPServer(host="127.0.0.2", port=canary.port)
    checked.expect_request("/").respond_with_data("checked")
    checked.start()
    try:
        policy = FetchPolicy(timeout=1, deadline=3, allow_hosts={f"rebind.test:{canary.port}"})
        resolve = rebinding("127.0.0.2", "127.0.0.1")

        result = fetch(f"http://rebind.test:{canary.port}/", policy, resolve=resolve)
    finally:
        checked.stop()

    assert result.content == b"checked"
    assert resolve.calls == 1
    assert checked.log[0][0].headers["Host"] == f"rebind.test:{canary.port}"
    assert canary.log == []


def test_name_with_any_refused_address_is_refused(canary, policy, connects):
    def mixed(host, port):
        return ["1.1.1.1", "127.0.0.1"]

    with pytest.raises(FetchError, match=re.escape("non-public address 127.0.0.1")):
        fetch(f"http://mixed.test:{canary.port}/", policy, resolve=mixed)

    assert connects == []
    assert canary.log == []
