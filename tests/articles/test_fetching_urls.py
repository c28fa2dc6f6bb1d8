"""URL parsing and the address blocklist on their own: no network."""

import ipaddress

import pytest

from articles.fetching import FetchError, Target, address_refusal, parse_url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8000\\@1.1.1.1/", "backslash"),
        ("http://example.com/a\\b", "backslash"),
        ("http://exa mple.com/", "whitespace"),
        ("http://example.com/\n", "control character"),
        ("http://example.com/\u3000", "whitespace"),
        ("http://user@example.com/", "user name or password"),
        ("http://:pw@example.com/", "user name or password"),
        ("ftp://example.com/", "only http and https"),
        ("example.com/page", "only http and https"),
        ("http:///path", "no host"),
        ("http://:80/", "no host"),
        ("http://example.com:0/", "invalid port"),
        ("http://example.com:65536/", "invalid port"),
        ("http://example.com:８０/", "invalid port"),
        ("http://example.com:+80/", "invalid port"),
        ("http://a..b/", "invalid host name"),
        ("http://exa%6dple.com/", "invalid host name"),
        ("http://exa*mple.com/", "invalid host name"),
        ("http://2130706433/", "ambiguous numeric host"),
        ("http://0x7f.1/", "ambiguous numeric host"),
        ("http://0x7f000001/", "ambiguous numeric host"),
        ("http://017700000001/", "ambiguous numeric host"),
        ("http://0177.0.0.1/", "ambiguous numeric host"),
        ("http://127.1/", "ambiguous numeric host"),
        ("http://1.2.3.4.5/", "ambiguous numeric host"),
        ("http://[::1/", "cannot be parsed"),
        ("http://[::1]x/", "malformed host"),
        ("http://[fe80::1%25eth0]/", "zone id"),
        ("http://[127.0.0.1]/", "cannot be parsed"),
        ("http://[v1.x]/", "malformed IPv6 host"),
    ],
)
def test_malformed_or_ambiguous_url_is_refused(url, reason):
    with pytest.raises(FetchError, match=reason):
        parse_url(url)


@pytest.mark.parametrize(
    ("url", "target"),
    [
        (
            "HTTPS://News.Example.COM./a/b?x=1#top",
            Target("https", "news.example.com", 443, "/a/b?x=1", None),
        ),
        ("http://example.com", Target("http", "example.com", 80, "/", None)),
        ("http://example.com:/x", Target("http", "example.com", 80, "/x", None)),
        ("http://bücher.de/straße", Target("http", "xn--bcher-kva.de", 80, "/stra%C3%9Fe", None)),
        ("http://a_b.example/%7E", Target("http", "a_b.example", 80, "/%7E", None)),
        (
            "http://93.184.215.14:8080/",
            Target("http", "93.184.215.14", 8080, "/", ipaddress.ip_address("93.184.215.14")),
        ),
        (
            "http://[2606:4700:0::1111]/",
            Target("http", "2606:4700::1111", 80, "/", ipaddress.ip_address("2606:4700::1111")),
        ),
        ("http://0x7f.example.com/", Target("http", "0x7f.example.com", 80, "/", None)),
    ],
)
def test_url_is_parsed_into_one_target(url, target):
    assert parse_url(url) == target


def test_host_header_keeps_a_non_default_port_and_ipv6_brackets():
    assert parse_url("http://[2606:4700::1111]:8080/").host_header == "[2606:4700::1111]:8080"
    assert parse_url("https://example.com:443/").host_header == "example.com"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "100.100.100.200",
        "169.254.169.254",
        "192.0.0.170",
        "192.0.2.1",
        "192.88.99.1",
        "198.18.0.1",
        "203.0.113.7",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "0.0.0.0",
        "::",
        "::1",
        "::7f00:1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe",
        "64:ff9b:1::808:808",
        "2002:7f00:1::",
        "2002:a9fe:a9fe::",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",
        "2001:db8::1",
        "fc00::1",
        "fd00:ec2::254",
        "fe80::1",
        "fec0::1",
        "ff02::1",
    ],
)
def test_address_that_is_not_globally_routable_is_refused(address):
    assert address_refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "1.1.1.1", "2606:4700::1111", "64:ff9b::808:808"]
)
def test_public_address_is_allowed(address):
    assert address_refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "::1", "fd12::1", "100.64.0.1"])
def test_listed_host_may_use_loopback_and_private_addresses(address):
    assert address_refusal(ipaddress.ip_address(address), listed=True) is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "cloud metadata"),
        ("169.254.1.1", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("::ffff:169.254.169.254", "cloud metadata"),
        ("64:ff9b::a9fe:a9fe", "cloud metadata"),
        ("2002:a9fe:a9fe::", "cloud metadata"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
    ],
)
def test_listed_host_never_uses_metadata_multicast_or_unspecified_addresses(address, reason):
    assert reason in address_refusal(ipaddress.ip_address(address), listed=True)
