"""Shell completion (click's protocol): files where files go, the plan's names where names go.

Each function here is a click ``shell_complete`` callback. Paths answer with a
``file`` or ``dir`` item, which tells the shell to complete paths itself (so
turning on lplan's completion keeps bash's own path completion). Measure IDs,
unit names (either script, short forms, IDs), periods and rule names come from
the compiled plan cache, the same fast path a query takes. A completion never
fails: anything that goes wrong answers with nothing.

Only the click layer imports this module.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # click.shell_completion costs a query's start-up time; it is imported only to complete
    from click.shell_completion import CompletionItem


def _item(value: str, type: str = "plain", help: str | None = None) -> CompletionItem:
    from click.shell_completion import CompletionItem

    return CompletionItem(value, type=type, help=help)


def files(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return [_item(incomplete, type="file")]


def directories(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return [_item(incomplete, type="dir")]


def measure_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Sections, items and measures whose ID starts with what was typed (2.3 -> 2.3, 2.3.1, …)."""
    plan = _plan(ctx)
    if plan is None:
        return []
    typed = incomplete.strip()
    return [
        _item(node_id, help=plan.text(node_id, "title", _script(ctx)))
        for node_id in plan.nodes
        if node_id.startswith(typed)
    ]


def unit_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Per unit, the first of its names that starts with what was typed, in the script it was typed in."""
    plan = _plan(ctx)
    if plan is None:
        return []
    folded = plan.fold(incomplete)
    items = []
    for unit_id, unit in plan.units.items():
        names = _short_forms([unit["simplified"], unit["name"], *unit.get("aliases", []), unit_id])
        match = next((n for n in names if n.startswith(incomplete)), None)
        if match is None:
            match = next((n for n in names if plan.fold(n).startswith(folded)), None)
        if match is not None:
            items.append(_item(match, help=plan.unit_name(unit_id, _script(ctx))))
    return items


def _short_forms(names: list[str]) -> list[str]:
    """Each name, then the forms `Plan.resolve_unit` also accepts: without 丽江 and without 市 (公安局)."""
    result = list(names)
    for name in names:
        for prefix in ("丽江市", "麗江市", "市"):
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                result.append(name.removeprefix(prefix))
    return list(dict.fromkeys(result))


def periods(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    plan = _plan(ctx)
    if plan is None:
        return []
    first, last = plan.period
    every = [f"{year}-{half}" for year in range(first, last + 1) for half in ("H1", "H2")]
    return [_item(p) for p in every if p.startswith(incomplete.strip().upper())]


def periods_or_all(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """`summary --period`: a half-year, or 'all' for every period the folder holds."""
    extra = [_item("all")] if "all".startswith(incomplete.strip().lower()) else []
    return periods(ctx, param, incomplete) + extra


def rule_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """A rule name for the last of comma-separated names (--select late,miss -> late,missing-lead …)."""
    from lijiang_plan.rules import RULES

    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    chosen = set(done.split(",")) if done else set()
    return [
        _item(prefix + name, help=rule.meaning)
        for name, rule in RULES.items()
        if name.startswith(last) and name not in chosen
    ]


def _plan(ctx: click.Context) -> Any:
    """The compiled plan (from the cache) of the --plan the command line names, or None."""
    try:
        from lijiang_plan.plan.store import load_plan

        return load_plan(_option(ctx, "plan_dir") or os.environ.get("LPLAN_PLAN_DIR") or None)
    except Exception:  # a completion must never print a traceback into the user's prompt
        return None


def _script(ctx: click.Context) -> str:
    from lijiang_plan import i18n
    from lijiang_plan.plan.script import script_for

    return _option(ctx, "script") or os.environ.get("LPLAN_SCRIPT") or script_for(i18n.language())


def _option(ctx: click.Context, name: str) -> Any:
    """A global option's value as parsed so far (the group's callback does not run while completing)."""
    if name == "plan_dir":
        here: click.Context | None = ctx
        while here is not None:  # the app object a --plan given after the command made (clikit.App)
            if getattr(here.obj, "plan_dir", None):
                return here.obj.plan_dir
            here = here.parent
    return ctx.find_root().params.get(name)
