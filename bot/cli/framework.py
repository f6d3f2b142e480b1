"""`maturity-bot framework ...`: list, show, validate frameworks and print their JSON Schema."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.output import load_settings
from bot.config.errors import SettingsError
from bot.i18n import _, ngettext, said
from questionnaire.estimates import rough_time, seconds_left
from questionnaire.framework import Framework, Timing
from questionnaire.loader.load import FrameworkError, framework_json_schema, load_framework
from questionnaire.loader.locales import locale_gaps
from questionnaire.registry import FrameworkInfo, FrameworkRegistry, UnknownFrameworkError

framework_app = typer.Typer(
    no_args_is_help=True,
    help="Inspect and validate maturity-model frameworks (YAML files).",
)


def _requirements(count: int) -> str:
    return ngettext("%(num)d requirement", "%(num)d requirements", count) % {"num": count}


def _registry() -> tuple[FrameworkRegistry, str]:
    """The registry over bundled frameworks and FRAMEWORKS_DIR, and the default locale."""
    try:
        settings = load_settings()
    except SettingsError as error:
        typer.echo(_("error: %(message)s") % {"message": error}, err=True)
        raise typer.Exit(2) from None
    extra = [settings.frameworks_dir] if settings.frameworks_dir else []
    return FrameworkRegistry(extra), settings.default_locale


def _echo_load_problems(registry: FrameworkRegistry) -> None:
    for error in registry.problems():
        typer.echo(_("error: %(file)s was not loaded:") % {"file": error.file}, err=True)
        for problem in error.problems:
            typer.echo(f"  {problem}", err=True)


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def _source(info: FrameworkInfo) -> str:
    return f"bundled ({info.source.name})" if info.bundled else str(info.source)


@framework_app.command("list")
def list_frameworks() -> None:
    """List the bundled and custom frameworks; files that failed to load go to stderr."""
    registry, _default = _registry()
    rows = [("ID", "VERSION", "REQUIREMENTS", "SOURCE")]
    rows += [(i.id, i.version, str(i.requirement_count), _source(i)) for i in registry.list()]
    typer.echo(_table(rows) if len(rows) > 1 else _("No frameworks loaded."))
    _echo_load_problems(registry)


def _summary(framework: Framework, info: FrameworkInfo, locale: str) -> list[str]:
    domains = framework.domains
    items = [item for domain in domains for item in domain.items]
    subitems = [sub for item in items for sub in item.subitems]
    per_role = Counter(located.role for located in framework.requirements())
    lines = [framework.title.get(locale), f"  id: {framework.id}  version: {framework.version}"]
    lines.append(f"  source: {_source(info)}")
    if framework.description:
        lines.append(f"  {framework.description.get(locale)}")
    lines.append(f"levels ({len(framework.levels)}):")
    lines += [f"  {framework.level_label(level.number, locale)}" for level in framework.levels]
    lines.append(f"roles ({len(framework.roles)}):")
    for role in framework.roles:
        owned = _requirements(per_role[role.key])
        lines.append(f"  {role.key}: {role.name.get(locale)} ({owned})")
    counts = {
        "domains": ngettext("%(num)d domain", "%(num)d domains", len(domains))
        % {"num": len(domains)},
        "items": ngettext("%(num)d item", "%(num)d items", len(items)) % {"num": len(items)},
        "subitems": ngettext("%(num)d sub-item", "%(num)d sub-items", len(subitems))
        % {"num": len(subitems)},
        "requirements": _requirements(framework.requirement_count()),
    }
    lines.append(_("contents: %(domains)s, %(items)s, %(subitems)s, %(requirements)s") % counts)
    for name, tags in (("themes", framework.themes), ("dimensions", framework.dimensions)):
        if tags:
            lines.append(f"{name}: {', '.join(tag.key for tag in tags)}")
    if framework.scope is not None:
        lines.append("scope: by domain (an assessment may leave modules out)")
    lines.append(f"scoring: {framework.scoring.rollup} rollup")
    timing = framework.timing or Timing()
    everything = seconds_left(framework, framework.requirements(), {}, [])
    lines.append(
        f"timing: {timing.answer_seconds} s to answer, {timing.evidence_seconds} s more where "
        f"evidence is required; all of it: {said(rough_time(everything))}"
    )
    if framework.provenance:
        lines.append(f"provenance: {framework.provenance.get(locale)}")
    return lines


def _tree(framework: Framework, locale: str) -> list[str]:
    lines = []
    for domain in framework.domains:
        lines.append(f"{domain.id}  {domain.name.get(locale)}")
        for item in domain.items:
            role = f"  [role: {item.role}]" if item.role else ""
            lines.append(f"  {item.id}  {item.name.get(locale)}{role}")
            for sub in item.subitems:
                levels = Counter(req.level for req in sub.requirements)
                counts = " ".join(f"L{lvl.number}:{levels[lvl.number]}" for lvl in framework.levels)
                roles = sorted({framework.locate(req.id).role for req in sub.requirements})
                lines.append(
                    f"    {sub.id}  {sub.name.get(locale)}  [{counts}]  roles: {', '.join(roles)}"
                )
    return lines


@framework_app.command("show")
def show(
    framework_id: Annotated[str, typer.Argument(metavar="ID", help="The framework id.")],
    tree: Annotated[
        bool, typer.Option("--tree", help="Print domains, items and sub-items.")
    ] = False,
    locale: Annotated[str | None, typer.Option(help="Language for names, e.g. en or zh.")] = None,
) -> None:
    """Summarise a framework: title, levels, roles, counts and provenance."""
    registry, default_locale = _registry()
    try:
        framework = registry.get(framework_id)
    except UnknownFrameworkError as error:
        typer.echo(_("error: %(message)s") % {"message": error}, err=True)
        _echo_load_problems(registry)
        raise typer.Exit(1) from None
    chosen = locale or default_locale
    lines = _summary(framework, registry.info(framework_id), chosen)
    typer.echo("\n".join(lines + (["", *_tree(framework, chosen)] if tree else [])))


@framework_app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="YAML files to check.")],
) -> None:
    """Check framework files and print every problem; exit status 1 if any file has one."""
    failed = 0
    for path in files:
        try:
            framework = load_framework(path)
        except FrameworkError as error:
            failed += 1
            typer.echo(str(error))
            continue
        count = _requirements(framework.requirement_count())
        typer.echo(f"ok: {path} ({framework.id}, {count})")
        for gap in locale_gaps(framework):
            typer.echo(f"  note: {gap}")
    if failed:
        total = ngettext("%(num)d file", "%(num)d files", len(files)) % {"num": len(files)}
        message = _("%(failed)d of %(total)s failed validation.")
        typer.echo(message % {"failed": failed, "total": total}, err=True)
        raise typer.Exit(1)


@framework_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of framework files (for editor completion and checks)."""
    typer.echo(json.dumps(framework_json_schema(), indent=2, ensure_ascii=False))
