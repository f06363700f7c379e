"""Passwords, signed cookies and the upload sniffer, without a server."""

from __future__ import annotations

import re

from lijiang_plan.portal import security
from lijiang_plan.portal.submit import shown_name, sniff


def test_a_password_is_kept_as_a_salted_scrypt_hash():
    first, second = security.hash_password("secret-1"), security.hash_password("secret-1")
    assert first != second and "secret-1" not in first
    scheme, n, r, p, _salt, _digest = first.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert security.verify_password("secret-1", first) and security.verify_password("secret-1", second)
    assert not security.verify_password("secret-2", first)
    assert not security.verify_password("secret-1", "garbage") and not security.verify_password("x", "md5$1$2$3$4$5")


def test_one_time_passwords_are_readable_and_different():
    passwords = {security.one_time_password() for _n in range(200)}
    assert len(passwords) == 200
    assert all(re.fullmatch(r"[2-9a-km-np-z]{4}-[2-9a-km-np-z]{4}-[2-9a-km-np-z]{4}", p) for p in passwords)


def test_a_cookie_signed_with_another_key_or_altered_is_refused():
    key, other = b"k" * 32, b"o" * 32
    cookie = security.sign(key, "session-id")
    assert security.unsign(key, cookie) == "session-id"
    assert security.unsign(other, cookie) is None
    assert security.unsign(key, cookie.replace("session", "sessiom")) is None
    assert security.unsign(key, cookie + "x") is None
    for broken in (None, "", "no-dot", ".", "长.长"):
        assert security.unsign(key, broken) is None


def test_an_upload_is_named_by_what_it_is_never_by_its_name():
    assert sniff(b"PK\x03\x04rest")[0] == "xlsx"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old")[0] == "xlsx"  # the reader names it: encrypted or .xls
    assert sniff("unit: 市公安局\n".encode())[0] == "yaml"
    assert sniff("unit".encode("utf-16"))[0] == "yaml"  # the reader says: save it as UTF-8
    assert sniff(b"%PDF-1.7")[0] == "other" and sniff(b"\x89PNG\r\n")[0] == "other"
    assert sniff(b"abc\x00def")[0] == "other"
    assert shown_name("a\x00b") == "a\\x00b" and len(shown_name("x" * 10_000)) < 230
