"""`opzet report`: a results folder in, one report file and every figure out.

Figures go to RESULTS_DIR/figures/<key>-<lang>.png and .svg (the journey one per
design, <key>-<design>-<lang>), the report to
RESULTS_DIR/report-<lang>.html (or .pdf, or --out). The report writes only into a
results folder opzet wrote, only names that are free or that opzet wrote before
(listed in the folder's marker, sim.outputs), and --out only over a report (its
signature); every file is written to a temporary name and renamed when complete,
so a report that fails leaves no half-written file and an earlier report intact.
"""

from __future__ import annotations

import io
import json
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt

from sim.atomic import replace_file
from sim.outputs import MARKER, Interrupted, check_file, locked, read_marker, register
from sim.report.data import ReportData, ReportError, load
from sim.report.document import SIGNATURES, Rendered, html_document, missing, pdf_document
from sim.report.figures import draw, parts
from sim.report.figures.hover import svg
from sim.report.figures.style import STYLE
from sim.report.texts import FIGURE_KEYS, LANGUAGES, text

FORMATS = ("html", "pdf")
FIGURES = "figures"


def build_report(folder: str | Path, lang: str = "nl", fmt: str = "html",
                 out: str | Path | None = None) -> Path:
    """Write the report of a comparison or batch folder; return the report's path.

    Raises ReportError (one line) for a folder without results, a language
    or format not offered, or an --out that is a folder.
    """
    if lang not in LANGUAGES:
        raise ReportError(f"--lang {lang}: not offered; choose {' or '.join(LANGUAGES)}")
    if fmt not in FORMATS:
        raise ReportError(f"--format {fmt}: not offered; choose {' or '.join(FORMATS)}")
    data = load(folder)
    target = Path(out) if out is not None else data.folder / f"report-{lang}.{fmt}"
    check_file(target, SIGNATURES[fmt], f"a {fmt.upper()} report opzet wrote")
    if read_marker(data.folder) is None:
        raise ReportError(f"{data.folder}: was not written by this version of opzet (no "
                          f"{MARKER}), so the report will not add its figures there; run "
                          "the command that made it again")
    descriptions = _descriptions(data)
    source = text("report.source", lang, folder=str(data.folder),
                  date=datetime.now().strftime("%Y-%m-%d %H:%M"))
    notes = [text("report.batch_note", lang)] if data.kind == "batch" else []
    with ExitStack() as held, plt.rc_context(STYLE):
        held.enter_context(locked(data.folder, "RESULTS_DIR"))
        if data.folder.resolve() != target.parent.resolve():
            held.enter_context(locked(target))
        figures = draw(data, lang)
        held.callback(_close, figures)
        gap = missing(figures, lang)
        notes += [gap] if gap else []
        try:
            rendered = _save_figures(data.folder, figures, lang)
            register(target.parent, [target.name])
            if fmt == "html":
                page = html_document(data, lang, rendered, notes, descriptions, source)
                replace_file(target, lambda path: path.write_text(page, encoding="utf-8"))
            else:
                replace_file(target, lambda path: pdf_document(path, data, lang, figures,
                                                              notes, descriptions, source))
        except KeyboardInterrupt:
            raise Interrupted(f"the report was not written; {data.folder} is as it was, but "
                              f"for figures already redrawn in {data.folder / FIGURES}") \
                from None
    return target


def save_figure(folder: Path, key: str, stem: str, design: str | None, fig: Any,
                lang: str) -> bytes:
    """A figure, titled, as `stem`-`lang`.png and .svg in `folder`; returns the PNG."""
    # a slide per design keeps its size (16:9) and has its title inside
    fig.suptitle(text(f"fig.{key}.title", lang), x=0.01, y=0.985 if design else 1.0,
                 ha="left", va="top" if design else "bottom", fontweight="bold")
    bbox = fig.bbox_inches if design else "tight"
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=110, bbox_inches=bbox)
    replace_file(folder / f"{stem}-{lang}.png", lambda path: path.write_bytes(png.getvalue()))
    drawn = svg(fig, bbox_inches=bbox)  # what a point says on hover inside
    replace_file(folder / f"{stem}-{lang}.svg",
                 lambda path: path.write_text(drawn, encoding="utf-8"))
    return png.getvalue()


def _close(figures: dict[str, Any]) -> None:
    for key, drawn in figures.items():
        for _stem, _design, fig in parts(key, drawn):
            plt.close(fig)


def _descriptions(data: ReportData) -> dict[str, str]:
    """Descriptions of designs not in the text table (from scenario files), as recorded."""
    manifest = json.loads((data.folder / "manifest.json").read_text())
    designs = manifest.get("designs") or manifest.get("experiment", {}).get("designs", {})
    return {name: info.get("description", "") if isinstance(info, dict) else ""
            for name, info in designs.items()}


def _save_figures(results: Path, figures: dict[str, Any], lang: str) -> list[Rendered]:
    """Each figure, titled, as PNG and SVG in `results`/figures; the PNGs for embedding.

    Every name is first checked (a file there that opzet did not write stops the
    report, with nothing written) and added to the folder's marker. A figure drawn
    per design replaces the one file an earlier report may have left for it.
    """
    names = [f"{FIGURES}/{stem}-{lang}.{kind}" for key in FIGURE_KEYS
             for stem, _design, _fig in parts(key, figures[key]) for kind in ("png", "svg")]
    ours = set(read_marker(results)["files"])
    for name in names:
        if (results / name).exists() and name not in ours:
            raise ReportError(f"{results / name}: was not written by opzet, and the report "
                              "would write over it; move it away first")
    register(results, names)
    folder = results / FIGURES
    folder.mkdir(exist_ok=True)
    rendered = []
    for key in FIGURE_KEYS:
        for stem, design, fig in parts(key, figures[key]):
            if design is not None:
                for kind in ("png", "svg"):
                    if f"{FIGURES}/{key}-{lang}.{kind}" in ours:
                        (folder / f"{key}-{lang}.{kind}").unlink(missing_ok=True)
            png = save_figure(folder, key, stem, design, fig, lang)
            rendered.append(Rendered(key, png, stem, design))
    return rendered

