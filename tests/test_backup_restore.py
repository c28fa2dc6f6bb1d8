"""The restore drill of docs/operations.md: dump, restore into an empty database, the smoke
checks pass there, and a feed poll after the restore ingests nothing twice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Feed, FeedEntry
from newsdesk.common.dispatch import run_synchronously
from newsdesk.ingestion import feeds

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "articles" / "sample_data"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _client_tool(name: str) -> str:
    """pg_dump/pg_restore at least as new as the server (the embedded server ships its own)."""
    server_major = connection.cursor().connection.info.server_version // 10000
    candidates = [shutil.which(name)]
    try:
        import pgserver  # noqa: PLC0415 - only for an embedded server's own tools

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name))
    except ImportError:
        pass
    for tool in filter(None, candidates):
        out = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
        if Path(tool).exists() and int(out.split()[-1].split(".")[0]) >= server_major:
            return tool
    pytest.fail(f"no {name} for PostgreSQL {server_major}")


def _dsn(name: str) -> str:
    s = connection.settings_dict
    host = s.get("HOST") or "/tmp"
    return f"host={host} port={s.get('PORT') or 5432} user={s['USER']} dbname={name}"


def _serve_feed(httpserver):
    body = "<p>" + "Ministers met in Kyiv to discuss aid and a visit. " * 15 + "</p>"
    for slug in ("one", "two"):
        httpserver.expect_request(f"/a/{slug}").respond_with_data(
            f"<html><head><title>Story {slug}</title></head><body><article><h1>Story {slug}"
            f"</h1>{body}<p>{slug}</p></article></body></html>",
            content_type="text/html",
        )
    items = "".join(
        f"<item><title>Story {s}</title><link>{httpserver.url_for(f'/a/{s}')}</link>"
        f"<guid>{s}</guid></item>"
        for s in ("one", "two")
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}'
        "</channel></rss>",
        content_type="application/rss+xml",
    )
    return httpserver.url_for("/feed.xml")


def test_restore_drill(httpserver, tmp_path, settings):
    settings.FETCH_ALLOW_HOSTS = [f"{httpserver.host}:{httpserver.port}"]
    settings.FETCH_MIN_DOMAIN_INTERVAL_MS = 0
    call_command("ingest", str(SAMPLES), "--sync", stdout=StringIO(), stderr=StringIO())
    feed = Feed.objects.create(url=_serve_feed(httpserver))
    with run_synchronously():
        feeds.poll_feed(feed, run_id=None)
    articles = Article.objects.count()
    assert (articles, FeedEntry.objects.count()) == (4, 2)

    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    dump = tmp_path / "newsdesk.dump"
    env = {**os.environ, "PGPASSWORD": connection.settings_dict.get("PASSWORD") or ""}
    subprocess.run(
        [_client_tool("pg_dump"), "--format=custom", f"--file={dump}", _dsn(source)],
        check=True, env=env,
    )  # fmt: skip
    with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            [_client_tool("pg_restore"), "--no-owner", f"--dbname={_dsn(restored)}", str(dump)],
            check=True, env=env,
        )  # fmt: skip
        child = {**os.environ, "DATABASE_NAME": restored, "DEBUG": "1"}
        child["FETCH_ALLOW_HOSTS"] = f"{httpserver.host}:{httpserver.port}"
        child["FETCH_MIN_DOMAIN_INTERVAL_MS"] = "0"
        for check in (["migrate", "--check"], ["check"]):
            result = subprocess.run(
                [sys.executable, "manage.py", *check], cwd=ROOT, env=child,
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert result.returncode == 0, result.stdout + result.stderr
        # Beat's next poll, on the restored database: nothing it had seen is fetched again.
        poll = (
            "from articles.models import Article, Feed;"
            "from newsdesk.common.dispatch import run_synchronously;"
            "from newsdesk.ingestion import feeds;"
            "feed = Feed.objects.get(); feed.etag = '';"
            "ctx = run_synchronously(); ctx.__enter__();"
            "result = feeds.poll_feed(feed, run_id=None);"
            "print('handed_on', result.handed_on, 'articles', Article.objects.count())"
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", poll], cwd=ROOT, env=child,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert f"handed_on 0 articles {articles}" in result.stdout
    finally:
        with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
