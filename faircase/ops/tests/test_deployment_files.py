"""compose.yaml, the Dockerfile and production.env.example agree with the settings (no Docker engine runs here,
so they are read, not run)."""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from faircase.ops import probe
from faircase.ops.environment import REQUIRED_ENVIRONMENT, missing_environment

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _example_environment() -> dict[str, str]:
    lines = (ROOT / "production.env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_the_example_environment_names_every_setting_production_requires():
    example = _example_environment()

    assert missing_environment(example) == []
    assert example["DJANGO_SETTINGS_MODULE"] == "faircase.config.settings.production"


def test_compose_runs_the_web_server_the_worker_and_migrations_on_postgresql_15(compose):
    services = compose["services"]

    assert set(services) == {"db", "migrate", "web", "worker"}
    assert services["db"]["image"] == "postgres:15"
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in services["db"]["volumes"])
    assert "healthcheck" in services["db"]
    assert services["migrate"]["command"] == ["faircase", "migrate", "--noinput"]
    assert services["web"]["command"][:2] == ["faircase", "serve"]
    assert services["worker"]["command"] == ["faircase", "db_worker"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }
    for name in ("migrate", "web", "worker"):
        assert services[name]["env_file"] == ".env"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://faircase:")


def test_the_dockerfile_builds_assets_collects_static_files_once_and_serves_as_a_user_not_root():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    placeholders = re.search(r"RUN (FAIRCASE_SECRET_KEY=.*?)faircase collectstatic", dockerfile, re.DOTALL)

    assert stages[0].startswith("node:") and stages[-1] == "python:3.12-slim"
    assert "uv sync --frozen --no-dev --extra s3" in dockerfile
    assert placeholders is not None
    # collectstatic runs under the production settings, so the build gives it every value they require.
    build_environment = dict(re.findall(r"(\w+)=(\S+)", placeholders.group(1)))
    assert set(REQUIRED_ENVIRONMENT) <= set(build_environment)
    assert re.search(r"^USER faircase$", dockerfile, re.MULTILINE)
    assert "HEALTHCHECK" in dockerfile and '"faircase.ops.probe"' in dockerfile
    assert 'CMD ["faircase", "serve", "--bind", "0.0.0.0", "--port", "8000"]' in dockerfile


def test_the_container_probe_asks_healthz_with_a_host_the_settings_allow():
    request = probe.probe_request({"FAIRCASE_ALLOWED_HOSTS": ".example.nhs.uk, faircase.example.nhs.uk"})

    assert request.full_url == "http://127.0.0.1:8000/healthz"
    assert request.get_header("Host") == "example.nhs.uk"
