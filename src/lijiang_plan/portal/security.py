"""Passwords, signed session cookies, CSRF tokens and the headers every response carries.

Standard library only (hashlib.scrypt, hmac, secrets), so it is tested
without a server. Passwords are kept only as salted scrypt hashes (N=2^14,
r=8, p=1) and compared in constant time. A session cookie is a random ID and
its HMAC-SHA256 under the folder's key: a cookie that was not made here, or
was altered, is refused before the database is asked, and the database keeps
only the ID's SHA-256, so a copy of the database signs no one in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

#: scrypt's cost: 2^14 rounds of 8 blocks (16 MiB, about 50 ms): slow for a guesser, quick for a person.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_SCHEME = "scrypt"
#: One-time passwords: no 0/O, 1/l/I, so they can be read aloud and typed from paper.
_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyz"
MIN_PASSWORD = 8

SESSION_COOKIE = "lplan_session"
PRE_COOKIE = "lplan_signin"  # before sign-in: the sign-in form's CSRF token, double-submitted


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64): what the database keeps instead of the password."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 * 1024 * 1024, dklen=32
    )
    return "$".join([_SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != _SCHEME:
            return False
        expected = _unb64(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=_unb64(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 * 1024 * 1024,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash no password matches, checked when the account does not exist: a wrong name costs as long as a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


def one_time_password() -> str:
    """A password to hand out on paper: 12 characters in three groups (about 60 bits)."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a session ID: its SHA-256."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def sign(key: bytes, value: str) -> str:
    """``value.signature``: the cookie a browser is given."""
    return f"{value}.{_b64(hmac.new(key, value.encode('ascii'), hashlib.sha256).digest())}"


def unsign(key: bytes, cookie: str | None) -> str | None:
    """The value of a cookie this key signed, or None (missing, malformed, altered)."""
    if not cookie or "." not in cookie:
        return None
    value, _dot, signature = cookie.rpartition(".")
    try:
        value.encode("ascii")
    except UnicodeEncodeError:
        return None
    expected = _b64(hmac.new(key, value.encode("ascii"), hashlib.sha256).digest())
    return value if hmac.compare_digest(signature.encode("ascii", "replace"), expected.encode("ascii")) else None


def same_token(given: object, expected: str) -> bool:
    """A form's CSRF token against the session's, in constant time."""
    return isinstance(given, str) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


#: Pages need no script at all: none may run, nothing is fetched but this site's style sheet.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
#: The coverage page (the same file `summary -f html` writes) inlines its style sheet and holds no script.
PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
