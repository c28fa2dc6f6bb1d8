"""The one module that talks HTTP to the outside world.

Every outbound request goes through `fetch`. Each URL, the first one and every redirect
target, is parsed once into a `Target`; its host is resolved once; every address is checked;
and the connection goes to an address that was checked, with the original host name in the
Host header and, for https, in SNI and the certificate check. Nothing resolves the name a
second time, so an answer that changes between check and connect (DNS rebinding) is never
used.

Only globally routable addresses are fetched. Hosts listed in `FetchPolicy.allow_hosts` (tests,
local services) may also be loopback or private, never a cloud metadata address. Timeouts
bound each connect and read, a deadline bounds the whole fetch, and a cap bounds the body.
No Django imports: limits come in as a `FetchPolicy`.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.util.ssl_match_hostname import CertificateError

TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host name and port in, IP address strings out; raises OSError when the name does not resolve
Resolver = Callable[[str, int], Iterable[str]]

# Never fetched, even for a listed host: where clouds serve instance credentials.
METADATA_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("169.254.0.0/16", "100.100.100.200/32", "fd00:ec2::254/128")
)
# Not globally routable, though `ipaddress` (Python 3.11) reports them as global or does not
# cover them: shared address space (CGNAT), the 6to4 relay anycast, IPv6 site-local and the
# local-use NAT64 prefix (whose embedded IPv4 sits at an operator-chosen offset).
NON_PUBLIC_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("100.64.0.0/10", "192.88.99.0/24", "fec0::/10", "64:ff9b:1::/48")
)
NAT64_NETWORK = ipaddress.ip_network("64:ff9b::/96")

# Characters a URL may not contain at all. Backslashes are read as "/" by browsers and some
# clients but not by `urlsplit`, which is how one URL can name two hosts; `urlsplit` silently
# drops tabs and newlines.
_FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")
_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")
# A last label like these makes a URL parser read the host as an IPv4 address (WHATWG URL).
_NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|[0-9]+")
_ALLOW_ENTRY = re.compile(r"(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?")
# Everything printable in ASCII is sent as written; only other characters are percent-encoded.
_SENT_AS_IS = "".join(chr(c) for c in range(0x21, 0x7F))


class FetchError(Exception):
    """A request that will not succeed by trying again: bad URL, refused address, 404, too
    big, deadline exceeded."""

    def __init__(self, reason: str, *, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class TransientFetchError(FetchError):
    """Timeouts, connection errors and 5xx/429: worth retrying with backoff."""


@dataclass(frozen=True)
class FetchPolicy:
    """The limits of one fetch.

    `timeout` bounds each connect and each read; `deadline` bounds the whole fetch, redirects
    included. `allow_hosts` names hosts that may resolve to loopback or private addresses,
    each "host" (any port) or "host:port" as written in URLs, IPv6 in brackets:
    "127.0.0.1:8123", "localhost:8123", "[::1]:8123", "feeds.internal". Entries are
    normalised (lower case, IDNA, no trailing dot); a malformed entry raises ValueError.
    Cloud metadata addresses are refused even for a listed host.
    """

    timeout: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    deadline: float = 60.0
    allow_hosts: frozenset[str] = frozenset()
    user_agent: str = "Newsdesk/0.1"

    def __post_init__(self):
        if isinstance(self.allow_hosts, str):
            raise TypeError("allow_hosts is a collection of host entries, not one string")
        # Frozen: normalised entries are written the way dataclasses allow in __post_init__.
        object.__setattr__(
            self, "allow_hosts", frozenset(_allow_entry(entry) for entry in self.allow_hosts)
        )

    @classmethod
    def from_settings(cls, settings) -> FetchPolicy:
        """The policy described by FETCH_TIMEOUT_SECONDS, FETCH_MAX_BYTES,
        FETCH_MAX_REDIRECTS, FETCH_DEADLINE_SECONDS, FETCH_ALLOW_HOSTS (a list of entries)
        and FETCH_USER_AGENT on a settings object."""
        return cls(
            timeout=settings.FETCH_TIMEOUT_SECONDS,
            max_bytes=settings.FETCH_MAX_BYTES,
            max_redirects=settings.FETCH_MAX_REDIRECTS,
            deadline=settings.FETCH_DEADLINE_SECONDS,
            allow_hosts=frozenset(settings.FETCH_ALLOW_HOSTS),
            user_agent=settings.FETCH_USER_AGENT,
        )

    def lists(self, target: Target) -> bool:
        """Whether the target's host, or its host and port, is in `allow_hosts`."""
        return (
            target.authority in self.allow_hosts
            or f"{target.authority}:{target.port}" in self.allow_hosts
        )


