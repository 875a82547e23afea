"""Benchmark: requests per second of the dashboard against `/healthz` on the same gunicorn.

Builds (or reuses, `BENCH_DB=/path/file.sqlite3`) the benchmark database (`bench/_plans.py`),
collects the static files, starts gunicorn (2 sync workers, DEBUG off, the settings of
production but plain HTTP) and drives it with 16 concurrent clients (asyncio, one connection
per request as the sync workers close them): `/healthz` (one `SELECT 1`) and the Kars plan's
dashboard overview as the strategy office, `--seconds` each after a warm-up, alternated in
`--rounds` slices (5) so that both see the same load. Prints requests/s, errors and the ratio
dashboard / healthz; the target of issue 12 is ≥ 33 %, with 0 errors. With `REDIS_URL` set the
results cache is Redis, otherwise each worker's memory.

Run: `make bench` or `.venv/bin/python bench/throughput.py [--seconds S] [--clients N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _plans import ROOT, bench_user, build_plans, setup_django  # noqa: E402

TARGET_RATIO = 0.33
SECRET_KEY = "bench-secret-key-" + "x" * 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def one(port: int, path: str, cookie: str) -> bool:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
            f"Cookie: {cookie}\r\nConnection: close\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    data = await reader.read()
    writer.close()
    return data.startswith(b"HTTP/1.1 200")


async def drive(port: int, path: str, cookie: str, clients: int, seconds: float) -> tuple:
    done = errors = 0
    stop = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done, errors
        while time.perf_counter() < stop:
            try:
                ok = await one(port, path, cookie)
            except OSError:
                ok = False
            done += 1
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return done / (time.perf_counter() - started), errors, done


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ["SECRET_KEY"] = SECRET_KEY  # the session made here must be valid in gunicorn
    db_path = setup_django()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    small, _large = build_plans()
    client = Client()
    client.force_login(bench_user())
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    dashboard = reverse("reports:overview", args=[small.pk])

    static_root = tempfile.mkdtemp()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static_root,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "karsplan.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.2)
        paths = {"/healthz": "/healthz", "dashboard": dashboard}
        for path in paths.values():
            asyncio.run(drive(port, path, cookie, args.clients, 2))  # warm-up (each worker)
        # Alternated in `--rounds` slices, so that both see the same load of the machine.
        totals = {name: [0.0, 0, 0] for name in paths}  # seconds, errors, requests
        for _round in range(args.rounds):
            for name, path in paths.items():
                started = time.perf_counter()
                _rps, errors, done = asyncio.run(
                    drive(port, path, cookie, args.clients, args.seconds / args.rounds)
                )
                totals[name][0] += time.perf_counter() - started
                totals[name][1] += errors
                totals[name][2] += done
        figures = {
            name: (done / secs, errors, done) for name, (secs, errors, done) in totals.items()
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, (rps, errors, done) in figures.items():
        print(f"{name:<10} {rps:8.1f} requests/s  {done:6d} requests  {errors} errors")
    ratio = figures["dashboard"][0] / figures["/healthz"][0]
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory"
    print(
        f"dashboard / healthz: {ratio:.1%} (target ≥ {TARGET_RATIO:.0%}), "
        f"{args.workers} workers, {args.clients} clients, results cache: {cache}"
    )
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    failed = ratio < TARGET_RATIO or any(errors for _rps, errors, _done in figures.values())
    if failed:
        print("NOT MET")
    return 1 if failed and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    sys.exit(main())
