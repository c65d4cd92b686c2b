"""`opzet report`: a results folder in, one report file and every figure out.

Figures go to RESULTS_DIR/figures/<key>-<lang>.png and .svg (the journey one per
design, <key>-<design>-<lang>), the report to
RESULTS_DIR/report-<lang>.html (or .pdf, or --out). Every file is written to a
temporary name and renamed when complete, so a report that fails leaves no
half-written file and an earlier report intact.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt

from sim.atomic import replace_file
from sim.report.data import ReportData, ReportError, load
from sim.report.document import Rendered, html_document, missing, pdf_document
from sim.report.figures import STYLE, draw, parts
from sim.report.texts import FIGURE_KEYS, LANGUAGES, text

FORMATS = ("html", "pdf")


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
    if target.is_dir():
        raise ReportError(f"--out {target}: is a folder; give a file name")
    descriptions = _descriptions(data)
    source = text("report.source", lang, folder=str(data.folder),
                  date=datetime.now().strftime("%Y-%m-%d %H:%M"))
    notes = [text("report.batch_note", lang)] if data.kind == "batch" else []
    with plt.rc_context(STYLE):
        figures = draw(data, lang)
        gap = missing(figures, lang)
        notes += [gap] if gap else []
        rendered = _save_figures(data.folder / "figures", figures, lang)
        if fmt == "html":
            page = html_document(data, lang, rendered, notes, descriptions, source)
            replace_file(target, lambda path: path.write_text(page, encoding="utf-8"))
        else:
            replace_file(target, lambda path: pdf_document(path, data, lang, figures, notes,
                                                      descriptions, source))
    for key, drawn in figures.items():
        for _stem, _design, fig in parts(key, drawn):
            plt.close(fig)
    return target


def _descriptions(data: ReportData) -> dict[str, str]:
    """Descriptions of designs not in the text table (from scenario files), as recorded."""
    manifest = json.loads((data.folder / "manifest.json").read_text())
    designs = manifest.get("designs") or manifest.get("experiment", {}).get("designs", {})
    return {name: info.get("description", "") if isinstance(info, dict) else ""
            for name, info in designs.items()}


def _save_figures(folder: Path, figures: dict[str, Any], lang: str) -> list[Rendered]:
    """Each figure, titled, as PNG and SVG in `folder`; the PNGs for embedding. A figure
    drawn per design replaces the one file an earlier report may have left for it."""
    folder.mkdir(exist_ok=True)
    rendered = []
    for key in FIGURE_KEYS:
        for stem, design, fig in parts(key, figures[key]):
            if design is not None:
                for kind in ("png", "svg"):
                    (folder / f"{key}-{lang}.{kind}").unlink(missing_ok=True)
            # a slide per design keeps its size (16:9) and has its title inside
            fig.suptitle(text(f"fig.{key}.title", lang), x=0.01, y=0.985 if design else 1.0,
                         ha="left", va="top" if design else "bottom", fontweight="bold")
            bbox = fig.bbox_inches if design else "tight"
            png = io.BytesIO()
            fig.savefig(png, format="png", dpi=110, bbox_inches=bbox)
            replace_file(folder / f"{stem}-{lang}.png",
                    lambda path, png=png: path.write_bytes(png.getvalue()))
            replace_file(folder / f"{stem}-{lang}.svg",
                    lambda path, fig=fig, bbox=bbox: fig.savefig(path, format="svg",
                                                                 bbox_inches=bbox))
            rendered.append(Rendered(key, png.getvalue(), stem, design))
    return rendered


def run_command(args: Any) -> int:
    """`opzet report` (flags in sim.cli): one line on stderr and exit 2 for a bad folder or
    flag, else the report's path."""
    try:
        path = build_report(args.folder, args.lang, args.format, args.out)
    except ReportError as err:
        print(str(err), file=sys.stderr)
        return 2
    print(f"report: {path}; figures in {Path(args.folder) / 'figures'}")
    return 0
