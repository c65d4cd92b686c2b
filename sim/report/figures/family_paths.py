"""One family, two designs: the same family's steps in the reference and in another design,
side by side, with its waits, handoffs and where it ended (sim.report.one_family)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sim.details import Details
from sim.report.data import ReportData
from sim.report.figures.hover import tip
from sim.report.figures.style import colours, wrap
from sim.report.one_family import SHOWN_STEPS, FamilyPath, chosen, has_record, path
from sim.report.texts import name_of, number, text

WIDTH = 16.0  # inches: two columns of a projector slide's width
_LINE = 14 * 1.5 / 72  # inches per line of 14 pt text
_TOP = 1.0  # inches above the columns for the figure's title (sim.report.build)
_DAY = 1.45  # inches of a column for the day
_CHARACTERS = 54  # a step's words wrap at this many characters


def family(data: ReportData, lang: str) -> dict[str, Figure] | None:
    """Per design after the reference: the family the report follows (one_family.chosen)
    in the reference and in that design."""
    if not has_record(data.details):
        return None
    figures = {}
    for design in data.designs[1:]:
        found = chosen(data.details, data.reference, design)
        if found is not None:
            figures[design] = family_figure(data.details, data.designs, data.reference,
                                            design, found, lang)
    return figures or None


def family_figure(details: Details, designs: list[str], first: str, second: str,
                  family_id: int, lang: str) -> Figure:
    """`family_id` in `first` (left) and `second` (right): a header per design, its steps
    (day, organisation and decision; an arrow where it meets an organisation for the
    first time), and what the run counted for it. `designs` fixes the colours."""
    paths = [path(details, design, family_id) for design in (first, second)]
    colour = colours(designs)
    columns = [_column(p, lang) for p in paths]
    rows = max(sum(lines for _, _, lines in steps) for steps, _ in columns)
    summary = max(len(counted) for _, counted in columns)
    height = _TOP + _LINE * (3.2 + rows + 1.0 + summary)
    fig = plt.figure(figsize=(WIDTH, height))

    def at(inches_from_top: float) -> float:
        return 1 - inches_from_top / height

    for k, (p, (steps, counted)) in enumerate(zip(paths, columns, strict=True)):
        left = 0.2 + k * WIDTH / 2
        x_day, x_words = left / WIDTH, (left + _DAY) / WIDTH
        y = _TOP
        fig.text(x_day, at(y), name_of("design", p.design, lang), color=colour[p.design],
                 fontweight="bold", fontsize=18, va="top")
        y += _LINE * 1.3
        fig.text(x_day, at(y), text("family.header", lang, family=p.family, week=p.week),
                 fontsize=14, va="top", color="#444444")
        y += _LINE * 1.6
        for n, (step, words, lines) in enumerate(steps):
            day = fig.text(x_day, at(y), text("family.day", lang, day=number(step.day, lang, 0))
                           if step is not None else "", fontsize=14, va="top",
                           color="#555555")
            said = fig.text(x_words, at(y), words, fontsize=14, va="top",
                            fontweight="bold" if step is not None and step.new else "normal")
            if step is not None:
                tip([day, said], _tip(p, step, lang), f"step-{k}-{n}")
            y += _LINE * lines
        y = _TOP + _LINE * (3.2 + rows + 0.6)
        fig.add_artist(plt.Line2D([x_day, (left + WIDTH / 2 - 0.5) / WIDTH], [at(y)] * 2,
                                  color="#888888", lw=1))
        y += _LINE * 0.4
        for line in counted:
            fig.text(x_day, at(y), line, fontsize=14, va="top")
            y += _LINE
    return fig


def _column(p: FamilyPath, lang: str) -> tuple[list[tuple[object, str, int]], list[str]]:
    """A design's steps as (step or None, words, lines) and its summary lines."""
    steps = []
    for step in p.steps[:SHOWN_STEPS]:
        words = wrap(("→ " if step.new else "") + text(
            "family.step", lang, organisation=name_of("org", step.organisation, lang),
            decision=text(f"decision.{step.decision}", lang)), _CHARACTERS)
        steps.append((step, words, words.count("\n") + 1))
    if len(p.steps) > SHOWN_STEPS:
        steps.append((None, text("family.more", lang, n=len(p.steps) - SHOWN_STEPS), 1))
    return steps, _summary(p, lang)


def _summary(p: FamilyPath, lang: str) -> list[str]:
    """What the run counted for the family: handoffs, organisations, waits, the end."""
    def days(value: float) -> str:
        return text("family.none", lang) if math.isnan(value) else number(value, lang, 0)

    return [text("family.handoffs", lang, n=p.handoffs),
            text("family.organisations", lang, n=p.organisations),
            text("family.first_contact", lang, days=days(p.days_to_first_contact)),
            text("family.help", lang, days=days(p.days_to_help)),
            text("family.waited", lang, days=days(p.waited_days)),
            text("family.last", lang, decision=text(f"decision.{p.steps[-1].decision}", lang)),
            text("family.end", lang, end=_end(p, lang))]


def _end(p: FamilyPath, lang: str) -> str:
    """How the first closure ended: not yet, concerns not good enough, or good enough and
    whether they came back while the run followed the family."""
    if p.good_enough is None:
        return text("family.end.open", lang)
    if not p.good_enough:
        return text("family.end.not_good", lang)
    if not math.isnan(p.recurrence_days):
        return text("family.end.recurred", lang,
                    months=number(p.recurrence_days / (365.25 / 12), lang, 0))
    return text("family.end.good", lang)


def _tip(p: FamilyPath, step, lang: str) -> str:
    words = text("family.tip", lang, week=p.week, day=number(step.day, lang, 0),
                 organisation=name_of("org", step.organisation, lang),
                 decision=text(f"decision.{step.decision}", lang))
    if not math.isnan(step.concern):
        words += text("family.tip_concern", lang, concern=number(step.concern, lang, 2))
    return words
