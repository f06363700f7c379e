"""The corpus of broken and hostile report files: every file gets its answer.

Each case is one defect in an otherwise valid report (tests/corpus/good-base.yaml,
a filled-in `lplan template`), or a file system oddity. Small text cases are
committed as tests/corpus/NAME.yaml; big or special ones (binary data, a file
over the size limit, FIFOs, devices, symbolic link loops, unreadable files and
directories, a file name that is not UTF-8) are made by GENERATED below in
tmp_path. Each case is pinned to its exact findings and exit status in
NAME.expected.json (tests/corpus/ or tests/corpus/generated/): rule, line,
column, level and message, with paths relative to the case's directory.
Regenerate after a deliberate change with LPLAN_UPDATE_GOLDEN=1, and review
the diff line by line.

Names say what a case expects: `good-` and `ok-` pass (ok-: a leniency, see the
docs/bad-input.md, "What lplan promises about bad input"), every other case fails with
exit status 1.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lijiang_plan.files import yamlsource
from lijiang_plan.rules import RULES
from tests.conftest import REPO

CORPUS = REPO / "tests" / "corpus"
GOLDEN_GENERATED = CORPUS / "generated"
BASE = CORPUS / "good-base.yaml"
COMMITTED = sorted(p.name.removesuffix(".yaml") for p in CORPUS.glob("*.yaml"))


def _base() -> bytes:
    return BASE.read_bytes()


# -- generated cases: each makes its file(s) under a directory and returns the path to check --


def _write(directory: Path, name: str | bytes, data: bytes) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(directory), os.fsencode(name))))
    path.write_bytes(data)
    return path


def binary_random(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    return _write(d, "scan.yaml", bytes(range(256)) * 16)


def binary_png(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    return _write(d, "photo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))


def binary_zip_docx(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """A Word document renamed to .yaml: a zip archive."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>丽江火车站</w:document>")
    return _write(d, "report.docx.yaml", buffer.getvalue())


