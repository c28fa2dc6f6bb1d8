"""The one module that talks HTTP to the outside world.

Every outbound request goes through `fetch`: http/https only, timeouts, a size cap, a few
redirects each re-checked, a real User-Agent, and no private, loopback, link-local or
multicast addresses after DNS resolution (unless the settings allow loopback for tests).
No Django imports: limits come in as a `FetchPolicy`.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3

TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}


class FetchError(Exception):
    """A request that will not succeed by trying again: bad URL, refused address, 404, too big."""

    def __init__(self, reason: str, *, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class TransientFetchError(FetchError):
    """Timeouts, connection errors and 5xx/429: worth retrying with backoff."""


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "Newsdesk/0.1"


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


_pool = urllib3.PoolManager(num_pools=20, retries=False)


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse URLs we must never request; raises FetchError with the reason."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'none'!r}")
    if not parts.hostname:
        raise FetchError("the URL has no host")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 0, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise TransientFetchError(f"cannot resolve {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if _forbidden(address, allow_private=allow_private):
            raise FetchError(
                f"refused: {parts.hostname} resolves to a non-public address {address}"
            )


def _forbidden(address: ipaddress._BaseAddress, *, allow_private: bool) -> bool:
    if address.is_multicast or address.is_unspecified or address.is_reserved:
        return True
    if address.is_loopback:
        return not allow_private
    return (address.is_private or address.is_link_local) and not allow_private


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str = "",
    last_modified: str = "",
    accept: str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
) -> FetchResult:
    """GET a URL under the policy. Raises FetchError (do not retry) or TransientFetchError."""
    headers = {"User-Agent": policy.user_agent, "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    for _ in range(policy.max_redirects + 1):
        check_url(current, allow_private=policy.allow_private)
        response = _request(current, headers, policy)
        if response.status in (301, 302, 303, 307, 308):
            location = response.headers.get("location")
            response.release_conn()
            if not location:
                raise FetchError(f"redirect without a Location header from {current}")
            current = urljoin(current, location)
            continue
        return _read(url, current, response, policy)
    raise FetchError(f"more than {policy.max_redirects} redirects")


def _request(url: str, headers: dict, policy: FetchPolicy):
    try:
        return _pool.request(
            "GET",
            url,
            headers=headers,
            redirect=False,
            preload_content=False,
            timeout=urllib3.Timeout(connect=policy.timeout, read=policy.timeout),
        )
    except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError) as exc:
        raise TransientFetchError(f"network error for {url}: {exc}") from exc
    except urllib3.exceptions.HTTPError as exc:
        raise TransientFetchError(f"network error for {url}: {exc}") from exc


def _read(url: str, final_url: str, response, policy: FetchPolicy) -> FetchResult:
    status = response.status
    headers = {k.lower(): v for k, v in response.headers.items()}
    try:
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
            for chunk in response.stream(64 * 1024):
                size += len(chunk)
                if size > policy.max_bytes:
                    raise FetchError(f"response exceeds the limit of {policy.max_bytes} bytes")
                chunks.append(chunk)
        except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError) as exc:
            raise TransientFetchError(f"network error reading {final_url}: {exc}") from exc
        return FetchResult(url, final_url, status, b"".join(chunks), headers)
    finally:
        response.release_conn()
