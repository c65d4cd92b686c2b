"""The report as one file: HTML with every figure embedded, or PDF.

The HTML needs nothing but a browser: figures are PNG in `data:` addresses,
the style sits in the page, and there are no scripts or links to fetch. The
PDF is drawn by matplotlib itself (PdfPages), so making it needs no browser.
"""

from __future__ import annotations

import base64
import html
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from sim.report.data import ReportData
from sim.report.figures import OPTIONAL, ROBUSTNESS, Drawn, parts
from sim.report.figures.scorecard_table import unmeasured
from sim.report.figures.style import colours
from sim.report.texts import FIGURE_KEYS, known, name_of, number, text

GENERATOR = "opzet report"
SIGNATURES = {"html": f'<meta name="generator" content="{GENERATOR}">'.encode(),
              "pdf": f"/Creator ({GENERATOR})".encode()}
"""What marks a file as a report opzet wrote, so a later report may replace it."""


@dataclass
class Rendered:
    """A figure as drawn: its key, its PNG for embedding, its file stem, and the design it
    shows when the figure is drawn per design."""

    key: str
    png: bytes
    stem: str = ""
    design: str | None = None


def heading(key: str, design: str | None, lang: str) -> str:
    """A figure's title; for a figure drawn per design, with the design's name."""
    title = text(f"fig.{key}.title", lang)
    return title if design is None else text("report.part", lang, title=title,
                                             part=name_of("design", design, lang))


def intro(data: ReportData, lang: str) -> str:
    return text("report.intro", lang, designs=len(data.designs),
                families=number(data.families, lang, 0), years=data.years, reps=data.reps,
                reference=name_of("design", data.reference, lang))


def robustness_intro(data: ReportData, lang: str) -> str:
    """What the robustness section is made of and how its verdicts are reached."""
    found = data.robustness
    return text("rob.intro", lang, points=found.points, parameters=len(found.parameters),
                assumptions=len(found.assumptions), reps=found.replications,
                reference=name_of("design", found.reference, lang),
                confidence=f"{found.confidence:.0%}")


def description(design: str, lang: str, given: str) -> str:
    """A design's description: from the text table for built-in designs, else as given."""
    key = f"design.{design}.description"
    return text(key, lang) if known(key) else given


def missing(figures: dict[str, Drawn], lang: str) -> str | None:
    """The sentence naming the figures the folder held no data for (None: none missing);
    the OPTIONAL ones are only expected where the folder holds what they show."""
    absent = [text(f"fig.{key}.title", lang) for key, fig in figures.items()
              if fig is None and key not in OPTIONAL]
    return text("report.missing", lang, items="; ".join(absent)) if absent else None


_STYLE = """
body { font-family: system-ui, 'Segoe UI', Arial, sans-serif; font-size: 18px;
       max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #111; line-height: 1.45; }
h1 { font-size: 30px; } h2 { font-size: 24px; margin-top: 2em; } h3 { font-size: 21px; }
figure { margin: 2.5em 0; } img { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 19px; margin-top: .6em; }
.swatch { display: inline-block; width: 1em; height: 1em; margin-right: .4em;
          vertical-align: -0.1em; border-radius: 2px; }
.note { color: #444; } footer { margin-top: 3em; color: #444; font-size: 16px; }
"""


def html_document(data: ReportData, lang: str, figures: list[Rendered], notes: list[str],
                  descriptions: dict[str, str], source: str) -> str:
    """The report as one self-contained HTML page."""
    e = html.escape
    colour = colours(data.designs)
    lines = [f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">",
             SIGNATURES["html"].decode(),
             f"<title>{e(text('report.title', lang))}</title>",
             f"<style>{_STYLE}</style>\n</head>\n<body>",
             f"<h1>{e(text('report.title', lang))}</h1>",
             f"<p>{e(intro(data, lang))}</p>"]
    lines += [f"<p class=\"note\">{e(note)}</p>" for note in notes]
    lines.append(f"<h2>{e(text('report.designs', lang))}</h2>\n<ul>")
    for design in data.designs:
        lines.append(f"<li><span class=\"swatch\" style=\"background:{colour[design]}\">"
                     f"</span><strong>{e(name_of('design', design, lang))}</strong>: "
                     f"{e(description(design, lang, descriptions.get(design, '')))}</li>")
    lines.append(f"</ul>\n<h2>{e(text('report.figures', lang))}</h2>")
    reference = name_of("design", data.reference, lang)
    section = False
    for figure in figures:
        if figure.key in ROBUSTNESS and not section:
            section = True
            lines.append(f"<h2 id=\"robustness\">{e(text('rob.section', lang))}</h2>\n"
                         f"<p>{e(robustness_intro(data, lang))}</p>")
        title = heading(figure.key, figure.design, lang)
        encoded = base64.b64encode(figure.png).decode("ascii")
        lines.append(
            f"<figure id=\"fig-{figure.stem or figure.key}\">\n<h3>{e(title)}</h3>\n"
            f"<img src=\"data:image/png;base64,{encoded}\" "
            f"alt=\"{e(text('report.alt', lang, title=title))}\">\n"
            f"<figcaption>{e(text(f'fig.{figure.key}.caption', lang, reference=reference))}"
            "</figcaption>\n</figure>")
    lines.append(f"<h2>{e(text('report.requirements', lang))}</h2>\n<ol>")
    lines += [f"<li><strong>{e(text(f'req.{k}', lang))}</strong>: "
              f"{e(text(f'req.{k}.text', lang))}</li>" for k in range(1, 11)]
    lines.append(f"</ol>\n<p>{e(text('report.unmeasured', lang, items=unmeasured_list(lang)))}</p>")
    lines.append(f"\n<footer>{e(source)}</footer>\n</body>\n</html>\n")
    return "\n".join(lines)


def pdf_document(path: Path, data: ReportData, lang: str, figures: dict[str, Drawn],
                 notes: list[str], descriptions: dict[str, str], source: str) -> None:
    """The report as PDF: a title page, then one page per figure (per design for a figure
    drawn per design) with its caption."""
    reference = name_of("design", data.reference, lang)
    with PdfPages(path, metadata={"Creator": GENERATOR}) as pdf:
        page = plt.figure(figsize=(11.69, 8.27))
        lines = [text("report.title", lang), "", *textwrap.wrap(intro(data, lang), 95), ""]
        for note in notes:
            lines += [*textwrap.wrap(note, 95), ""]
        lines.append(text("report.designs", lang))
        for design in data.designs:
            lines += textwrap.wrap(f"• {name_of('design', design, lang)}: "
                                   f"{description(design, lang, descriptions.get(design, ''))}",
                                   95)
        lines += ["", source]
        page.text(0.05, 0.95, "\n".join(lines), va="top", fontsize=13, family="sans-serif")
        pdf.savefig(page)
        plt.close(page)
        for key in FIGURE_KEYS:
            if key == ROBUSTNESS[0] and data.robustness is not None:
                page = plt.figure(figsize=(11.69, 8.27))
                words = [text("rob.section", lang), "",
                         *textwrap.wrap(robustness_intro(data, lang), 95)]
                page.text(0.05, 0.95, "\n".join(words), va="top", fontsize=13,
                          family="sans-serif")
                pdf.savefig(page)
                plt.close(page)
            caption = text(f"fig.{key}.caption", lang, reference=reference)
            for _stem, _design, fig in parts(key, figures.get(key)):
                fig.text(0.0, -0.01, "\n".join(textwrap.wrap(caption, 150)), va="top",
                         fontsize=14)
                pdf.savefig(fig, bbox_inches="tight")


def unmeasured_list(lang: str) -> str:
    """The requirements without an indicator, numbered and named."""
    return ", ".join(f"{k}. {text(f'req.{k}', lang)}" for k in unmeasured())
