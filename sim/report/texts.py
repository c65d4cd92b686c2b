"""Every word the report shows, in Dutch and English: one table, key -> {"nl", "en"}.

The designs' names and descriptions come from their catalogue (sim.designs).
Plotting and document code never writes a label of its own; it asks `text(key,
lang)`, so a missing translation is one missing key (tests check that both
languages have every key) and a workshop in Dutch sees no English.
"""

from __future__ import annotations

import math

from sim.designs import CATALOGUE
from sim.report.figure_texts import FIGURES
from sim.report.page_texts import DECISIONS, EXPLORE, FAMILY, LEVERS
from sim.report.requirement_texts import REQUIREMENTS

LANGUAGES = ("nl", "en")

_OUTCOMES = {
    "handoffs": ("overdrachten", "handoffs"),
    "handoffs_per_family": ("overdrachten per gezin in contact",
                            "handoffs per family in contact"),
    "organisations_per_family": ("organisaties per gezin in contact",
                                 "organisations per family in contact"),
    "professionals_at_once": ("meeste hulpverleners tegelijk", "most professionals at once"),
    "advice": ("adviesvragen", "advice contacts"),
    "reports": ("meldingen", "reports"),
    "investigations": ("eerste onderzoeken", "first investigations"),
    "followup_investigations": ("vervolgonderzoeken", "follow-up investigations"),
    "court_requests": ("verzoeken aan de rechter", "court requests"),
    "disputed_at_court": ("betwiste verzoeken aan de rechter", "disputed court requests"),
    "court_orders": ("kinderbeschermingsmaatregelen", "court orders"),
    "placements": ("uithuisplaatsingen", "placements"),
    "emergencies": ("spoedingrepen", "emergency actions"),
    "avoidable_escalations": ("vermijdbare escalaties", "avoidable escalations"),
    "missed_serious": ("gemiste ernstige zorgen", "missed serious concerns"),
    "days_to_first_contact": ("dagen tot eerste contact", "days to first contact"),
    "days_to_help": ("dagen tot hulp", "days to help"),
    "waited_days": ("dagen op wachtlijsten", "days on waiting lists"),
    "orders_in_force": ("lopende maatregelen", "orders in force"),
    "professional_hours": ("uren van professionals", "professional hours"),
    "closed_good_enough": ("afgesloten met zorgen 'goed genoeg'", "closed good enough"),
    "recurred_24m": ("zorgen terug binnen 24 maanden", "recurred within 24 months"),
    "lasting_reduction": ("blijvende vermindering van zorgen", "lasting reduction"),
    "serious_share": ("gezinnen met ernstige zorgen", "families with serious concern"),
    "caseworker_turnover": ("verloop van hulpverleners", "caseworker turnover"),
    "turnover_handoffs": ("overdrachten door verloop", "turnover handoffs"),
    "lasting_reduction_plan": ("blijvende vermindering na een hulpplan",
                               "lasting reduction after a plan"),
    "alliance_at_close": ("werkrelatie bij afsluiting", "alliance at closure"),
    "rereported_12m": ("opnieuw gemeld binnen 12 maanden", "re-reported within 12 months"),
    "rereported_24m": ("opnieuw gemeld binnen 24 maanden", "re-reported within 24 months"),
    "network_support": ("steun gebruikt uit het netwerk", "support used from the network"),
}

UNIT_KEYS = {
    "per 1,000 families per year": "unit.per_1000",
    "count": "unit.count",
    "days": "unit.days",
    "family-days per 1,000 families per year": "unit.family_days",
    "families": "unit.families",
    "hours per 1,000 families per year": "unit.hours",
    "share": "unit.share",
    "leavers per post per year": "unit.leavers",
    "0-1 scale": "unit.scale",
    "support-weeks per 1,000 families per year": "unit.support_weeks",
}
"""sim.summary unit (English, as there) -> key of its words here."""