@dataclass
class FetchResult:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class Target:
    """A URL parsed once for fetching: the host checked is the host connected to and named in
    the request."""

    scheme: str  # "http" or "https"
    host: str  # lower-case ASCII (IDNA), no trailing dot; an IPv6 address has no brackets
    port: int
    path: str  # path and query as sent in the request line, never empty
    address: IPAddress | None  # the host when it is an IP address literal

    @property
    def authority(self) -> str:
        """The host as written in a URL: IPv6 in brackets."""
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def host_header(self) -> str:
        if self.port == DEFAULT_PORTS[self.scheme]:
            return self.authority
        return f"{self.authority}:{self.port}"


def parse_url(url: str) -> Target:
    """Parse a URL strictly into a `Target`, or raise FetchError saying what is wrong.

    Refused: whitespace, control characters and backslashes anywhere; schemes other than
    http and https; a user name or password; an empty host; ports outside 1-65535; host names
    with characters outside letters, digits, "-", "_" and "."; and hosts that a URL parser
    would read as IPv4 in a form other than dotted decimal (2130706433, 0x7f.1, 0177.0.0.1,
    127.1). The fragment is dropped; other non-ASCII characters in the path are
    percent-encoded; an internationalised host name is IDNA-encoded. Never resolves anything.
    """
    if _FORBIDDEN_CHARACTERS.search(url) or any(c.isspace() for c in url):
        raise FetchError("the URL contains whitespace, a control character or a backslash")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError(f"the URL cannot be parsed: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'none'!r}")
    netloc = parts.netloc
    if "@" in netloc:
        raise FetchError("URLs with a user name or password are not fetched")
    if netloc.startswith("["):
        bracketed, _, after = netloc[1:].partition("]")
        if after and not after.startswith(":"):
            raise FetchError(f"the URL has a malformed host {netloc!r}")
        host, address = _parse_ipv6_host(bracketed)
        port_text = after[1:] if after else None
    else:
        host_text, colon, port_text = netloc.rpartition(":")
        if not colon:
            host_text, port_text = netloc, None
        host, address = _parse_host(host_text)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        scheme=scheme,
        host=host,
        port=_parse_port(port_text, scheme),
        path=quote(path, safe=_SENT_AS_IS),
        address=address,
    )


def _parse_ipv6_host(text: str) -> tuple[str, IPAddress]:
    # A zone id ("%eth0") names an interface of this machine: never a place to fetch from.
    if "%" in text:
        raise FetchError(f"the URL has an IPv6 zone id in {text!r}")
    try:
        address = ipaddress.IPv6Address(text)
    except ValueError as exc:
        raise FetchError(f"the URL has a malformed IPv6 host {text!r}") from exc
    return address.compressed, address


def _parse_host(text: str) -> tuple[str, IPAddress | None]:
    if not text:
        raise FetchError("the URL has no host")
    try:
        # The IDNA codec also maps full-width digits and dots, as resolvers would.
        host = text.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise FetchError(f"the URL has an invalid host name {text!r}") from exc
    host = host.removesuffix(".")
    if not _HOST_NAME.fullmatch(host):
        raise FetchError(f"the URL has an invalid host name {text!r}")
    if not _NUMERIC_LABEL.fullmatch(host.rpartition(".")[2]):
        return host, None
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError as exc:
        raise FetchError(
            f"the URL has an ambiguous numeric host {text!r}: IPv4 is fetched only as a.b.c.d"
        ) from exc
    return host, address


def _parse_port(text: str | None, scheme: str) -> int:
    if not text:
        return DEFAULT_PORTS[scheme]
    if not (text.isascii() and text.isdigit() and len(text) <= 5 and 0 < int(text) < 65536):
        raise FetchError(f"the URL has an invalid port {text!r}")
    return int(text)


def _allow_entry(entry: str) -> str:
    entry = entry.strip()
    if not _ALLOW_ENTRY.fullmatch(entry):
        raise ValueError(f"{entry!r} is not a host or host:port for allow_hosts")
    try:
        target = parse_url(f"http://{entry}/")
    except FetchError as exc:
        raise ValueError(f"{entry!r} is not a host or host:port for allow_hosts: {exc}") from exc
    has_port = ":" in entry.rpartition("]")[2]
    return f"{target.authority}:{target.port}" if has_port else target.authority


