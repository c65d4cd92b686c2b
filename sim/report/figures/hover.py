"""What a point or bar of a figure says when hovered: its value and its interval.

A figure function names the artists of a point with `tip`; `svg` writes the figure as SVG
with that text as the `<title>` of each artist's group, which a browser shows on hover
(`opzet explore` draws the SVG into its page, `opzet report` writes it to figures/). The
PNG and PDF are unchanged: the same figure, drawn by the same code, with nothing to
hover.
"""

from __future__ import annotations

import html
import io
import itertools
import math
from collections.abc import Iterable
from typing import Any

from matplotlib.artist import Artist
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure

from sim.report.figures.style import outcome_unit
from sim.report.texts import number, text
from sim.summary import MEASURES

_TIPS = "_opzet_tips"  # figure attribute: group id -> words
_IDS = itertools.count()  # ids unique in this process, so SVGs on one page never share one


def tip(artists: Artist | ErrorbarContainer | Iterable[Artist], words: str,
        name: str = "") -> None:
    """Show `words` when any of `artists` (an errorbar: its marker and its bar) is
    hovered; `name` ends the groups' ids, for a page that looks one up."""
    if isinstance(artists, ErrorbarContainer):
        marker, _caps, bars = artists.lines
        artists = [a for a in (marker, *bars) if a is not None]
    elif isinstance(artists, Artist):
        artists = [artists]
    for artist in artists:
        figure = artist.figure
        gid = f"tip{next(_IDS)}" + (f"-{name}" if name else "")
        artist.set_gid(gid)
        figure.__dict__.setdefault(_TIPS, {})[gid] = words


def digits(scale: float) -> int:
    """Decimals that show about three significant digits of numbers of this size."""
    if not scale or math.isnan(scale):
        return 2
    return min(6, max(0, 2 - math.floor(math.log10(abs(scale)))))


def unit_of(outcome: str, lang: str) -> str:
    """An outcome's unit as it follows a number: none for a count, % for a share."""
    unit = MEASURES[outcome].unit
    return "" if unit == "count" else "%" if unit == "share" else " " + outcome_unit(outcome, lang)


def interval(name: str, value: float, low: float, high: float, unit: str, lang: str) -> str:
    """`name: value unit (95% interval low to high)`, numbers as `lang` writes them and
    `unit` as it follows a number (unit_of); without an interval (one replication) the
    value alone."""
    decimals = digits(abs(value) if not math.isnan(value) else math.nan)
    if math.isnan(low) or math.isnan(high):
        return text("hover.value", lang, name=name, value=number(value, lang, decimals),
                    unit=unit)
    return text("hover.interval", lang, name=name, value=number(value, lang, decimals),
                low=number(low, lang, decimals), high=number(high, lang, decimals), unit=unit)


def svg(fig: Figure, **savefig: Any) -> str:
    """The figure as SVG text, each tipped group with its words as `<title>`."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", **savefig)
    drawn = buffer.getvalue()
    for gid, words in fig.__dict__.get(_TIPS, {}).items():
        opening = f'<g id="{gid}">'
        drawn = drawn.replace(opening, f"{opening}<title>{html.escape(words)}</title>", 1)
    return drawn
