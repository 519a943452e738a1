"""``panda-web``: init-db, seed, serve, sweep, openapi."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from web.config import load_config

if TYPE_CHECKING:
    from flask import Flask

# geventwebsocket's worker with our JSON body on what gevent refuses (a URL over 8 KiB).
GUNICORN_WORKER = "web.server.PandaWorker"


def init_db(_args: argparse.Namespace) -> int:
    from web.db import upgrade

    url = load_config(require_secret=False)["DATABASE_URL"]
    upgrade(url)
    print(f"database at {url} is at the latest revision")
    return 0


def seed(_args: argparse.Namespace) -> int:
    from web.seed import DEMO_ACCOUNTS, seed

    slugs = seed(_app())
    print("problems: " + ", ".join(slugs))
    for account in DEMO_ACCOUNTS:
        print(f"login {account.username} / {account.password} ({account.role.value})")
    return 0


def serve(args: argparse.Namespace) -> int:
    # One worker: Socket.IO needs sticky sessions, which gunicorn's balancer
    # lacks (Flask-SocketIO deployment docs); scale with more processes
    # behind a proxy, joined by the Redis message queue.
    # The gunicorn of this interpreter's environment first, then PATH's.
    beside = Path(sys.executable).with_name("gunicorn")
    gunicorn = str(beside) if beside.exists() else shutil.which("gunicorn") or "gunicorn"
    argv = [gunicorn, "-k", GUNICORN_WORKER, "-w", "1", "-b", f"{args.host}:{args.port}", "web.wsgi:app"]
    os.execvp(gunicorn, argv)
    return 1  # not reached


def sweep(args: argparse.Namespace) -> int:
    from web import sweeper

    sweeper.run(_app(), every_s=args.every, once=args.once)
    return 0


def import_worker(args: argparse.Namespace) -> int:
    from web import import_worker as worker

    worker.run(_app(), burst=args.burst)
    return 0


def openapi(args: argparse.Namespace) -> int:
    text = openapi_json(_app(testing=True))
    if args.output:
        Path(args.output).write_text(text)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def openapi_json(app: Flask) -> str:
    from web.extensions import api

    with app.app_context():
        return json.dumps(api.spec.to_dict(), indent=2, sort_keys=True) + "\n"


def _app(testing: bool = False) -> Flask:
    from web import create_app

    return create_app({"TESTING": True, "PANDA_SOCKETIO_MESSAGE_QUEUE": False} if testing else None)


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="panda-web", description=__doc__)
    commands = main_parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init-db", help="alembic upgrade head").set_defaults(func=init_db)
    commands.add_parser("seed", help="demo accounts and sample problems").set_defaults(func=seed)
    serve_parser = commands.add_parser("serve", help="run gunicorn with the gevent WebSocket worker")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=5000)
    serve_parser.set_defaults(func=serve)
    sweep_parser = commands.add_parser("sweep", help="re-enqueue stalled submissions")
    sweep_parser.add_argument("--once", action="store_true")
    sweep_parser.add_argument("--every", type=float, default=30.0, metavar="SECONDS")
    sweep_parser.set_defaults(func=sweep)
    worker_parser = commands.add_parser(
        "import-worker", help="import big problem packages (the imports queue)"
    )
    worker_parser.add_argument("--burst", action="store_true", help="stop once the queue is empty")
    worker_parser.set_defaults(func=import_worker)
    openapi_parser = commands.add_parser("openapi", help="print or write the OpenAPI spec")
    openapi_parser.add_argument("--output", "-o")
    openapi_parser.set_defaults(func=openapi)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
