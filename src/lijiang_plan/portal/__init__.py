"""The submission portal (`lplan serve`): the units' own door to the checker, on the office's network.

A unit signs in, downloads its template, uploads its report, and sees at
once what `lplan check` finds in it, at its cells, in its language; the
office sees who has submitted, the coverage page, the digest and the
reminder, live. The reports folder stays the one source of truth: an
accepted report is written where `lplan check/summary/digest DIR` read it
(``DIR/<period>/<unit-id>.xlsx|.yaml``), and everything else the portal
keeps (accounts, sessions, the audit log, every version and every rejected
upload) lives under ``DIR/.lplan/``, which the folder walk skips.

Modules, from the bottom: `site` (where things live in DIR), `security`
(passwords, signed cookies, CSRF, headers), `store` (the SQLite file),
`submit` (an upload: check, keep, accept, log), `live` (the folder as
`summary` reads it), `views` (what each page shows, as plain data), `state`
(Config, the Portal every request reaches, Session), `requests` (what every
route does with a request: who may, the form, the usual answers), the routes
by who uses them (`signin`, `unit`, `office`, `static`), `errors` (error
pages), `guard` (headers, cross-site POSTs, crashes), `app` (assembles the
ASGI app), `server` (uvicorn on the bound socket). Starlette, uvicorn and
python-multipart are imported only here, and only by `lplan serve`.
"""
