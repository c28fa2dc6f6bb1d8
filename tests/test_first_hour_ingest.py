"""`manage.py ingest` as a shell sees it: exit status, summary line, messages on stderr.

Each command runs in a process of its own against this run's test database (DATABASE_NAME),
committing as it would from a shell, hence the transactional tests.
"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import IngestionRun

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "articles" / "sample_data"
NOT_EXPORTED = (
    "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE",
    "XDG_RUNTIME_DIR",
)  # fmt: skip

pytestmark = pytest.mark.django_db(transaction=True)


def ingest(*args: str, var: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in NOT_EXPORTED}
    env.update(NEWSDESK_VAR_DIR=str(var), DATABASE_NAME=connection.settings_dict["NAME"])
    return subprocess.run(
        [sys.executable, "manage.py", "ingest", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture
def bad_folder(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 ...")
    return folder


def test_every_item_failing_exits_1_and_the_summary_says_so(tmp_path, bad_folder):
    result = ingest("--sync", str(bad_folder), var=tmp_path / "var")

    assert result.returncode == 1, result.stderr
    summary = result.stdout.splitlines()[0]
    assert summary.endswith("finished with failures: 0 new, 0 duplicate, 2 failed.")
    assert "unsupported file type '.pdf'" in result.stdout


def test_one_item_failing_among_good_ones_exits_1(tmp_path, bad_folder):
    good = SAMPLES / "003_1dca181fe05a6f0c.txt"

    result = ingest("--sync", str(good), str(bad_folder / "empty.txt"), var=tmp_path / "var")

    assert result.returncode == 1, result.stderr
    assert "finished with failures: 1 new, 0 duplicate, 1 failed." in result.stdout


def test_nothing_failing_exits_0(tmp_path):
    result = ingest("--sync", str(SAMPLES), var=tmp_path / "var")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith("done: 2 new, 0 duplicate, 0 failed.")


def test_unsupported_url_scheme_is_named_as_such(tmp_path):
    result = ingest("ftp://host/x", var=tmp_path / "var")

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "CommandError: unsupported URL scheme 'ftp': use http(s) URLs, files or folders "
        "(ftp://host/x)"
    )
    assert IngestionRun.objects.count() == 0


def test_enqueueing_on_the_filesystem_broker_prints_no_kombu_hostname_warning(tmp_path):
    var = tmp_path / "var"

    result = ingest("--no-wait", str(SAMPLES), var=var)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Enqueued run ")
    assert "No hostname was supplied" not in result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert len(list((var / "broker" / "queue").iterdir())) == 2  # the messages, on disk


def test_call_command_returns_with_failures_in_the_summary(bad_folder):
    """Callers in Python read the summary; only a shell gets the exit status."""
    out = StringIO()

    call_command("ingest", "--sync", str(bad_folder), stdout=out, stderr=StringIO())

    assert "finished with failures: 0 new, 0 duplicate, 2 failed." in out.getvalue()
