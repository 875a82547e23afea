"""gunicorn as the image runs it, with DEBUG=0: the compose health check passes over plain
HTTP, every other page is redirected to https unless the TLS proxy says the request was https."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from tests.karsplan.test_deployment import ROOT, command_words, compose

DOMAIN = "karsplan.example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, timeout: float = 30, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path, headers={"Host": DOMAIN, **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def production_env(tmp_path_factory) -> dict[str, str]:
    """The environment of the compose web service, on this machine's database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    scratch = tmp_path_factory.mktemp("production")
    env.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'db.sqlite3'}")
    env.update(
        DEBUG="0",
        SECRET_KEY="k8#" + "s" * 20 + "Zq!9" + "w" * 30,
        ALLOWED_HOSTS=DOMAIN,
        KARSPLAN_DOMAIN=DOMAIN,
        MEDIA_ROOT=str(scratch / "media"),
        STATIC_ROOT=str(scratch / "static"),
    )
    return env


@pytest.fixture(scope="module")
def gunicorn(production_env) -> int:
    """gunicorn on a free port with the web service's application and DEBUG=0."""
    words = command_words(compose()["services"]["web"])
    app = next(w for w in words if w.endswith(":application"))
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # The port opens before the worker has loaded Django: wait for a first answer (any)
        # so that the checks below meet a started server, as compose's start_period does.
        deadline = time.monotonic() + 90
        while True:
            try:
                get(port, "/", timeout=30)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_the_compose_health_check_passes_against_gunicorn_with_debug_off(gunicorn, production_env):
    web = compose()["services"]["web"]
    check = web["healthcheck"]["test"]
    assert check[0] == "CMD"
    argv = list(check[1:])
    # The check asks the port gunicorn binds in the container; here gunicorn has a free port.
    words = command_words(web)
    container_port = words[words.index("--bind") + 1].split(":")[1]
    assert sum(f"127.0.0.1:{container_port}/" in a for a in argv) == 1
    argv = [a.replace(f"127.0.0.1:{container_port}/", f"127.0.0.1:{gunicorn}/") for a in argv]
    if argv[0] == "python" and not shutil.which("python"):
        argv[0] = sys.executable  # the image has "python"; this machine may only have python3
    result = subprocess.run(argv, env=production_env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_plain_http_to_healthz_is_answered_and_other_pages_go_to_https(gunicorn):
    health = get(gunicorn, "/healthz")
    assert health.status == 200
    for path in ("/", "/login/", "/healthz/", "/healthzx", "/admin/"):
        response = get(gunicorn, path)
        assert response.status == 301, path
        assert response.getheader("Location") == f"https://{DOMAIN}{path}"


def test_a_request_the_proxy_marks_https_is_served_with_hsts(gunicorn):
    response = get(gunicorn, "/", **{"X-Forwarded-Proto": "https"})
    # Not a redirect to https: the login page (the home page needs a login).
    assert response.status == 302
    assert response.getheader("Location") == "/login/?next=/"
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
    assert get(gunicorn, "/", **{"X-Forwarded-Proto": "http"}).status == 301


def test_without_a_proxy_x_forwarded_proto_is_not_trusted(production_env):
    """TRUST_X_FORWARDED_PROTO=0 (no TLS proxy in front): the header changes nothing."""
    code = (
        "from django.conf import settings; "
        "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    for trust, expected in (("1", "('HTTP_X_FORWARDED_PROTO', 'https')"), ("0", "None")):
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env={
                **production_env,
                "TRUST_X_FORWARDED_PROTO": trust,
                "DJANGO_SETTINGS_MODULE": "karsplan.settings",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.stdout.strip() == expected, result.stderr