def address_refusal(address: IPAddress, *, listed: bool = False) -> str | None:
    """Why `address` must not be connected to ("a non-public address", "a cloud metadata
    address", ...), or None when it may be.

    Only globally routable addresses pass, unless `listed` (the host is in the policy's
    allowlist), which also lets loopback and private addresses through, but never cloud
    metadata, multicast or unspecified ones. An IPv4-mapped or NAT64 address is judged by the
    IPv4 address it stands for; a 6to4 or Teredo address by itself and the IPv4 inside it.
    """
    judged = _judged_addresses(address)
    for each in judged:
        if any(each in network for network in METADATA_NETWORKS):
            return "a cloud metadata address"
        if each.is_multicast or each.is_unspecified:
            return "a multicast or unspecified address"
    if listed or all(_is_public(each) for each in judged):
        return None
    return "a non-public address"


def _judged_addresses(address: IPAddress) -> list[IPAddress]:
    if address.version == 4:
        return [address]
    if address.ipv4_mapped:
        return [address.ipv4_mapped]
    if address in NAT64_NETWORK:
        return [ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)]
    judged: list[IPAddress] = [address]
    if address.sixtofour:
        judged.append(address.sixtofour)
    if address.teredo:
        judged.extend(address.teredo)
    return judged


def _is_public(address: IPAddress) -> bool:
    return (
        address.is_global
        and not (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_multicast
            or address.is_reserved
            or address.is_unspecified
            or (address.version == 6 and address.is_site_local)
        )
        and not any(address in network for network in NON_PUBLIC_NETWORKS)
    )


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses of a host name from the system resolver, in its order, once each."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str = "",
    last_modified: str = "",
    accept: str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    resolve: Resolver = resolve_host,
) -> FetchResult:
    """GET a URL under the policy, following redirects, and return the whole response.

    Raises FetchError when trying again will not help (a malformed or refused URL or redirect
    target, 4xx, a body over `max_bytes`, the deadline exceeded) and TransientFetchError when
    it may (timeouts, connection errors, 5xx, 429, names that do not resolve). Each host is
    resolved once with `resolve` and only addresses that passed `address_refusal` are
    connected to. Returns within `policy.deadline` seconds plus the time to notice.
    """
    headers = {"User-Agent": policy.user_agent, "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = _Deadline(policy.deadline)
    try:
        result = _follow(url, headers, policy, deadline, resolve)
    except FetchError as exc:
        # Whatever a shut-down socket made the read fail with, the cause is the deadline.
        if deadline.passed:
            raise deadline.error() from exc
        raise
    finally:
        deadline.close()
    # A body that ends at connection close looks complete when the deadline cut it short.
    if deadline.expired:
        raise deadline.error()
    return result


def _follow(url, headers, policy: FetchPolicy, deadline: _Deadline, resolve) -> FetchResult:
    current = url
    for _ in range(policy.max_redirects + 1):
        target = parse_url(current)
        addresses = _checked_addresses(target, policy, deadline, resolve)
        connection = _connect(target, addresses, policy, deadline)
        try:
            response = _request(connection, target, current, headers, policy, deadline)
            if response.status not in REDIRECT_STATUSES:
                return _read(url, current, response, policy)
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"redirect without a Location header from {current}")
            current = urljoin(current, location)
        finally:
            connection.close()
            deadline.release()
    raise FetchError(f"more than {policy.max_redirects} redirects")


def _checked_addresses(
    target: Target, policy: FetchPolicy, deadline: _Deadline, resolve: Resolver
) -> list[IPAddress]:
    if target.address is not None:
        addresses = [target.address]
    else:
        addresses = _resolve(target, deadline, resolve)
    listed = policy.lists(target)
    for address in addresses:
        refusal = address_refusal(address, listed=listed)
        if refusal:
            raise FetchError(f"refused: {target.host} resolves to {refusal} {address}")
    return addresses


def _resolve(target: Target, deadline: _Deadline, resolve: Resolver) -> list[IPAddress]:
    answer: list = []

    def run() -> None:
        try:
            answer.append(list(resolve(target.host, target.port)))
        except Exception as exc:
            answer.append(exc)

    # In a thread so a resolver that hangs cannot outlast the deadline; such a thread is
    # left to finish on its own.
    resolver = threading.Thread(target=run, name=f"resolve {target.host}", daemon=True)
    resolver.start()
    resolver.join(deadline.remaining())
    if not answer:
        raise deadline.error()
    if isinstance(answer[0], OSError):
        raise TransientFetchError(f"cannot resolve {target.host}: {answer[0]}") from answer[0]
    if isinstance(answer[0], Exception):
        raise answer[0]
    if not answer[0]:
        raise TransientFetchError(f"cannot resolve {target.host}: no addresses")
    try:
        return [ipaddress.ip_address(text) for text in answer[0]]
    except ValueError as exc:
        raise FetchError(f"the resolver answered a non-address for {target.host}: {exc}") from exc


