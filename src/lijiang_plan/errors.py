"""Errors a user can cause, each with the exit status the CLI turns it into.

The library raises these; only the CLI layer prints them. Exit statuses follow
linters: 0 clean, 1 findings, 2 usage errors (bad option, unknown name, missing
path). Anything else is a bug.
"""

from __future__ import annotations

EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_IO = 74  # EX_IOERR: the output could not be written (disk full, read-only, closed, wrong encoding)


#: How much of a typed value a message repeats; the rest is summarised, never echoed whole.
CLIP_WIDTH = 40


def clip(text: str, width: int = CLIP_WIDTH) -> str:
    """``text`` as a message repeats it: whole if short, else its start, '…' and its length.

    A 5,000-digit figure or a pasted paragraph in the unit field must not fill
    the screen (or a CI log) once per finding.
    """
    if len(text) <= width:
        return text
    from lijiang_plan.i18n import _

    return _("{start}… ({count} characters)").format(start=text[: width - 1], count=f"{len(text):,}")


class LplanError(Exception):
    """Base: a message for a person, and the exit status to leave with."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(LplanError):
    """A measure ID or unit name that the plan does not have.

    ``hint`` is the suggestion alone (nearest names, what an ID looks like), so
    a caller that words its own message, such as the checker's finding, reuses
    it without cutting the sentence apart in one language or the other.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint or message


class PlanDataError(LplanError):
    """The plan data under plan/ is broken; `lplan validate` says where."""


class OutputError(LplanError):
    """An output file that must not be written (it exists, it is the run's own input): a usage error."""


class WriteFailed(OutputError):
    """An output file that could not be written: permissions, a read-only disk, no space (exit 74)."""

    exit_code = EXIT_IO


class BadPeriod(LplanError):
    """A reporting period that is not YEAR-H1 or YEAR-H2 within the plan's years."""


class BadDate(LplanError):
    """A day that is not a real calendar date written YYYY-MM-DD; ``reason`` says why a well-written one is no day."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason


class NotAReportingUnit(LplanError):
    """A unit that neither sends nor receives the semiannual report (a group)."""


class NotAReporter(LplanError):
    """A unit that receives reports (or a group), asked for a report template."""


class UnknownRule(LplanError):
    """A rule name given to --select or --ignore that no rule has; ``close`` are the nearest names."""

    def __init__(self, name: str, close: list[str]) -> None:
        hint = f" Did you mean {', '.join(close)}?" if close else " See: lplan check --list-rules."
        super().__init__(f"no rule '{name}'.{hint}")
        self.name = name
        self.close = close