def binary_zip_xlsx(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """An Excel workbook saved with a .yaml name: named as a workbook, with what to do."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return _write(d, "report.yaml", buffer.getvalue())


def binary_zip_ods(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """An OpenDocument spreadsheet given as the report."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return _write(d, "report.ods.yaml", buffer.getvalue())


def nul_after_8k(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """A NUL byte past the sniffed start: a control character YAML refuses, with its place."""
    base = _base().decode()
    padding = "".join(f"# {i:05d} {'.' * 70}\n" for i in range(120))
    return _write(d, "nul.yaml", (padding + base.replace("滚动播放", "滚动\x00播放")).encode())


def too_large(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    data = _base()
    return _write(d, "big.yaml", data + b"#" * (yamlsource.MAX_BYTES + 1 - len(data)))


def too_large_sparse(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """A 4 GiB file (sparse: no disk used); read whole it would take 4 GiB of memory."""
    path = _write(d, "huge.yaml", _base())
    os.truncate(path, 4 * 1024**3)
    return path


def ok_long_line(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """A 1 MB account on one line is a valid report."""
    base = _base().decode()
    return _write(
        d, "long.yaml", base.replace("滚动播放反拐公益视频。", "滚动播放反拐公益视频" + "。" * 350_000).encode()
    )


def many_measures(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """Thousands of entries (a pasted spreadsheet): bounded by the value limit, not memory."""
    entry = '  - {id: "4.3", status: ongoing, account: 张贴海报}\n'
    return _write(d, "many.yaml", _base() + (entry * 20_000).encode())


def fifo(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    os.mkfifo(d / "pipe.yaml")
    return d


def device(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    (d / "zero.yaml").symlink_to("/dev/zero")
    return d / "zero.yaml"


def symlink_file_loop(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    (d / "a.yaml").symlink_to("b.yaml")
    (d / "b.yaml").symlink_to("a.yaml")
    return d


def symlink_dangling(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    (d / "2025-H1.yaml").symlink_to("../shared/2025-H1.yaml")
    return d


def symlink_directory_loop(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """reports/again -> . and reports/sub/up -> ..: each report is checked once, each loop named."""
    (d / "sub").mkdir()
    _write(d, "r.yaml", _base())
    _write(d / "sub", "s.yaml", _base())
    (d / "again").symlink_to(".")
    (d / "sub" / "up").symlink_to("..")
    return d


def symlink_directory_followed(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """A link to a directory elsewhere is followed; its reports are checked."""
    (d / "elsewhere").mkdir()
    (d / "reports").mkdir()
    _write(d / "elsewhere", "r.yaml", _base().replace(b"period: 2025-H1", b"period: 2025-H3"))
    (d / "reports" / "shared").symlink_to("../elsewhere")
    return d / "reports"


def _refuse(path: Path, call: Callable[..., object]) -> Callable[..., object]:
    def refusing(target: object, *args: object, **kwargs: object) -> object:
        if os.fspath(target) == str(path):  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return call(target, *args, **kwargs)

    return refusing


def unreadable_file(d: Path, mp: pytest.MonkeyPatch) -> Path:
    """Tests run as root in CI, where chmod 000 does not stop a read; the refusal is simulated."""
    path = _write(d, "locked.yaml", _base())
    _write(d, "open.yaml", _base())
    mp.setattr(os, "open", _refuse(path, os.open))
    return d


def unreadable_directory(d: Path, mp: pytest.MonkeyPatch) -> Path:
    (d / "locked").mkdir()
    _write(d / "locked", "r.yaml", _base())
    _write(d, "open.yaml", _base())
    mp.setattr(os, "scandir", _refuse(d / "locked", os.scandir))
    mp.setattr(os, "listdir", _refuse(d / "locked", os.listdir))
    return d


def name_not_utf8(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """A file name in GBK bytes (from an old Windows share): shown with \\x escapes, never a crash."""
    _write(d, "公安局".encode("gbk") + b".yaml", _base().replace(b"period: 2025-H1", b"period: 2025-H3"))
    return d


def unsupported_formats(d: Path, _mp: pytest.MonkeyPatch) -> Path:
    """Reports sent in formats lplan does not read: each is listed and named, none vanishes from the folder."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    _write(d, "2025-H1-市文化和旅游局.ods", buffer.getvalue())
    _write(d, "2025-H1-市公安局.csv", "单位,市公安局\n报告期,2025年上半年\n".encode())
    _write(d, "盖章扫描件.pdf", b"%PDF-1.7\n")
    _write(d, "说明.txt", "请查收".encode())
    _write(d, "全部报告.zip", b"PK\x05\x06" + bytes(18))
    _write(d, "README", b"notes")  # the folder's own file, no submission: not walked
    _write(d, "court.yaml", _base())
    _write(d, "~$court.xlsx", b"\x00lock")  # a spreadsheet's lock file: skipped
    _write(d, ".DS_Store", b"\x00")  # hidden: skipped
    return d


#: Case name -> the function that makes it (the name is the function's, with dashes).
GENERATED: dict[str, Callable[[Path, pytest.MonkeyPatch], Path]] = {
    maker.__name__.replace("_", "-"): maker
    for maker in (
        binary_random,
        binary_png,
        binary_zip_docx,
        binary_zip_xlsx,
        binary_zip_ods,
        nul_after_8k,
        too_large,
        too_large_sparse,
        ok_long_line,
        many_measures,
        fifo,
        device,
        symlink_file_loop,
        symlink_dangling,
        symlink_directory_loop,
        symlink_directory_followed,
        unreadable_file,
        unreadable_directory,
        name_not_utf8,
        unsupported_formats,
    )
}

CASES = [*COMMITTED, *GENERATED]


def _golden(case: str) -> Path:
    return (GOLDEN_GENERATED if case in GENERATED else CORPUS) / f"{case}.expected.json"


def _check(run, target: Path, root: Path) -> dict:
    result = run("check", "--format", "json", str(target))
    out = json.loads(result.stdout)
    return {
        "exit_code": result.exit_code,
        "files": [os.path.relpath(f["path"], root) for f in out["files"]],
        "findings": [
            {
                "file": os.path.relpath(f["path"], root),
                **{k: f[k] for k in ("line", "column", "rule", "level", "message")},
            }
            for f in out["findings"]
        ],
    }


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_gives_exactly_its_findings(run, tmp_path, monkeypatch, case):
    if case in GENERATED:
        target = GENERATED[case](tmp_path, monkeypatch)
        actual = _check(run, target, tmp_path)
    else:
        actual = _check(run, CORPUS / f"{case}.yaml", CORPUS)
    golden = _golden(case)
    if os.environ.get("LPLAN_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_every_case_is_named_for_what_it_expects():
    for case in CASES:
        expected = json.loads(_golden(case).read_text(encoding="utf-8"))
        if case.startswith(("good-", "ok-")):
            assert expected["exit_code"] == 0 and not [f for f in expected["findings"] if f["level"] == "error"], case
        else:
            assert expected["exit_code"] == 1, case
            assert any(f["level"] == "error" for f in expected["findings"]), case
        for f in expected["findings"]:
            assert f["rule"] in RULES and f["line"] >= 1 and f["column"] >= 1, case
            assert f["level"] == RULES[f["rule"]].level, case


def test_every_golden_file_has_its_case():
    goldens = {p.name.removesuffix(".expected.json") for p in CORPUS.glob("*.expected.json")}
    generated = {p.name.removesuffix(".expected.json") for p in GOLDEN_GENERATED.glob("*.expected.json")}
    assert goldens == set(COMMITTED)
    assert generated == set(GENERATED)


def test_committed_cases_are_small():
    assert max(p.stat().st_size for p in CORPUS.glob("*.yaml")) < 16 * 1024


def _whole_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every case in one directory tree, as one CI run would meet them."""
    root = tmp_path / "all"
    root.mkdir()
    for case in COMMITTED:
        (root / f"{case}.yaml").write_bytes((CORPUS / f"{case}.yaml").read_bytes())
    for case, maker in GENERATED.items():
        (root / case).mkdir()
        maker(root / case, monkeypatch)
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit", "sarif"])
def test_the_whole_corpus_in_one_run_checks_every_file_in_every_format(run, tmp_path, monkeypatch, fmt):
    root = _whole_corpus(tmp_path, monkeypatch)
    result = run("check", "--format", fmt, str(root))
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr and "internal error" not in result.stderr
    if fmt == "json":
        files = {os.path.relpath(f["path"], root): f["passed"] for f in json.loads(result.stdout)["files"]}
        assert files["good-base.yaml"] is True
        for case in COMMITTED:
            assert f"{case}.yaml" in files, case  # every committed case was checked, whatever broke before it


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


def test_the_corpus_is_checked_within_bounded_memory_and_never_blocks(tmp_path, monkeypatch):
    """A real process under a 1 GiB address-space limit: the 4 GiB file, the FIFO and /dev/zero
    cannot be read whole or block; a timeout stops the test instead of hanging CI."""
    root = tmp_path / "all"
    root.mkdir()
    for case in COMMITTED:
        (root / f"{case}.yaml").write_bytes((CORPUS / f"{case}.yaml").read_bytes())
    for maker in (
        too_large_sparse,
        fifo,
        device,
        symlink_file_loop,
        symlink_directory_loop,
        many_measures,
        nul_after_8k,
    ):
        (root / maker.__name__).mkdir()
        maker(root / maker.__name__, monkeypatch)
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "lijiang_plan", "check", "--format", "json", str(root)],
        capture_output=True,
        env=env,
        timeout=300,
        preexec_fn=_limit_memory,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    out = json.loads(proc.stdout)
    rules = {os.path.relpath(f["path"], root): f["rule"] for f in out["findings"]}
    assert rules["too_large_sparse/huge.yaml"] == "too-large"
    assert rules["fifo/pipe.yaml"] == rules["device/zero.yaml"] == "io-error"
    assert out["summary"]["files"] == len(COMMITTED) + 11


def _unprivileged_user() -> tuple[int, int] | None:
    """(uid, gid) to run the real permission test as: ourselves, or `nobody` when we are root."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and there is no user 'nobody' to drop to")
    return entry.pw_uid, entry.pw_gid


def _as_user(user: tuple[int, int] | None, task: Callable[[], dict[str, str]]) -> dict[str, str]:
    """task() in a forked child that has dropped to ``user`` (no exec: the interpreter may sit
    where that user cannot read it); None runs it here."""
    if user is None:
        return task()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.close(reader)
            os.setgroups([])
            os.setgid(user[1])
            os.setuid(user[0])
            os.write(writer, json.dumps(task()).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    assert os.waitpid(pid, 0)[1] == 0, "the unprivileged child failed"
    return json.loads(data)


def test_real_permission_bits_give_the_same_findings(plan):
    """chmod 000 on a file and a directory, checked by a user the bits apply to (root ignores
    them, so as root the check runs as `nobody`): the same findings as the simulated cases."""
    import shutil
    import tempfile

    from lijiang_plan.reports.discover import expand_paths
    from lijiang_plan.reports.parallel import check_paths

    user = _unprivileged_user()
    root = Path(tempfile.mkdtemp(prefix="lplan-perm-"))  # not under pytest's root-only tmp
    try:
        (root / "locked").mkdir()
        _write(root / "locked", "r.yaml", _base())
        _write(root, "locked.yaml", _base())
        _write(root, "open.yaml", _base())

        def check() -> dict[str, str]:
            files, _ = expand_paths([str(root)])
            return {
                os.path.basename(r.path): " ".join(f.message for f in r.findings) for r in check_paths(files, plan, 1)
            }

        assert check() == {"r.yaml": "", "locked.yaml": "", "open.yaml": ""}  # readable: and imports warmed
        os.chmod(root, 0o755)
        os.chmod(root / "locked.yaml", 0)
        os.chmod(root / "locked", 0)
        messages = _as_user(user, check)
    finally:
        os.chmod(root / "locked", 0o755)
        shutil.rmtree(root)
    assert messages == {
        "locked": "cannot list this directory (Permission denied); the reports in it were not checked: "
        "make it readable for the user who runs lplan (chmod a+rx), or move it out of the way",
        "locked.yaml": "cannot read the file (Permission denied): "
        "make it readable for the user who runs lplan (chmod a+r), or move it out of the way",
        "open.yaml": "",
    }
