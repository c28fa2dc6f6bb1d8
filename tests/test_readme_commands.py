"""The README's command lines, run as written in a fresh shell (nothing exported but the test
database), with only its placeholders filled in: files and URLs of this test, and the public
data sets' folders beside the checkout. `make run`/`make test` are covered by
tests/test_make_run.py. The measuring block runs whole, at a smaller size (see
`BENCHMARK_SIZES`)."""

import os
import re
import shlex
import subprocess
from urllib.parse import quote

import pytest
from django.db import connection

from tests.worker import ROOT, celery_worker

README = ROOT / "README.md"
CORPUS = ROOT.parent / "shared" / "corpus"
# The data set each evaluation line is measured on (a small one where there is a choice).
EVALUATION_DATA = {
    ("evaluate_extraction", "newsdesk"): "htmldate-eval-en",
    ("evaluate_entities", "gum"): "gum-wikinews",
    ("evaluate_entities", "geowebnews"): "geowebnews",
    ("evaluate_claims", "polnear"): "polnear",
    ("evaluate_claims", "plover"): "plover-gsr",
}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def readme_lines(section: str) -> list[str]:
    """The command lines of the shell blocks under one `## ` heading of the README."""
    text = README.read_text()
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", body, re.S):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command and not command.startswith("#"):
                lines.append(command)
    return lines


def fresh_shell(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_SETTINGS_MODULE")
    }
    env["DATABASE_NAME"] = connection.settings_dict["NAME"]
    env.update(extra)
    return env


def run(command: str, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    # Through a shell, as a reader types it: globs such as articles/sample_data/*.txt expand.
    result = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    print(f"$ {command}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result


def test_using_it_lines_run_as_written(httpserver, tmp_path):
    httpserver.expect_request("/story").respond_with_data(
        "<html><head><title>Talks resume in Geneva</title></head><body><article>"
        "<h1>Talks resume in Geneva</h1>"
        + "<p>The foreign ministers of Ukraine and Israel met in Geneva on Tuesday.</p>" * 12
        + "</article></body></html>",
        content_type="text/html",
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>Story</title><link>{httpserver.url_for('/story')}</link>"
        "<guid>1</guid></item></channel></rss>",
        content_type="application/rss+xml",
    )
    local = f"{httpserver.host}:{httpserver.port}"
    env = fresh_shell(FETCH_ALLOW_HOSTS=local, FETCH_MIN_DOMAIN_INTERVAL_MS="0")
    fill = {
        "FILE_OR_FOLDER": str(ROOT / "articles" / "sample_data"),
        "URL": httpserver.url_for("/story"),
        "FEED_URL": httpserver.url_for("/feed.xml"),
    }
    lines = readme_lines("Using it")
    assert len(lines) == 3

    with celery_worker(FETCH_ALLOW_HOSTS=local, FETCH_MIN_DOMAIN_INTERVAL_MS="0"):
        for line in lines:
            words = [word for word in line.split() if word != "..."]  # "and so on"
            command = " ".join(
                shlex.quote(fill.get(word, word)) if word in fill else word for word in words
            )
            result = run(command, env)
            assert result.returncode == 0, command
            assert "Traceback" not in result.stderr


def test_createsuperuser_line_runs_as_written():
    (line,) = [
        match.strip("`") for match in re.findall(r"`[^`]*createsuperuser[^`]*`", README.read_text())
    ]
    env = fresh_shell(
        DJANGO_SUPERUSER_USERNAME="chief", DJANGO_SUPERUSER_EMAIL="chief@example.org",
        DJANGO_SUPERUSER_PASSWORD="a-long-editor-password",
    )  # fmt: skip

    result = run(f"{line} --noinput", env)

    assert result.returncode == 0
    assert "Superuser created successfully" in result.stdout


def test_evaluation_lines_run_as_written():
    if not CORPUS.exists():
        pytest.skip(f"the public data sets are not beside this checkout ({CORPUS})")
    lines = [line for line in readme_lines("Measuring") if " evaluate_" in line]
    assert len(lines) == len(EVALUATION_DATA)
    env = fresh_shell()
    for line in lines:
        words = line.split()
        folder = CORPUS / EVALUATION_DATA[(words[2], words[3])]
        result = run(line.replace(" DIR", f" {folder}"), env)
        assert result.returncode == 0, line
        assert "Traceback" not in result.stderr


def test_createeditor_line_runs_as_written():
    (line,) = [
        match.strip("`") for match in re.findall(r"`[^`]*createeditor[^`]*`", README.read_text())
    ]
    env = fresh_shell(EDITOR_PASSWORD="a-long-editor-password")

    result = run(line.replace("USERNAME", "newsroom"), env)

    assert result.returncode == 0, result.stderr
    assert "newsroom" in result.stdout


# The measuring block at a size a test can afford: every line runs as written, in order, in
# one shell (its `export` lines carry over), but on the test's database server, with the
# 100,000-article seed and the 200-document ingests cut down and DIR a few real HTML pages.
# Each replacement must find its text, so the README cannot drift from what is run here.
BENCHMARK_SIZES = {
    "--articles 100000": "--articles 300",
    "--docs 200": "--docs 12",
}


def test_benchmark_lines_run_as_written(tmp_path):
    if not CORPUS.exists():
        pytest.skip(f"the public data sets are not beside this checkout ({CORPUS})")
    pages = tmp_path / "html"
    pages.mkdir()
    for page in sorted((CORPUS / "scrapinghub-article-extraction-benchmark" / "html").iterdir())[
        :4
    ]:
        (pages / page.name).write_bytes(page.read_bytes())
    lines = [line for line in readme_lines("Measuring") if " evaluate_" not in line]
    assert any(" benchmark seed " in line for line in lines)
    script = "\n".join(["set -euo pipefail", *lines])
    settings = connection.settings_dict
    name = f"{settings['NAME']}_bench"
    host, port, user = settings["HOST"] or "127.0.0.1", settings["PORT"] or "5432", settings["USER"]
    replacements = {
        **BENCHMARK_SIZES,
        "-h 127.0.0.1 -U postgres newsdesk_bench": f"-h {host} -p {port} -U {user} {name}",
        "postgres://postgres@127.0.0.1:5432/newsdesk_bench": (
            f"postgres://{user}@{quote(host, safe='')}:{port}/{name}"
        ),
        " DIR": f" {pages}",
    }
    for old, new in replacements.items():
        assert old in script, old
        script = script.replace(old, new)
    subprocess.run(["dropdb", "--if-exists", "-h", host, "-p", str(port), "-U", user, name])

    env = fresh_shell()
    del env["DATABASE_NAME"]  # the block's own DATABASE_URL names the database

    result = run(script, env, timeout=900)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    output = result.stdout
    assert "seeded 300/300 articles" in output
    assert "VACUUM ANALYZE" in output
    for figure in ("p50", "p95", "peak traced memory", "docs/s", "trafilatura alone"):
        assert figure in output, figure
    # The three ingest lines measured a pipeline that worked.
    assert output.count(" 0 failed, 0 analyses failed") == 3
