"""https connects to the checked address but verifies the certificate, and sends SNI, for the
host name in the URL. Certificates come from a throwaway CA made with the openssl tool."""

import shutil
import ssl
import subprocess

import pytest
from pytest_httpserver import HTTPServer

from articles.fetching import FetchPolicy, TransientFetchError, fetch


def openssl(*args: str, cwd) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A CA and a server certificate for "localhost" only, signed by it."""
    if not shutil.which("openssl"):
        pytest.skip("the openssl tool is not installed")
    path = tmp_path_factory.mktemp("tls")
    key = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    openssl(
        "req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
        "-subj", "/CN=Newsdesk test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=path,
    )  # fmt: skip
    openssl(
        "req", *key, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
        cwd=path,
    )  # fmt: skip
    (path / "server.ext").write_text("subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n")
    openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "1", "-extfile", "server.ext",
        cwd=path,
    )  # fmt: skip
    return path


@pytest.fixture
def tls_server(certificates, monkeypatch):
    """An https server for "localhost"; `.server_names` holds the SNI names it was sent."""
    # OpenSSL's default trust store is read from SSL_CERT_FILE when the variable is set.
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates / "ca.pem"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "server.pem", certificates / "server.key")
    server_names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.expect_request("/story").respond_with_data("over tls")
    server.start()
    server.server_names = server_names
    yield server
    server.stop()


def test_https_host_name_is_verified_and_sent_as_sni(tls_server):
    url = f"https://localhost:{tls_server.port}/story"
    policy = FetchPolicy(timeout=2, deadline=5, allow_hosts={f"localhost:{tls_server.port}"})

    result = fetch(url, policy, resolve=lambda host, port: ["127.0.0.1"])

    assert result.content == b"over tls"
    assert tls_server.server_names == ["localhost"]
    assert tls_server.log[0][0].headers["Host"] == f"localhost:{tls_server.port}"


@pytest.mark.parametrize("host", ["other.test", "127.0.0.1"])
def test_https_certificate_for_another_name_is_refused(tls_server, host):
    url = f"https://{host}:{tls_server.port}/story"
    policy = FetchPolicy(timeout=2, deadline=5, allow_hosts={f"{host}:{tls_server.port}"})

    with pytest.raises(TransientFetchError, match="doesn't match 'localhost'"):
        fetch(url, policy, resolve=lambda host, port: ["127.0.0.1"])

    assert tls_server.log == []
