"""The built-in designs, defined once: name, levers, words in Dutch and English, colour.

`opzet compare` runs them, the report names and colours them, and the scenario
library holds one file per design (tests/test_library.py keeps each file's levers
equal to its design's here). A design is only its levers: every other value is the
region's, so designs compared on one region differ in nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CURRENT_LEVERS: dict[str, Any] = {"model": "relay", "review": "none", "client_support": False,
                                  "family_oriented": "referral"}
"""The categorical levers of today's system; every built-in design states all four."""

FAMILY_CENTRE: dict[str, Any] = {
    "kind": "advice", "operator": "independent", "threat": 0.1, "reach": 0.8, "staff": 4.0,
    "contacts_per_staff": 8.0, "service_days": 3.0, "hours": 1.5,
}
"""A low-threshold access point: advice only, run by nobody who can escalate, easy to reach."""


@dataclass(frozen=True)
class Design:
    """A built-in design: its levers as overrides of a region, and how people see it."""

    name: str
    label: dict[str, str]  # language -> short name
    description: dict[str, str]  # language -> one plain sentence
    colour: str  # an Okabe-Ito colour name (sim.report.figures.style), fixed per design
    levers: dict[str, Any] = field(default_factory=dict)  # categorical levers changed
    family_centre: bool = False  # adds the access point FAMILY_CENTRE
    library: str | None = None  # the scenarios/ file with the same levers

    @property
    def overrides(self) -> dict[str, Any]:
        """The design as overrides of a region's scenario."""
        overrides: dict[str, Any] = {"design": {**CURRENT_LEVERS, **self.levers}}
        if self.family_centre:
            overrides["access_points"] = {"family_centre": dict(FAMILY_CENTRE)}
        return overrides


CATALOGUE = (
    Design("relay", {"nl": "Estafette (huidig)", "en": "Relay (current)"},
           {"nl": "Het huidige estafettemodel: elke organisatie neemt het gezin op haar beurt "
                  "over (referentie).",
            "en": "Today's relay: each organisation takes the family over in turn "
                  "(reference)."},
           "black"),
    Design("team", {"nl": "Team", "en": "Team"},
           {"nl": "Eén regionaal team houdt de zaak vast; specialisten sluiten aan bij het "
                  "team.",
            "en": "One regional team holds the case; specialists join it."},
           "blue", {"model": "team"}, library="team.toml"),
    Design("independent_review", {"nl": "Onafhankelijke toetsing", "en": "Independent review"},
           {"nl": "Estafette, met een onafhankelijke deskundige die elk verzoek aan de rechter "
                  "toetst.",
            "en": "Relay, with an independent expert checking every court request."},
           "orange", {"review": "independent"}, library="independent_review.toml"),
    Design("client_support", {"nl": "Cliëntondersteuning", "en": "Client support"},
           {"nl": "Estafette, met onafhankelijke ondersteuning voor gezinnen bij gedwongen "
                  "stappen.",
            "en": "Relay, with independent support for families in compulsory steps."},
           "green", {"client_support": True}),
    Design("family_inside", {"nl": "Gezinsgerichte hulp", "en": "Family-oriented help"},
           {"nl": "Estafette, met de eigen problemen van de ouders binnen het plan aangepakt.",
            "en": "Relay, with the parents' own problems handled inside the plan."},
           "purple", {"family_oriented": "inside"}, library="family_oriented.toml"),
    Design("family_centre", {"nl": "Laagdrempelig gezinscentrum",
                             "en": "Low-threshold family centre"},
           {"nl": "Estafette, plus een onafhankelijk, makkelijk bereikbaar gezinscentrum voor "
                  "advies.",
            "en": "Relay, plus a low-threshold family centre for advice (independent, easy to "
                  "reach)."},
           "sky", family_centre=True, library="low_threshold_access.toml"),
    Design("future", {"nl": "Toekomstig ontwerp", "en": "Future design"},
           {"nl": "Team + onafhankelijke toetsing + cliëntondersteuning + gezinsgerichte hulp "
                  "+ gezinscentrum.",
            "en": "Team + independent review + client support + family-oriented help + family "
                  "centre."},
           "vermillion", {"model": "team", "review": "independent", "client_support": True,
                          "family_oriented": "inside"},
           family_centre=True, library="future_design.toml"),
)
"""Every built-in design; the first, relay (today's system), is the reference."""

DESIGNS = {design.name: design for design in CATALOGUE}
BUILTIN_DESIGNS: dict[str, dict[str, Any]] = {d.name: d.overrides for d in CATALOGUE}
"""The designs `opzet compare` runs without scenario files: name -> overrides of the
region."""