_UNITS = {
    "unit.per_1000": ("per 1.000 gezinnen per jaar", "per 1,000 families per year"),
    "unit.count": ("aantal", "count"),
    "unit.days": ("dagen", "days"),
    "unit.family_days": ("gezinsdagen per 1.000 gezinnen per jaar",
                         "family-days per 1,000 families per year"),
    "unit.families": ("gezinnen", "families"),
    "unit.hours": ("uren per 1.000 gezinnen per jaar", "hours per 1,000 families per year"),
    "unit.share": ("aandeel (%)", "share (%)"),
    "unit.leavers": ("vertrekkers per functie per jaar", "leavers per post per year"),
    "unit.scale": ("schaal 0-1", "0-1 scale"),
    "unit.support_weeks": ("steunweken per 1.000 gezinnen per jaar",
                           "support-weeks per 1,000 families per year"),
}

_NODES = {
    "start": ("eerste contact", "first contact"),
    "advice": ("advies", "advice"),
    "report": ("melding", "report"),
    "investigation": ("eerste onderzoek", "first investigation"),
    "followup": ("vervolgonderzoek", "follow-up investigation"),
    "review": ("toetsing", "review"),
    "court": ("rechter", "court"),
    "plan": ("plan en hulp", "plan and help"),
    "closure": ("afsluiting", "closure"),
}

_ORGANISATIONS = {
    "veilig_thuis": ("Veilig Thuis", "Veilig Thuis (advice and reporting centre)"),
    "child_protection_board": ("Raad voor de Kinderbescherming", "Child protection board"),
    "regional_team": ("Regionaal team", "Regional team"),
    "review_panel": ("Onafhankelijke toetsing", "Independent review panel"),
    "court": ("Rechtbank", "Court"),
    "certified_institution": ("Gecertificeerde instelling", "Certified institution"),
    "local_team": ("Lokaal team", "Local team"),
    "care_provider": ("Jeugdhulpaanbieder", "Youth-care provider"),
    "adult_services": ("Hulp voor volwassenen", "Adult services"),
    "client_support": ("Cliëntondersteuning", "Client support"),
    "local_team_desk": ("Loket lokaal team", "Local team desk"),
    "veilig_thuis_line": ("Telefoonlijn Veilig Thuis", "Veilig Thuis line"),
    "child_helpline": ("Kindertelefoon", "Child helpline"),
    "family_centre": ("Gezinscentrum", "Family centre"),
}

_PARTS = {
    "total": ("totaal verschil", "total difference"),
    "mechanisms.handoff_costs": ("mechanisme: wat een overdracht kost",
                                 "mechanism: what a handoff costs"),
    "mechanisms.pooled_capacity": ("mechanisme: gedeelde capaciteit van het team",
                                   "mechanism: the team's pooled capacity"),
    "mechanisms.alliance_continuity": ("mechanisme: vaste werkrelatie",
                                       "mechanism: a lasting alliance"),
    "assumptions.team_return_stranger_share": ("aanname: terug bij iemand nieuw",
                                               "assumption: back to someone new"),
    "assumptions.team_triage_handover": ("aanname: team biedt na triage hulp zonder onderzoek",
                                         "assumption: team offers help after triage without "
                                         "investigation"),
    "assumptions.team_blame_shift": ("aanname: angst voor verwijten in het team",
                                     "assumption: the team's fear of blame"),
    "assumptions.review_blame_shift": ("aanname: angst voor verwijten bij onafhankelijke "
                                       "toetsing",
                                       "assumption: fear of blame in independent review"),
    "design.review": ("hefboom: toetsing voor de rechter", "lever: review before court"),
    "design.client_support": ("hefboom: cliëntondersteuning", "lever: client support"),
    "design.family_oriented": ("hefboom: gezinsgerichte hulp", "lever: family-oriented help"),
    "design.conference_intensity": ("hefboom: aandeel familienetwerkberaden",
                                    "lever: share of family-network conferences"),
    "design.prevention_intensity": ("hefboom: preventie en wijkwerk",
                                    "lever: prevention and community work"),
    "design.capacity_factor": ("hefboom: personeel van alle organisaties",
                               "lever: staff of every organisation"),
    "design.aftercare_weeks": ("hefboom: nazorg na afsluiting", "lever: aftercare after closure"),
    "other": ("overige instellingen (geen hefboom of aanname)",
              "other settings (not a lever or assumption)"),
    "rest": ("rest: met alles uitgezet", "rest: with everything off"),
}
"""The parts of a difference (sim.attribution): its scenario path, or total, other, rest."""