class _DeadlineWatched:
    """Hands each new socket to the fetch's deadline before any byte is read from it.
    (`_new_conn` is the method urllib3's own SOCKS connections override to make sockets.)"""

    deadline: _Deadline

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self.deadline.watch(sock)
        return sock


class _HTTPConnection(_DeadlineWatched, HTTPConnection):
    pass


class _HTTPSConnection(_DeadlineWatched, HTTPSConnection):
    pass


def _connect(
    target: Target, addresses: list[IPAddress], policy: FetchPolicy, deadline: _Deadline
) -> HTTPConnection:
    """A connection to the first checked address that accepts one, verified for the
    target's host name under https."""
    failures = []
    for address in addresses:
        timeout = min(policy.timeout, deadline.remaining())
        if target.scheme == "https":
            connection = _HTTPSConnection(
                str(address),
                target.port,
                timeout=timeout,
                server_hostname=target.host,
                assert_hostname=target.host,
            )
        else:
            connection = _HTTPConnection(str(address), target.port, timeout=timeout)
        connection.deadline = deadline
        try:
            connection.connect()
        except (OSError, urllib3.exceptions.HTTPError, CertificateError) as exc:
            connection.close()
            failures.append(f"{address}: {exc}")
            continue
        return connection
    raise TransientFetchError(f"cannot connect to {target.host}: {'; '.join(failures)}")


def _request(
    connection: HTTPConnection,
    target: Target,
    url: str,
    headers: dict,
    policy: FetchPolicy,
    deadline: _Deadline,
) -> urllib3.BaseHTTPResponse:
    connection.timeout = min(policy.timeout, deadline.remaining())
    try:
        connection.request(
            "GET",
            target.path,
            headers={**headers, "Host": target.host_header},
            preload_content=False,
        )
        return connection.getresponse()
    except (OSError, http.client.HTTPException, urllib3.exceptions.HTTPError) as exc:
        raise TransientFetchError(f"network error for {url}: {exc}") from exc


def _read(url: str, final_url: str, response, policy: FetchPolicy) -> FetchResult:
    status = response.status
    headers = {k.lower(): v for k, v in response.headers.items()}
    if status in TRANSIENT_STATUSES:
        raise TransientFetchError(f"HTTP {status} from {final_url}", status=status)
    if status == 304:
        return FetchResult(url, final_url, status, b"", headers)
    if status >= 400:
        raise FetchError(f"HTTP {status} from {final_url}", status=status)
    declared = headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(
            f"response of {int(declared)} bytes exceeds the limit of {policy.max_bytes}"
        )
    chunks, size = [], 0
    try:
        # Decoded bytes are counted, so a compressed body is cut at the cap too.
        for chunk in response.stream(64 * 1024):
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchError(f"response exceeds the limit of {policy.max_bytes} bytes")
            chunks.append(chunk)
    except urllib3.exceptions.DecodeError as exc:
        raise FetchError(f"cannot decode the body of {final_url}: {exc}") from exc
    except (OSError, http.client.HTTPException, urllib3.exceptions.HTTPError) as exc:
        raise TransientFetchError(f"network error reading {final_url}: {exc}") from exc
    return FetchResult(url, final_url, status, b"".join(chunks), headers)


class _Deadline:
    """The wall-clock budget of one fetch, redirects included.

    Socket timeouts bound each read, not their sum: a server sending one byte a second never
    trips them. So when the budget runs out a timer shuts down the sockets of the fetch,
    which makes a blocked TLS handshake or read return at once.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._ends_at = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._watched: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    @property
    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self._ends_at

    def error(self) -> FetchError:
        # Permanent: a server this slow is as slow on the next attempt.
        return FetchError(f"deadline exceeded after {self.seconds:g} s")

    def remaining(self) -> float:
        """Seconds left; raises the deadline's FetchError when there are none."""
        left = self._ends_at - time.monotonic()
        if left <= 0 or self.expired:
            raise self.error()
        return left

    def watch(self, sock: socket.socket) -> None:
        # A duplicate descriptor, because TLS wrapping detaches the original socket object;
        # a shutdown through either ends the connection for both.
        duplicate = sock.dup()
        with self._lock:
            self._watched.append(duplicate)
            if self.expired:
                _shut_down(duplicate)

    def release(self) -> None:
        """Forget the sockets watched so far (their connections are closed)."""
        with self._lock:
            for sock in self._watched:
                sock.close()
            self._watched.clear()

    def close(self) -> None:
        self._timer.cancel()
        self.release()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._watched:
                _shut_down(sock)


def _shut_down(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the peer
        sock.shutdown(socket.SHUT_RDWR)
