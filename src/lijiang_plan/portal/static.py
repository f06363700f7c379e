"""What any browser may fetch without signing in (`ROUTES`): the style sheet, the report schema, no icon.

The YAML template names the schema by its URL here (route ``schema``), so a
unit's editor can check the file as it is typed; browsers ask for
/favicon.ico whatever the page says, and get an empty answer, not a 404 page.
"""

from __future__ import annotations

import os

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def schema_get(request: Request) -> Response:
    from lijiang_plan.paths import bundled_schema_dir

    with open(os.path.join(bundled_schema_dir(), "report.schema.json"), "rb") as fh:
        return Response(fh.read(), media_type="application/schema+json")


def static_css(request: Request) -> Response:
    return Response(_stylesheet(), media_type="text/css; charset=utf-8", headers={"cache-control": "max-age=3600"})


def no_icon(request: Request) -> Response:
    return Response(status_code=204)


def _stylesheet() -> bytes:
    """The coverage page's style sheet with the portal's own rules after it (one look, one file)."""
    from importlib import resources

    shared = resources.files("lijiang_plan.outputs").joinpath("templates", "page.css").read_bytes()
    own = resources.files("lijiang_plan.portal").joinpath("templates", "portal.css").read_bytes()
    return shared + b"\n" + own


ROUTES = [
    Route("/schemas/report.schema.json", schema_get, methods=["GET"], name="schema"),
    Route("/static/portal.css", static_css, methods=["GET"]),
    Route("/favicon.ico", no_icon, methods=["GET"]),
]
