"""The production compose file: there is no Docker engine here, so we check it by reading it."""

import importlib
import json
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_words(service: dict) -> list[str]:
    cmd = service["command"]
    words = cmd if isinstance(cmd, list) else shlex.split(cmd)
    return [part for word in words for part in word.split()]


def test_compose_has_the_production_services_with_health_checks():
    services = compose()["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat", "proxy"}
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    volumes = compose()["volumes"]
    assert {"pgdata", "media"} <= set(volumes)
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "media:/data/media" in services["web"]["volumes"]


def test_only_the_tls_proxy_is_published_and_it_forwards_to_gunicorn():
    services = compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}, "gunicorn must be reached through the proxy only"
    proxy = services["proxy"]
    assert proxy["image"] == "caddy:2"
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert "caddy_data:/data" in proxy["volumes"] and "caddy_data" in compose()["volumes"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    assert "KARSPLAN_DOMAIN" in proxy["environment"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "{$KARSPLAN_DOMAIN} {" in caddyfile
    # The proxy's upstream is the port gunicorn binds.
    words = command_words(services["web"])
    bind = words[words.index("--bind") + 1]
    assert bind.startswith("0.0.0.0:")
    assert f"reverse_proxy web:{bind.split(':')[1]}" in caddyfile
    assert "KARSPLAN_DOMAIN=" in (ROOT / ".env.example").read_text()


def test_caddy_accepts_the_caddyfile():
    import os
    import shutil
    import subprocess

    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("caddy is not installed (.ci/run installs Debian's caddy)")
    result = subprocess.run(
        [caddy, "adapt", "--config", str(ROOT / "deploy" / "Caddyfile"), "--validate"],
        env={**os.environ, "KARSPLAN_DOMAIN": "karsplan.example.org"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    (server,) = config["apps"]["http"]["servers"].values()
    assert server["listen"] == [":443"]  # automatic HTTPS
    (route,) = server["routes"]
    assert route["match"] == [{"host": ["karsplan.example.org"]}]
    assert '"dial":"web:8000"' in json.dumps(route, separators=(",", ":"))


def test_web_runs_migrations_then_gunicorn_on_our_wsgi_module():
    words = command_words(compose()["services"]["web"])
    text = " ".join(words)
    assert "manage.py migrate" in text
    assert text.index("migrate") < text.index("gunicorn")
    app = next(w for w in words if w.endswith(":application"))
    module, attr = app.split(":")
    assert hasattr(importlib.import_module(module), attr)


def test_worker_and_beat_point_at_our_celery_app_and_queues():
    from django.conf import settings

    services = compose()["services"]
    for name in ("worker", "beat"):
        words = command_words(services[name])
        assert words[:3] == ["celery", "-A", "karsplan"]
        assert hasattr(importlib.import_module(words[2]), "celery_app")
    worker = command_words(services["worker"])
    queues = set(worker[worker.index("-Q") + 1].split(","))
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= queues


def test_compose_environment_matches_the_settings_we_read():
    app_env = compose()["services"]["web"]["environment"]
    assert app_env["DATABASE_URL"].startswith("postgres://")
    assert app_env["REDIS_URL"].startswith("redis://")
    assert app_env["DEBUG"] == "0"
    example = (ROOT / ".env.example").read_text()
    settings_text = (ROOT / "karsplan" / "settings.py").read_text()
    for var in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "MEDIA_ROOT",
    ):
        assert f"{var}=" in example, f"{var} missing from .env.example"
        assert f'"{var}"' in settings_text, f"settings do not read {var}"


def test_dockerfile_builds_from_python_311_and_the_lock_file():
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in text
    assert "requirements.txt" in text


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            package, version = line.split("==")
            pins[package.lower().replace("_", "-")] = version
    return pins


def test_production_requirements_hold_no_test_tools_and_dev_adds_them():
    prod, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    for tool in ("pytest", "pytest-django", "ruff", "playwright", "hypothesis", "import-linter"):
        assert tool not in prod, f"{tool} is a test tool: it belongs in requirements-dev.txt"
        assert tool in dev
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()
    assert "django" in prod and "celery" in prod and "weasyprint" in prod
    # Pins nothing uses are gone (issue 10).
    assert "factory-boy" not in prod | dev and "faker" not in prod | dev
    # The Makefile installs the dev file (which includes the production one).
    assert "-r requirements-dev.txt" in (ROOT / "Makefile").read_text()


def test_production_code_imports_no_test_tool():
    import ast

    dev_only = {"pytest", "playwright", "hypothesis", "time_machine", "polib", "yaml"}
    for app in (
        "karsplan",
        "goals",
        "indicators",
        "budget",
        "accounts",
        "reports",
        "notifications",
        "transparency",
        "plans",
    ):
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                for name in names:
                    assert name.split(".")[0] not in dev_only, f"{path} imports {name}"


def test_beat_schedule_names_registered_tasks_with_sane_time_limits():
    from django.conf import settings

    from karsplan.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT <= settings.CELERY_TASK_TIME_LIMIT
    ours = [t for name, t in app.tasks.items() if name.startswith("reports.")]
    assert ours
    for task in ours:
        soft = task.soft_time_limit or settings.CELERY_TASK_SOFT_TIME_LIMIT
        hard = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        assert soft <= hard, task.name


def test_pyproject_installs_every_app():
    """`pip install -e .` packages every Django app and the project (setuptools' find)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["build-system"]["build-backend"] == "setuptools.build_meta"
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"karsplan"}
    assert apps == {pattern.rstrip("*") for pattern in include}
