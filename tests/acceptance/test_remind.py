"""`lplan remind`: the reminder (催报通知) for a period, as text to paste, Markdown and Word, in Chinese.

The folder holds what an office finds two days after the deadline: a unit's
workbook with an empty account, a clean report, a late but clean one, a
report that cannot be read, a file nobody can be told for, and nothing from
everyone else. The reminder must list exactly the units `lplan summary`
counts as missing or unreadable, and the reports with errors, each error at
its cell in Chinese; never a unit whose report is fine.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import docx
import pytest
from markdown_it import MarkdownIt

from lijiang_plan.plan.deadlines import reporters
from tests.acceptance.test_summary import template
from tests.acceptance.test_template import _fill
from tests.support.workbooks import account_cell, fill

PERIOD = "2026-H2"
TODAY = "2026-12-22"  # two days after the due date, 2026-12-20
HOSTILE_NAME = "<b>备注\x07.yaml"


class Folder:
    def __init__(self, run, plan, root: Path) -> None:
        self.root = root
        period_dir = root / PERIOD
        period_dir.mkdir(parents=True)
        result = run("--lang", "zh", "template", "-u", "public-security", "-p", PERIOD, "-o", str(root / "t.xlsx"))
        assert result.exit_code == 0, result.stderr
        blank = (root / "t.xlsx").read_bytes()
        (root / "t.xlsx").unlink()
        self.empty_measure = next(d.measure for d in plan.duties("public-security") if d.role == "lead")
        self.cell = account_cell(blank, self.empty_measure)
        (period_dir / "police.xlsx").write_bytes(fill(blank, "2026-12-18", empty=[self.empty_measure]))
        (period_dir / "civil.yaml").write_text(_fill(template(run, "civil-affairs", PERIOD), "2026-12-19"), "utf-8")
        (period_dir / "justice.yaml").write_text(_fill(template(run, "justice", PERIOD), "2026-12-21"), "utf-8")
        broken = _fill(template(run, "education-sports", PERIOD), "2026-12-19") + "  - id: [\n"
        (period_dir / "education.yaml").write_text(broken, "utf-8")
        (period_dir / HOSTILE_NAME).write_text("just: notes\n", "utf-8")
        self.clean = ["civil-affairs", "justice"]
        self.errors = ["public-security"]
        self.unreadable = ["education-sports"]
        counted = {*self.clean, *self.errors, *self.unreadable}
        self.missing = [u for u in reporters(plan) if u not in counted]


@pytest.fixture
def folder(run, plan, tmp_path) -> Folder:
    return Folder(run, plan, tmp_path / "reports")


def remind(run, folder: Folder, *args: str, env: dict[str, str] | None = None):
    result = run("--script", "simplified", "remind", str(folder.root), "-p", PERIOD, "--today", TODAY, *args, env=env)
    assert result.exit_code == 0, result.stderr
    return result


def sections(text: str) -> dict[str, list[str]]:
    """Heading -> the lines under it (units and their details)."""
    found: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line[:2] in ("一、", "二、", "三、", "四、"):
            current = line
            found[current] = []
        elif current is not None and line.strip() and line not in ("市反拐办", "2026年12月22日"):
            found[current].append(line)
    return found


def test_the_chinese_notice_lists_exactly_the_units_the_summary_counts_as_missing_or_with_errors(run, plan, folder):
    text = remind(run, folder, env={"LANG": "zh_CN.UTF-8"}).stdout
    assert text.startswith("关于报送2026年下半年反拐工作情况报告的催报通知\n")
    assert "各有关成员单位、县（区）反拐办：" in text
    assert "应于2026年12月20日前向市反拐办报送2026年下半年工作情况报告。截至2026年12月22日" in text
    assert "《丽江市反对拐卖人口行动计划实施方案(2021—2030年)》" in text
    summary = json.loads(run("summary", str(folder.root), "-p", PERIOD, "-f", "json").stdout)
    status = {row["unit_id"]: row["status"] for row in summary["units"]}
    assert [u for u, s in status.items() if s == "missing"] == folder.missing
    name = {u: plan.unit_name(u, "simplified") for u in reporters(plan)}
    parts = sections(text)
    headings = list(parts)
    assert headings == [
        f"一、尚未报送报告的单位（{len(folder.missing)} 个）",
        "二、报告无法读取的单位（1 个）",
        "三、报告存在错误的单位（1 个）",
        "四、无法识别报送单位的文件（1 个）",
    ]
    listed = [line.split("：")[0].split(". ", 1)[1] for line in parts[headings[0]]]
    assert listed == [name[u] for u in folder.missing]
    assert all("尚未报送，已逾期 2 天" in line for line in parts[headings[0]])
    for unit in folder.clean:  # on time or late, but without errors: nothing to remind
        assert name[unit] not in text


def test_each_unit_gets_its_problems_errors_at_their_cells_and_what_it_still_owes(run, plan, folder):
    parts = sections(remind(run, folder, env={"LANG": "zh_CN.UTF-8"}).stdout)
    police_head, *police_lines = parts["三、报告存在错误的单位（1 个）"]
    assert police_head.startswith("1. 市公安局：文件 ")
    assert "2026年12月18日报送；报告有 1 处错误。" in police_head
    assert (
        police_lines[0]
        == f"   （1）{folder.cell}：措施 {folder.empty_measure} 的工作情况（account）为空；请填写本期开展的工作"
    )
    assert police_lines[1] == f"   尚未报告的措施：{folder.empty_measure}"
    education_head, first_error, owed = parts["二、报告无法读取的单位（1 个）"]
    assert education_head.startswith("1. 市教育体育局：文件 ") and education_head.endswith("；报告无法读取。")
    assert first_error.startswith("   （1）第 ") and "YAML 语法错误" in first_error
    leads = [d.measure for d in plan.duties("education-sports") if d.role == "lead"]
    assert owed == "   尚未报告的措施：" + "、".join(leads)
    county = next(
        line for line in parts[f"一、尚未报送报告的单位（{len(folder.missing)} 个）"] if "古城区反拐办" in line
    )
    assert county.endswith("应报告的措施：全部 47 项措施。")
    (unidentified,) = parts["四、无法识别报送单位的文件（1 个）"]
    assert "\\x07" in unidentified and "\x07" not in unidentified  # a control character is shown, never sent
    assert unidentified.endswith("无法从文件中识别报送单位，请查明报送单位，并在文件中填写单位名称。")


def test_the_word_document_says_what_the_text_says_in_word_styles(run, folder, tmp_path):
    text = remind(run, folder, env={"LANG": "zh_CN.UTF-8"}).stdout
    out = tmp_path / "催报.docx"
    result = remind(run, folder, "-o", str(out), env={"LANG": "zh_CN.UTF-8"})
    assert result.stderr.strip() == f"lplan：已写入 {out}"
    document = docx.Document(str(out))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert [t for _s, t in paragraphs] == [line.strip() for line in text.splitlines() if line.strip()]
    styles = dict((t, s) for s, t in paragraphs)
    assert styles["关于报送2026年下半年反拐工作情况报告的催报通知"] == "Title"
    assert styles["三、报告存在错误的单位（1 个）"] == "Heading 1"
    assert styles["2026年12月22日"] == "Sender"
    assert {s for s, t in paragraphs if t.startswith("（1）")} == {"Reminder Detail"}
    assert {s for s, t in paragraphs if t[:1].isdigit() and ". " in t} == {"Reminder Item"}
    assert document.core_properties.title == "关于报送2026年下半年反拐工作情况报告的催报通知"


def test_a_text_file_is_for_windows_desks_and_markdown_shows_hostile_names_as_text(run, folder, tmp_path):
    remind(run, folder, "-o", str(tmp_path / "n.txt"), env={"LANG": "zh_CN.UTF-8"})
    raw = (tmp_path / "n.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert raw[3:].decode("utf-8").replace("\r\n", "\n") == remind(run, folder, env={"LANG": "zh_CN.UTF-8"}).stdout
    remind(run, folder, "-o", str(tmp_path / "n.md"), env={"LANG": "zh_CN.UTF-8"})
    html = MarkdownIt().render((tmp_path / "n.md").read_text("utf-8"))
    assert "<b>" not in html and "&lt;b&gt;备注" in html
    assert "<h1>关于报送2026年下半年反拐工作情况报告的催报通知</h1>" in html


def test_a_period_with_nothing_to_remind_says_so(run, plan, tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    for unit in reporters(plan):
        (root / f"{unit}.yaml").write_text(_fill(template(run, unit, PERIOD), "2026-12-19"), "utf-8")
    result = run("--lang", "zh", "--script", "simplified", "remind", str(root), "-p", PERIOD, "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "截至2026年12月22日，各单位均已报送2026年下半年工作情况报告，且报告均无错误，无需催报。" in result.stdout
    assert "一、" not in result.stdout


def test_more_than_ten_errors_are_counted_not_listed(run, plan, tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    (root / "county.yaml").write_text(
        template(run, "gucheng", PERIOD).replace('submitted: ""', "submitted: 2026-12-01")
    )
    result = run("--lang", "zh", "remind", str(root), "-p", PERIOD, "--today", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    assert "报告有 47 处错误" in result.stdout
    assert "（10）" in result.stdout and "（11）" not in result.stdout
    assert "另有 37 处错误，详见该报告的检查结果（lplan check）" in result.stdout
    assert "逾期" not in result.stdout  # before the due date nothing is overdue


def test_english_too(run, folder):
    text = remind(run, folder, "--format", "text").stdout
    assert text.startswith("Reminder: reports on the work against human trafficking for the second half of 2026\n")
    assert "by December 20, 2026. As of December 22, 2026" in text
    assert "III. Unit whose report has errors (1)" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("-f", "docx"), "a Word document is written to a file"),
        (("-o", "x.pdf"), "cannot tell the format from '.pdf'"),
        (("-p", "2031-H1"), "outside the plan's years"),
    ],
)
def test_usage_errors_exit_2(run, folder, args, words):
    period = () if "-p" in args else ("-p", PERIOD)  # --period is a value given once
    result = run("remind", str(folder.root), *period, *args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_a_missing_folder_and_an_existing_file_exit_2(run, folder, tmp_path):
    result = run("remind", str(tmp_path / "nowhere"), "-p", PERIOD)
    assert result.exit_code == 2 and "does not exist" in result.stderr
    existing = tmp_path / "n.docx"
    existing.write_bytes(b"keep me")
    result = run("remind", str(folder.root), "-p", PERIOD, "-o", str(existing))
    assert result.exit_code == 2 and "already exists; use --force" in result.stderr
    assert existing.read_bytes() == b"keep me"
    assert run("remind", str(folder.root), "-p", PERIOD, "-o", str(existing), "--force").exit_code == 0
    assert docx.Document(io.BytesIO(existing.read_bytes())).paragraphs[0].text.startswith("Reminder")


def test_the_notice_counts_overdue_days_to_today(run, folder):
    on_the_day = run("remind", str(folder.root), "-p", PERIOD, "--today", "2026-12-20").stdout
    assert "days past the due date" not in on_the_day and ": not submitted" in on_the_day
    later = run("remind", str(folder.root), "-p", PERIOD, "--today", str(dt.date(2027, 1, 4))).stdout
    assert "not submitted, 15 days past the due date" in later
