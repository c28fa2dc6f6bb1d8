"""docker-compose.yml cannot run here (no Docker engine); its structure is checked instead."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_images():
    services = load()["services"]
    assert {"db", "redis", "web", "worker", "worker-extract", "beat", "migrate"} <= set(services)
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for name in ("web", "worker", "worker-extract", "beat", "migrate"):
        assert services[name]["build"] == ".", name


def test_app_services_wait_for_healthy_database_and_broker():
    services = load()["services"]
    for name in ("db", "redis", "web"):
        assert "healthcheck" in services[name], name
    for name in ("web", "worker", "worker-extract", "beat"):
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
        assert depends["migrate"]["condition"] == "service_completed_successfully", name


def test_commands_and_production_environment():
    services = load()["services"]
    assert services["web"]["command"][0] == "gunicorn"
    assert "newsdesk.wsgi:application" in services["web"]["command"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "newsdesk", "beat"]
    queues = {
        name: services[name]["command"][services[name]["command"].index("-Q") + 1]
        for name in ("worker", "worker-extract")
    }
    assert "fetch" in queues["worker"] and queues["worker-extract"] == "extract"
    env = services["web"]["environment"]
    assert env["DEBUG"] == "0"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["CELERY_BROKER_URL"].startswith("redis://")


def test_dockerfile_serves_with_gunicorn_and_whitenoise_settings():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic" in dockerfile
    assert "gunicorn" in dockerfile
    settings = (ROOT / "newsdesk" / "settings.py").read_text()
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings
