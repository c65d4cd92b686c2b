"""What one page of `opzet explore` holds: the results so far, the comparison running now,
and the figures and families drawn from them.

A run is `sim.compare.compare` itself (common random numbers, the same engine and workers
as `opzet compare`), in a thread of the server, with a progress hook that also stops it.
Its comparison is written into the session's own folder and read back as the report reads
any results folder (sim.report.data.load), so a run of the page and a folder opened from
disk are shown by the same code, and saving one writes the folder `opzet compare` would.
Figures are the report's (sim.report.figures), as SVG with what each point says on hover.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from sim.compare import Comparison, compare
from sim.designs import BUILTIN_DESIGNS, CATALOGUE, DESIGNS
from sim.errors import ProjectError
from sim.explore import levers
from sim.limits import cpus
from sim.report.data import ReportData, ReportError, load
from sim.report.document import heading
from sim.report.figures import FIGURES, OPTIONAL, parts
from sim.report.figures.comparison import HEADLINE
from sim.report.figures.family_paths import family_figure
from sim.report.figures.hover import digits, svg
from sim.report.figures.style import STYLE, outcome_scale, outcome_unit
from sim.report.one_family import FILTERS, has_record, path, pick
from sim.report.texts import FIGURE_KEYS, name_of, number, text
from sim.scenario import load_scenario

SIZES = {"quick": (10_000, 2, 5), "default": (None, None, 10), "precise": (None, None, 30)}
"""Size name -> (families, reported years, replications per design); None: the region's
own. The default size runs in about 20 s on 2 cores (README)."""
DRAWING = threading.Lock()
"""Matplotlib draws one figure at a time (pyplot is not made for threads)."""


class Stopped(Exception):
    """The page's Stop button: raised in the comparison's progress hook, it ends the
    comparison and its workers."""


class PageError(Exception):
    """Something the page says in words of its texts: `key` and its values (a value that is
    a function of the language is written in it), and for the English page the technical
    detail (opzet's own messages are English only)."""

    def __init__(self, key: str, detail: str = "", **values: Any) -> None:
        super().__init__(key)
        self.key, self.detail, self.values = key, detail, values

    def words(self, lang: str) -> str:
        values = {k: v(lang) if callable(v) else v for k, v in self.values.items()}
        said = text(self.key, lang, **values)
        return f"{said} ({self.detail})" if self.detail and lang == "en" else said


def _words(key: str) -> Any:
    """A value of a PageError that is a text of the table."""
    return lambda lang: text(key, lang)


@dataclass
class Result:
    """Results on the page: a run of the page (which can be saved) or an opened folder."""

    number: int
    data: ReportData
    kind: str  # compare, batch, sensitivity, robustness
    comparison: Comparison | None = None  # a run of the page
    seconds: float | None = None
    setting: dict[str, Any] | None = None  # a run of the page: the levers of its design
    figures: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


@dataclass
class Progress:
    """The comparison running now, or the last one."""

    state: str = "idle"  # idle, running, stopping, stopped, drawing, done, failed
    done: int = 0
    total: int = 0
    error: PageError | None = None
    result: int | None = None  # the number of the result it added


class Session:
    """The page's results and its one running comparison."""

    def __init__(self, workspace: Path, base: str | None = None,
                 workers: int | None = None) -> None:
        self.workspace = workspace
        self.base = base
        self.region = load_scenario(base)
        self.workers = workers or cpus()
        self.results: list[Result] = []
        self.progress = Progress()
        self.opening_errors: list[PageError] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._random = np.random.default_rng()
        self._runs = 0  # comparisons started, naming their folders in the workspace

    # ------------------------------------------------------------------ the controls
    def setup(self, lang: str) -> dict[str, Any]:
        """What the page's controls offer: designs, levers, sizes, the default seed."""
        return {
            "designs": [{"name": d.name, "label": d.label[lang],
                         "setting": levers.setting_of(d, self.region)} for d in CATALOGUE],
            "levers": [{"name": lever.name, "kind": lever.kind, "label":
                        text(f"lever.{lever.name}", lang),
                        "help": text(f"lever.{lever.name}.help", lang),
                        "choices": [{"value": c, "label": text(f"lever.{lever.name}.{c}", lang)}
                                    for c in (("on", "off") if lever.kind == "switch"
                                              else lever.choices)],
                        "low": lever.low, "high": lever.high, "step": lever.step}
                       for lever in levers.LEVERS],
            "sizes": [{"name": name, "label": text(f"explore.size.{name}", lang, **self._size(
                name, lang))} for name in SIZES],
            "seed": self.region.run.seed,
            "filters": [{"name": f, "label": text(f"explore.filter.{f}", lang)}
                        for f in FILTERS],
        }

    def _size(self, name: str, lang: str) -> dict[str, str]:
        families, years, reps = self.size(name)
        return {"families": number(families, lang, 0), "years": years, "reps": reps}

    def size(self, name: str) -> tuple[int, int, int]:
        families, years, reps = SIZES[name]
        return (families or self.region.run.families, years or self.region.run.years, reps)

    # ------------------------------------------------------------------ running
    def start(self, request: dict[str, Any]) -> None:
        """Start a comparison of the setting with the chosen reference (PageError when it
        cannot start: one running, a setting the controls cannot hold, the same design)."""
        setting = request.get("setting")
        reference = request.get("reference")
        size = request.get("size")
        seed = request.get("seed")
        if not isinstance(setting, dict) or (bad := levers.check(setting)) is not None:
            lever = next(x for x in levers.LEVERS if x.name == bad) if isinstance(
                setting, dict) else levers.LEVERS[0]
            raise PageError("explore.bad_lever", lever=_words(f"lever.{lever.name}"),
                            low=lambda lang: number(lever.low, lang, 2),
                            high=lambda lang: number(lever.high, lang, 2))
        if reference not in DESIGNS or size not in SIZES:
            raise PageError("explore.failed", f"reference {reference!r}, size {size!r}")
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise PageError("explore.bad_seed")
        overrides = levers.overrides(setting, self.region)
        name = levers.name_of(overrides)
        if overrides == BUILTIN_DESIGNS[reference]:
            raise PageError("explore.same_design", reference=_words(f"design.{reference}"))
        with self._lock:
            if self.progress.state in ("running", "stopping", "drawing"):
                raise PageError("explore.busy")
            families, years, reps = self.size(size)
            designs = {reference: BUILTIN_DESIGNS[reference], name: overrides}
            self._stop.clear()
            self._runs += 1
            self.progress = Progress("running", 0, reps * len(designs))
        threading.Thread(target=self._run, daemon=True, name="opzet-explore-run", kwargs={
            "designs": designs, "reps": reps, "seed": seed, "setting": dict(setting),
            "run": {"families": families, "years": years},
            "folder": self.workspace / f"run-{self._runs}"}).start()

    def stop(self) -> None:
        with self._lock:
            if self.progress.state == "running":
                self.progress.state = "stopping"
                self._stop.set()

    def _heard(self, done: int, failed: int) -> None:
        """compare's progress hook: count, and stop when asked."""
        self.progress.done = done
        if self._stop.is_set():
            raise Stopped

    def _run(self, designs: dict[str, Any], reps: int, seed: int, setting: dict[str, Any],
             run: dict[str, int], folder: Path) -> None:
        clock = time.perf_counter()
        try:
            comparison = compare(designs, self.base, reps=reps, seed=seed,
                                 workers=min(self.workers, reps * len(designs)),
                                 overrides={"run": run}, on_result=self._heard,
                                 descriptions={levers.OWN: levers.describe(setting, "en")})
            self.progress.state = "drawing"
            comparison.write(folder)
            result = self._add(load(folder), "compare", comparison,
                               time.perf_counter() - clock, setting)
        except Stopped:
            self.progress.state = "stopped"
        except ProjectError as err:
            self.progress.error = PageError("explore.failed", str(err))
            self.progress.state = "failed"
        except Exception as err:  # noqa: BLE001 - the page says it, the server goes on
            self.progress.error = PageError("explore.failed", f"{type(err).__name__}: {err}")
            self.progress.state = "failed"
        else:
            self.progress.result = result.number
            self.progress.state = "done"

    def _add(self, data: ReportData, kind: str, comparison: Comparison | None = None,
             seconds: float | None = None, setting: dict[str, Any] | None = None) -> Result:
        with self._lock:
            result = Result(len(self.results) + 1, data, kind, comparison, seconds, setting)
            self.results.append(result)
        return result

    def state(self, lang: str) -> dict[str, Any]:
        """The progress of the comparison running now, in words of `lang`."""
        p = self.progress
        return {"state": p.state, "done": p.done, "total": p.total, "result": p.result,
                "message": p.error.words(lang) if p.error else ""}

    # ------------------------------------------------------------------ folders
    def open(self, folder: str) -> Result:
        """Read a results folder of compare, batch, sensitivity or robustness (PageError
        naming the folder and why, in words, when it cannot be read)."""
        place = Path(folder).expanduser()
        try:
            data = load(place)
        except ReportError as err:
            reason = "explore.reason.missing" if not place.is_dir() else \
                "explore.reason.no_manifest" if not (place / "manifest.json").exists() else \
                "explore.reason.other"
            raise PageError("explore.unreadable", str(err), folder=str(place),
                            reason=_words(reason)) from None
        except Exception as err:  # noqa: BLE001 - whatever a foreign folder holds
            raise PageError("explore.unreadable", f"{type(err).__name__}: {err}",
                            folder=str(place), reason=_words("explore.reason.other")) from None
        return self._add(data, _kind(place))

    def save(self, number_: int, folder: str) -> Path:
        """Write a run of the page as the results folder `opzet compare` writes (PageError
        when the folder may not be written: sim.outputs)."""
        result = self.result(number_)
        if result.comparison is None:
            raise PageError("explore.save_refused", "it is a folder already", folder=folder)
        try:
            return result.comparison.write(Path(folder).expanduser())
        except ProjectError as err:
            raise PageError("explore.save_refused", str(err), folder=folder) from None

    def result(self, number_: int) -> Result:
        if not 1 <= number_ <= len(self.results):
            raise PageError("explore.figure_none", f"no result {number_}")
        return self.results[number_ - 1]

    # ------------------------------------------------------------------ what the page shows
    def view(self, result: Result, lang: str) -> dict[str, Any]:
        """A result as the page lists it: title, size, the table of headline outcomes
        (every number also raw, as comparison.csv holds it), figures, designs."""
        data = result.data
        reference = name_of("design", data.reference, lang)
        designs = [name_of("design", d, lang) for d in data.designs]
        title = text("explore.result", lang, number=result.number, design=designs[-1],
                     reference=reference) if result.comparison is not None else text(
            "explore.result_folder", lang, number=result.number,
            kind=text(f"explore.kind.{result.kind}", lang), folder=str(data.folder))
        size = text("explore.result_size", lang, designs=len(data.designs),
                    families=number(data.families, lang, 0), years=data.years, reps=data.reps)
        if result.seconds is not None:
            size += "; " + text("explore.seconds", lang, seconds=number(result.seconds, lang, 0))
        return {"number": result.number, "title": title, "size": size,
                "levers": levers.describe(result.setting, lang) if result.setting else "",
                "can_save": result.comparison is not None,
                "designs": [{"name": d, "label": label} for d, label in zip(
                    data.designs, designs, strict=True)],
                "reference": data.reference, "table": _table(data, lang),
                "figures": [{"key": key, "title": text(f"fig.{key}.title", lang)}
                            for key in FIGURE_KEYS if _shown(key, data)],
                "family": has_record(data.details)}

    def figure(self, number_: int, key: str, lang: str) -> dict[str, Any]:
        """A figure of the report for a result, as SVG (one part per design where the report
        draws one per design), with its title and caption; drawn once per language."""
        result = self.result(number_)
        if key not in FIGURES:
            raise PageError("explore.figure_none", f"no figure {key!r}")
        if (key, lang) not in result.figures:
            with DRAWING, plt.rc_context(STYLE):
                drawn = FIGURES[key](result.data, lang)
                shown = [{"design": design, "title": heading(key, design, lang),
                          "svg": _inline(svg(fig, bbox_inches="tight"))}
                         for _stem, design, fig in parts(key, drawn)]
                for _stem, _design, fig in parts(key, drawn):
                    plt.close(fig)
            reference = name_of("design", result.data.reference, lang)
            result.figures[(key, lang)] = {
                "key": key, "title": text(f"fig.{key}.title", lang), "parts": shown,
                "caption": text(f"fig.{key}.caption", lang, reference=reference),
                "message": "" if shown else text("explore.figure_none", lang)}
        return result.figures[(key, lang)]

    def family(self, number_: int, left: str, right: str, which: str, family_id: int | None,
               lang: str) -> dict[str, Any]:
        """One family in two designs of a result: `family_id`, or one picked at random
        among those that fit `which` (one_family.FILTERS)."""
        data = self.result(number_).data
        if not has_record(data.details):
            return {"family": None, "message": text("explore.family_no_record", lang)}
        if left not in data.designs or right not in data.designs or left == right or \
                which not in FILTERS:
            return {"family": None, "message": text("explore.family_none", lang)}
        if family_id is None:
            family_id = pick(data.details, left, right, which, self._random)
        try:
            first = path(data.details, left, family_id)
            path(data.details, right, family_id)
        except (KeyError, ValueError):  # none picked, or one not in contact in both
            return {"family": None, "message": text("explore.family_none", lang)}
        with DRAWING, plt.rc_context(STYLE):
            fig = family_figure(data.details, data.designs, left, right, family_id, lang)
            drawn = _inline(svg(fig, bbox_inches="tight"))
            plt.close(fig)
        step = text("family.tip", lang, week=first.week, day=number(0, lang, 0),
                    organisation=name_of("org", first.steps[0].organisation, lang),
                    decision=text(f"decision.{first.steps[0].decision}", lang))
        return {"family": family_id, "svg": drawn, "message": "",
                "same": text("explore.family_same", lang, step=step),
                "caption": text("fig.family.caption", lang,
                                reference=name_of("design", left, lang))}


def _shown(key: str, data: ReportData) -> bool:
    """Whether the page offers a figure: the optional ones only where the folder has them."""
    if key not in OPTIONAL:
        return True
    held = {"attribution": data.attribution, "sensitivity": data.sensitivity}
    return held.get(key, data.robustness) is not None


def _table(data: ReportData, lang: str) -> list[dict[str, Any]]:
    """The headline outcomes: per design its mean, and for the others the difference to the
    reference with its 95% interval, written as `lang` writes numbers, and raw."""
    rows = {(r.outcome, r.design): r for r in data.table.itertuples()}
    table = []
    for outcome in HEADLINE:
        if (outcome, data.reference) not in rows:
            continue
        scale = outcome_scale(outcome)
        ref = rows[(outcome, data.reference)]
        decimals = digits(abs(ref.mean * scale) if not math.isnan(ref.mean) else math.nan)
        cells = []
        for design in data.designs:
            r = rows[(outcome, design)]
            cell = {"design": design, "mean": r.mean, "shown_mean":
                    number(r.mean * scale, lang, decimals)}
            if design != data.reference:  # a difference in the digits its hover shows
                shown = digits(abs(r.diff * scale) if not math.isnan(r.diff) else math.nan)
                cell |= {"diff": r.diff, "low": r.ci_low, "high": r.ci_high,
                         "shown_diff": number(r.diff * scale, lang, shown),
                         "shown_interval": f"[{number(r.ci_low * scale, lang, shown)}; "
                                           f"{number(r.ci_high * scale, lang, shown)}]",
                         "clear": bool(r.ci_low > 0 or r.ci_high < 0)}
            cells.append(cell)
        table.append({"outcome": outcome, "label": text(f"outcome.{outcome}", lang),
                      "unit": outcome_unit(outcome, lang), "cells": cells})
    return table


def _inline(drawn: str) -> str:
    """An SVG file's text as an element for a page: from <svg on, without the metadata
    (who made it), sized by the page."""
    drawn = drawn[drawn.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>", "", drawn, count=1, flags=re.DOTALL)


def _kind(folder: Path) -> str:
    """The kind of results a folder holds, as its manifest names it."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "compare"
    kind = manifest.get("kind", manifest.get("command"))
    if kind in ("compare", "batch", "sensitivity", "robustness"):
        return kind
    return "batch" if "experiment" in manifest else "compare"
