"""Serving the app with uvicorn on the socket `lplan serve` bound, and where the server's log lines go.

uvicorn runs with its pure-Python h11 parser (nothing to compile, so it runs
from the Windows bundle), no websockets, no lifespan, no access log and no
Server header; its own log config is left off, so that what the portal logs
(one line a crash or an upload) goes to standard error in one format.
Ctrl+C stops it; the socket is closed whatever happens.
"""

from __future__ import annotations

import logging
import socket
import sys

import uvicorn
from starlette.types import ASGIApp


def log_to_stderr() -> None:
    """The portal's lines (INFO) and uvicorn's warnings on standard error, with the local time."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    for name, level in (("lplan.portal", logging.INFO), ("uvicorn", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def run(app: ASGIApp, sock: socket.socket) -> None:
    """Serve ``app`` on ``sock`` until Ctrl+C; the socket is closed after."""
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            http="h11",
            loop="asyncio",
            ws="none",
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            server_header=False,
            timeout_keep_alive=5,
        )
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
