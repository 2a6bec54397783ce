"""`fracos serve`: the web app behind gunicorn, with static files from WhiteNoise."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer


def gunicorn_options(*, host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": os.environ.get("FRACOS_ACCESS_LOG", "-"),
        "errorlog": "-",
        "timeout": 60,
        "graceful_timeout": 10,
        # gunicorn's most (its default is 4094): the longest cursor an API list accepts
        # (api/paging.py) with the other filters fits, so it gets a JSON answer, not an
        # HTML 414 from gunicorn before the application sees it.
        "limit_request_line": 8190,
    }


def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (default: one per core).")] = 0,
    threads: Annotated[int, typer.Option(help="Threads per worker.")] = 2,
) -> None:
    """Serve the web app (production-grade gunicorn; put TLS in front for the internet).

    Example: fracos serve --host 127.0.0.1 --port 8000
    """
    from fracos.cli.boot import boot_django

    boot_django()
    from gunicorn.app.base import BaseApplication

    from fracos.wsgi import application

    # A request here is mostly Python on the CPU: a process per core keeps the cores busy, and
    # a second thread covers waits on the database. More threads only queue on the GIL, and
    # SQLite hands the GIL back on every row it steps: with four threads the API's p95 at 8
    # connections was 1.5-2.5 times that with two (bench/README.md).
    count = workers or max(2, os.cpu_count() or 1)

    options = gunicorn_options(host=host, port=port, workers=count, threads=threads)

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    typer.echo(f"Serving Fractional OS on http://{host}:{port}/ (Ctrl+C to stop)")
    _Server().run()