_GENERAL = {
    "report.title": ("Ontwerpen voor bescherming van jeugd en gezin vergeleken",
                     "Designs for child and family protection compared"),
    "report.intro": (
        "Dit verslag vergelijkt {designs} ontwerpen in een gesimuleerde regio van {families} "
        "gezinnen, over {years} jaar. Elk ontwerp is {reps} keer gesimuleerd met dezelfde "
        "gezinnen en dezelfde toevallige gebeurtenissen, zodat een verschil tussen twee "
        "ontwerpen aan het ontwerp ligt. Het eerste ontwerp, {reference}, is de "
        "vergelijkingsbasis. Het zijn uitkomsten van een model, geen metingen: ze laten zien "
        "wat er volgt uit de aannames van het model.",
        "This report compares {designs} designs in a simulated region of {families} families "
        "over {years} years. Each design was simulated {reps} times on the same families and "
        "the same chance events, so a difference between two designs is the design's. The "
        "first design, {reference}, is the reference. These are results of a model, not "
        "measurements: they show what follows from the model's assumptions."),
    "report.designs": ("De ontwerpen", "The designs"),
    "report.unmeasured": ("Nog zonder indicator in dit model: {items}.",
                          "Still without an indicator in this model: {items}."),
    "report.figures": ("Figuren", "Figures"),
    "report.requirements": ("De tien eisen uit het werkdocument",
                            "The ten requirements of the working paper"),
    "report.missing": ("Niet in deze resultaten (de map bevat er geen gegevens voor): {items}.",
                       "Not in these results (the folder holds no data for them): {items}."),
    "report.source": ("Gemaakt door opzet uit {folder} op {date}.",
                      "Made by opzet from {folder} on {date}."),
    "report.alt": ("Figuur: {title}", "Figure: {title}"),
    "report.part": ("{title}: {part}", "{title}: {part}"),
    "report.batch_note": (
        "Deze resultaten komen uit een batch: gemiddelden en verschillen zijn over alle "
        "steekproefpunten en herhalingen samen, gepaard per punt en herhaling.",
        "These results come from a batch: means and differences are over all sample points "
        "and replications together, paired by point and replication."),
    "legend.design": ("Ontwerp", "Design"),
    "label.reference_line": ("geen verschil", "no difference"),
    "axis.difference": ("verschil met {reference}", "difference from {reference}"),
    "axis.families_per_1000": ("gezinnen per 1.000 gezinnen per jaar",
                               "families per 1,000 families per year"),
    "axis.share_families": ("aandeel gezinnen in contact (%)",
                            "share of families in contact (%)"),
    "axis.organisations": ("aantal organisaties", "number of organisations"),
    "axis.professionals": ("meeste hulpverleners tegelijk", "most professionals at once"),
    "axis.days": ("dagen", "days"),
    "axis.share_within": ("aandeel gezinnen binnen deze tijd (%)",
                          "share of families within this time (%)"),
    "axis.year": ("jaar (na de inloopperiode)", "year (after the warm-up)"),
    "axis.waiting": ("gezinnen op de wachtlijst", "families on the waiting list"),
    "axis.months_after": ("maanden na afsluiting", "months after closure"),
    "axis.no_recurrence": ("aandeel zonder nieuwe zorgen (%)", "share without new concerns (%)"),
    "panel.first_contact": ("van eerste zorg tot eerste contact",
                            "from first concern to first contact"),
    "panel.help": ("van eerste contact tot hulp", "from first contact to help"),
    "panel.organisations": ("organisaties per gezin", "organisations per family"),
    "panel.professionals": ("hulpverleners tegelijk", "professionals at once"),
    "journey.table_title": ("Overdrachten per 1.000 gezinnen per jaar",
                            "Handoffs per 1,000 families per year"),
    "journey.move": ("{source} → {target}", "{source} → {target}"),
    "journey.within_row": ("binnen {node}", "within {node}"),
    "journey.total": ("totaal", "total"),
    "journey.closed": ("{n} afgesloten", "{n} closed"),
    "journey.legend_moves": ("gezinnen die verder gaan", "families moving on"),
    "journey.legend_handoffs": ("daarvan overgedragen aan iemand nieuws",
                                "of which passed to someone new"),
    "journey.scale": ("getallen: gezinnen per 1.000 gezinnen per jaar",
                      "numbers: families per 1,000 families per year"),
    "score.requirement": ("Eis", "Requirement"),
    "score.indicator": ("Indicator", "Indicator"),
    "score.not_measured": ("niet gemeten door dit model", "not measured by this model"),
    "score.significant": ("* verschilt van {reference} (95%-interval zonder 0)",
                          "* differs from {reference} (95% interval excludes 0)"),
    "sens.index.ST": ("totale Sobol-index (ST)", "total Sobol index (ST)"),
    "sens.index.S1": ("eerste-orde Sobol-index (S1)", "first-order Sobol index (S1)"),
    "sens.index.mu_star": ("gemiddeld absoluut effect (Morris μ*)",
                           "mean absolute effect (Morris μ*)"),
    "sens.parameters_note": ("Namen van parameters zoals in de gevoeligheidsresultaten.",
                             "Parameter names as in the sensitivity results."),
    "error.no_folder": ("{folder}: geen map met resultaten", "{folder}: no such results folder"),
    "rob.section": ("Robuustheid: welk ontwerp wint, en onder welke aannames",
                    "Robustness: which design wins, and under which assumptions"),
    "rob.intro": (
        "Elk ontwerp is gesimuleerd in {points} punten van de ruimte van wat niemand precies "
        "weet ({parameters} onzekere parameters, waarvan {assumptions} ontwerpaannames, elk "
        "binnen een aannemelijk bereik), in elk punt {reps} keer met dezelfde gezinnen en "
        "dezelfde toevallige gebeurtenissen. In een punt is een ontwerp beter dan {reference} "
        "als het {confidence}-interval van het verschil helemaal aan de betere kant van 0 "
        "ligt (en het verschil groter is dan de marge die ertoe doet), slechter als het "
        "andersom is, en anders even goed: dan is er geen verschil aangetoond. De aandelen "
        "zeggen in welk deel van de ruimte dat geldt, de spijt hoeveel een ontwerp "
        "achterblijft bij het beste ontwerp in dezelfde wereld, en de vakken in welk deel van "
        "de ruimte een conclusie omslaat.",
        "Every design was simulated at {points} points of the space of what nobody knows "
        "well ({parameters} uncertain parameters, {assumptions} of them design assumptions, "
        "each within a plausible range), {reps} times at each point on the same families and "
        "the same chance events. At a point a design is better than {reference} when the "
        "{confidence} interval of its difference lies wholly on the better side of 0 (and the "
        "difference is larger than the margin that matters), worse the other way round, and "
        "as good otherwise: then no difference is shown. The shares say in how much of the "
        "space each holds, the regret how far a design falls behind the best design in the "
        "same world, and the boxes in which part of the space a conclusion flips."),
    "rob.lower_better": ("lager is beter", "lower is better"),
    "rob.higher_better": ("hoger is beter", "higher is better"),
    "rob.legend.better": ("beter dan {reference}", "better than {reference}"),
    "rob.legend.as_good": ("even goed (geen verschil aangetoond)",
                           "as good (no difference shown)"),
    "rob.legend.worse": ("slechter dan {reference}", "worse than {reference}"),
    "rob.share_axis": ("aandeel van de steekproefpunten (%)", "share of the sample points (%)"),
    "rob.regret_axis": ("spijt ({unit})", "regret ({unit})"),
    "rob.max_regret": ("grootste spijt over de punten", "largest regret over the points"),
    "rob.mean_regret": ("gemiddelde spijt", "mean regret"),
    "rob.question.worse": ("{design} slechter dan {reference}: {outcome}",
                           "{design} worse than {reference}: {outcome}"),
    "rob.question.not_better": ("{design} niet beter dan {reference}: {outcome}",
                                "{design} not better than {reference}: {outcome}"),
    "rob.question.better": ("{design} beter dan {reference}: {outcome}",
                            "{design} better than {reference}: {outcome}"),
    "rob.question.not_worse": ("{design} niet slechter dan {reference}: {outcome}",
                               "{design} not worse than {reference}: {outcome}"),
    "rob.coverage": ("dekking (%)", "coverage (%)"),
    "rob.density": ("dichtheid (%)", "density (%)"),
    "rob.res_dim": ("vak met {count} beperkte parameter(s)",
                    "box restricting {count} parameter(s)"),
    "rob.chosen": ("gekozen vak", "box kept"),
    "rob.cart": ("blad van CART (tweede blik)", "CART's leaf (second view)"),
    "rob.threshold": ("drempel voor de dichtheid", "density threshold"),
    "rob.box_stats": ("dekking {coverage}%, dichtheid {density}%",
                      "coverage {coverage}%, density {density}%"),
    "rob.range_axis": ("plaats in het bereik van de parameter (%)",
                       "position in the parameter's range (%)"),
    "rob.whole_range": ("het hele bereik", "the whole range"),
    "rob.prim_box": ("het vak van PRIM", "PRIM's box"),
    "rob.yes": ("punt waar het antwoord ja is", "point where the answer is yes"),
    "rob.no": ("punt waar het antwoord nee is", "point where the answer is no"),
    "rob.parameters_note": ("Namen van parameters zoals in de resultaten (boxes.csv).",
                            "Parameter names as in the results (boxes.csv)."),
}

