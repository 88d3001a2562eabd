"""`backcoach serve`: the web app on this machine, sharing the command line's database."""

from __future__ import annotations

import ipaddress
import socket
from typing import Annotated

import typer

from backcoach.cli import _context
from backcoach.cli._app import OneLineError, app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    """Bind the port here, so a port in use is one clear line rather than a server's log."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise OneLineError(f"cannot listen on {host}: {exc.strerror}") from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        reason = "the port is in use" if exc.errno == 98 else (exc.strerror or str(exc))
        raise OneLineError(
            f"cannot listen on {host}:{port}: {reason} (choose another with --port)"
        ) from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (another machine can reach 0.0.0.0).")
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = DEFAULT_PORT,
    speed: Annotated[
        float,
        typer.Option(min=0.01, max=10000, help="Run sessions N times faster (demos, tests)."),
    ] = 1.0,
) -> None:
    """Open backcoach in the browser: guided sessions, history and progress, same database."""
    settings = _context.settings()
    import uvicorn

    from backcoach.web import create_app

    loopback = _is_loopback(host)
    allowed = ["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None
    application = create_app(settings, speed=speed, allowed_hosts=allowed)
    sock = _listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    where = application.state.web.store.location
    typer.echo(f"backcoach is at http://{shown}:{sock.getsockname()[1]}/ (data: {where})")
    if not loopback:
        typer.echo(
            "Warning: anyone who can reach this address can read and change your record "
            "(there is no login).",
            err=True,
        )
    typer.echo("Press Ctrl-C to stop.")
    config = uvicorn.Config(application, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