FIGURE_KEYS = tuple(FIGURES)
"""The report's figures, in the order shown."""


def _table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}

    def put(key: str, nl: str, en: str) -> None:
        table[key] = {"nl": nl, "en": en}

    for design in CATALOGUE:
        put(f"design.{design.name}", design.label["nl"], design.label["en"])
        put(f"design.{design.name}.description", design.description["nl"],
            design.description["en"])
    for name, (nl, en) in _OUTCOMES.items():
        put(f"outcome.{name}", nl, en)
    for group, entries in (("", _UNITS), ("node.", _NODES), ("org.", _ORGANISATIONS),
                           ("part.", _PARTS), ("", _GENERAL), ("decision.", DECISIONS),
                           ("", EXPLORE), ("", FAMILY)):
        for key, (nl, en) in entries.items():
            put(group + key, nl, en)
    for name, (nl, en, nl_help, en_help, choices) in LEVERS.items():
        put(f"lever.{name}", nl, en)
        put(f"lever.{name}.help", nl_help, en_help)
        for choice, (nl_choice, en_choice) in choices.items():
            put(f"lever.{name}.{choice}", nl_choice, en_choice)
    for number, (nl, en, nl_text, en_text) in REQUIREMENTS.items():
        put(f"req.{number}", nl, en)
        put(f"req.{number}.text", nl_text, en_text)
    for name, (nl, en, nl_caption, en_caption) in FIGURES.items():
        put(f"fig.{name}.title", nl, en)
        put(f"fig.{name}.caption", nl_caption, en_caption)
    return table


TEXTS = _table()
"""key -> {"nl": ..., "en": ...}: every text of the report."""


def text(key: str, lang: str, **values: object) -> str:
    """The text of `key` in `lang`, with `{name}` fields filled from `values`."""
    words = TEXTS[key][lang]
    return words.format(**values) if values else words


def known(key: str) -> bool:
    """Whether the table has `key` (designs and organisations from scenario files may not)."""
    return key in TEXTS


def name_of(kind: str, name: str, lang: str) -> str:
    """A design's or organisation's name (kind "design" or "org"); a name the table does
    not know (a design from a scenario file) is shown as given."""
    key = f"{kind}.{name}"
    return text(key, lang) if known(key) else name


def number(value: float, lang: str, decimals: int = 1) -> str:
    """A number as a reader of `lang` writes it: 1.234,5 in Dutch, 1,234.5 in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    written = f"{value:,.{decimals}f}"
    if lang == "nl":
        written = written.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return written
