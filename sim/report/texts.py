"""Every word the report shows, in Dutch and English: one table, key -> {"nl", "en"}.

The designs' names and descriptions come from their catalogue (sim.designs).
Plotting and document code never writes a label of its own; it asks `text(key,
lang)`, so a missing translation is one missing key (tests check that both
languages have every key) and a workshop in Dutch sees no English.
"""

from __future__ import annotations

import math

from sim.designs import CATALOGUE

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
}

UNIT_KEYS = {
    "per 1,000 families per year": "unit.per_1000",
    "count": "unit.count",
    "days": "unit.days",
    "family-days per 1,000 families per year": "unit.family_days",
    "families": "unit.families",
    "hours per 1,000 families per year": "unit.hours",
    "share": "unit.share",
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
    "other": ("overige instellingen (geen hefboom of aanname)",
              "other settings (not a lever or assumption)"),
    "rest": ("rest: met alles uitgezet", "rest: with everything off"),
}
"""The parts of a difference (sim.attribution): its scenario path, or total, other, rest."""

_REQUIREMENTS = {  # Dutch: the working paper's wording (chapter 3); short title, full text
    1: ("Zelf verder kunnen", "Able to carry on alone",
        "De opzet maakt zichtbaar dat bescherming van jeugd en gezin stimuleert dat gezinnen "
        "bij hulpvragen of zorgen er (met hun omgeving) zélf uitkomen of dat ze met "
        "professionele gezinsgerichte hulp/steun later weer zelf verder kunnen.",
        "Families, with their network, solve concerns themselves, or can carry on alone after "
        "family-oriented professional help."),
    2: ("Makkelijk bereikbaar advies", "Easy-to-reach advice",
        "De opzet bevat makkelijk bereikbare en niet-bedreigende plekken voor het vragen om "
        "advies, informatie en ondersteuning voor hen die vragen hebben of zich zorgen maken én "
        "voor hen waarover die vragen of zorgen bestaan.",
        "Easy-to-reach, non-threatening places to ask for advice, for those who worry and for "
        "the families worried about."),
    3: ("Helder wie wat doet", "Clear who does what",
        "Helder is wie met welke bevoegdheden informatie verzamelt, waar het gesprek "
        "plaatsvindt om er betekenis aan te geven, waar het onafhankelijk is te toetsen en waar "
        "beslissingen worden genomen.",
        "Clear who collects which information with what powers, where it is discussed, where "
        "an independent check can be asked, and where decisions are made."),
    4: ("Helder bij onenigheid", "Clear when people disagree",
        "Helder is wat er gebeurt als de jeugdige of ouders aan de ene kant en professionals aan "
        "de andere kant het oneens zijn over wat er aan de hand is of wat er nodig is.",
        "Clear what happens when children or parents and professionals disagree about what is "
        "going on or what is needed."),
    5: ("Overzichtelijk en effectief", "Easy to oversee and effective",
        "De opzet is overzichtelijk. Het is goed te snappen dat het zo effectief bijdraagt aan "
        "het doel van de bescherming van jeugdigen.",
        "The design is easy to oversee, and it is easy to see that it works."),
    6: ("Gezinsgericht", "Family-oriented",
        "De opzet is gezinsgericht: het is gemakkelijk om hulp en steun in te schakelen die "
        "nodig is, ook voor ouders en opvoeders.",
        "Family-oriented: help for parents and carers is easy to bring in."),
    7: ("Nodigt uit tot samenwerking", "Invites cooperation",
        "De opzet nodigt uit tot samenwerking: helder is waar je informatie krijgt en waar je "
        "kunt zeggen wat je vindt, dat samen beslissen centraal staat en dat het aantal "
        "betrokken personen overzichtelijk blijft.",
        "Invites cooperation: one clear place for information, room to speak, shared "
        "decisions, few people to deal with."),
    8: ("Rechten en onafhankelijkheid", "Rights and independence",
        "Helder is hoe de rechten van jeugdigen en ouders in de opzet zijn vertaald, "
        "beschermingsmaatregelen onafhankelijk tot stand komen en jeugdigen en ouders "
        "onafhankelijke ondersteuning kunnen krijgen.",
        "Rights are visible; protection measures come about independently; children and "
        "parents can get independent support."),
    9: ("Open over kwaliteit", "Open about quality",
        "De opzet laat zien dat professionele bescherming van jeugd en gezin open is over de "
        "kwaliteit van het werk.",
        "Professional protection is open about the quality of its work."),
    10: ("Lerend verbeteren", "Learns and improves",
         "Ook laat het zien hoe zij die kwaliteit al lerend steeds verder probeert te verbeteren "
         "en welke leerplaatsen daarvoor zijn ingericht.",
         "It shows how it keeps improving by learning, and where learning is organised."),
}

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

_FIGURES = {
    "outcomes": (
        "Uitkomsten per ontwerp", "Outcomes per design",
        "Elke stip is het gemiddelde van een ontwerp over alle herhalingen en de streep het "
        "95%-betrouwbaarheidsinterval: kijk of de stippen van de ontwerpen duidelijk uit elkaar "
        "liggen.",
        "Each dot is a design's mean over all replications and the bar its 95% confidence "
        "interval: look whether the designs' dots lie clearly apart."),
    "differences": (
        "Verschil met het huidige ontwerp", "Difference from the current design",
        "Per uitkomst het verschil met {reference}, gemeten op dezelfde gezinnen, met "
        "95%-interval: een streep die de stippellijn bij 0 niet raakt, is een verschil dat niet "
        "op toeval berust.",
        "Per outcome the difference from {reference}, measured on the same families, with its "
        "95% interval: a bar that does not touch the dotted line at 0 is a difference that is "
        "not chance."),
    "attribution": (
        "Waarom een ontwerp verschilt", "Why a design differs",
        "Per uitkomst het verschil met {reference} (onderste balk), opgesplitst in wat elk "
        "mechanisme, elke ontwerpaanname en elke hefboom bijdraagt (Shapley-waarden, "
        "gemiddeld over de herhalingen, met 95%-interval). De balken lopen als een waterval "
        "van 0 naar het totaal: de delen en de rest, het verschil dat overblijft als alles is "
        "uitgezet, tellen op tot het totale verschil.",
        "Per outcome the difference from {reference} (bottom bar), split into what each "
        "mechanism, design assumption and lever contributes (Shapley values, averaged over "
        "the replications, with 95% interval). The bars run like a waterfall from 0 to the "
        "total: the parts and the rest, the difference left with everything switched off, "
        "add up to the total difference."),
    "journey": (
        "De weg van een gezin door de kerntaken", "A family's journey through the core tasks",
        "De dikte van een pijl is het aantal gezinnen dat van de ene kerntaak naar de volgende "
        "gaat en het rode deel is het aantal dat daarbij aan een nieuwe organisatie of "
        "hulpverlener wordt overgedragen: kijk hoeveel rood elk ontwerp heeft.",
        "The width of an arrow is the number of families moving from one core task to the next "
        "and its red part the number passed to a new organisation or professional on the way: "
        "look how much red each design has."),
    "family": (
        "Eén gezin, twee ontwerpen", "One family, two designs",
        "Hetzelfde gezin, met dezelfde kinderen, zorgen en toevallige gebeurtenissen, stap voor "
        "stap in {reference} (links) en in een ander ontwerp (rechts): wie het ontmoette, "
        "wanneer, wat er besloten werd, hoe lang het wachtte en waar het eindigde. Een pijl "
        "en vette letters: een organisatie die het gezin nog niet kende. Onder elke kolom wat "
        "de simulatie telde; organisaties zijn wie verantwoordelijk was voor het gezin of bij "
        "het plan aansloot, dus een team dat het gezin vanaf het loket vasthoudt, is er één. "
        "Een voorbeeld, geen gemiddelde.",
        "The same family, with the same children, concerns and chance events, step by step in "
        "{reference} (left) and in another design (right): whom it met, when, what was "
        "decided, how long it waited and where it ended. An arrow and bold letters: an "
        "organisation the family had not met before. Under each column what the run counted; "
        "organisations are those responsible for the family or joining its plan, so a team "
        "that holds the family from the access point on is one. An example, not an average."),
    "contacts": (
        "Met hoeveel organisaties en hulpverleners een gezin te maken krijgt",
        "How many organisations and professionals a family deals with",
        "Het aandeel gezinnen in contact per aantal organisaties (links) en per aantal "
        "hulpverleners tegelijk (rechts): hoe meer de balken links staan, hoe minder mensen een "
        "gezin ziet.",
        "The share of families in contact by number of organisations (left) and of "
        "professionals at once (right): the further left the bars, the fewer people a family "
        "meets."),
    "times": (
        "Tijd tot eerste contact en tot hulp", "Time to first contact and to help",
        "Het aandeel gezinnen dat binnen zoveel dagen een eerste contact (links) of hulp "
        "(rechts) had: hoe eerder en hoger een lijn stijgt, hoe sneller gezinnen geholpen "
        "worden.",
        "The share of families that had a first contact (left) or help (right) within so many "
        "days: the earlier and higher a line rises, the sooner families are helped."),
    "waiting": (
        "Wachtlijsten door de tijd", "Waiting lists over time",
        "Het aantal gezinnen op de wachtlijst van elke organisatie aan het eind van elke week: "
        "kijk waar de lijnen hoog liggen of blijven stijgen.",
        "Families on each organisation's waiting list at the end of every week: look where the "
        "lines lie high or keep rising."),
    "lasting": (
        "Blijvende vermindering van zorgen", "Lasting reduction of concerns",
        "Van de gezinnen die werden afgesloten met zorgen die 'goed genoeg' waren, het aandeel "
        "zonder nieuwe zorgen per maand na afsluiting (met 95%-band): hoe hoger de lijn blijft, "
        "hoe blijvender het resultaat.",
        "Of the families closed with concerns 'good enough', the share without new concerns "
        "month by month after closure (with 95% band): the higher the line stays, the more "
        "lasting the result."),
    "scorecard": (
        "De tien eisen: wat het model meet", "The ten requirements: what the model measures",
        "Per eis uit het werkdocument de gemeten indicatoren per ontwerp; waar het model niets "
        "meet, staat dat er: lees per rij welk ontwerp het best scoort.",
        "Per requirement of the working paper the measured indicators per design; where the "
        "model measures nothing it says so: read each row for the design that does best."),
    "sensitivity": (
        "Gevoeligheid voor onzekere aannames", "Sensitivity to uncertain assumptions",
        "Hoe sterk elke onzekere aanname een uitkomst beïnvloedt, met 95%-interval: hoe langer "
        "de balk, hoe meer de conclusie van die aanname afhangt.",
        "How strongly each uncertain assumption moves an outcome, with 95% interval: the longer "
        "the bar, the more the conclusion depends on that assumption."),
    "robustness": (
        "Waar een ontwerp beter is dan het huidige", "Where a design beats the current one",
        "Per uitkomst en ontwerp het aandeel van de steekproefpunten waar het ontwerp beter is "
        "dan {reference} (groen), even goed (grijs) of slechter (rood), met het 95%-interval "
        "van het aandeel beter en van het aandeel slechter: hoe meer groen en hoe minder rood, "
        "hoe beter de conclusie standhoudt, wat de onzekere aannames ook blijken te zijn.",
        "Per outcome and design the share of the sample points where the design is better "
        "than {reference} (green), as good (grey) or worse (red), with the 95% interval of the "
        "share better and of the share worse: the more green and the less red, the better the "
        "conclusion holds, whatever the uncertain assumptions turn out to be."),
    "regret": (
        "Wat een keuze kan kosten: spijt", "What a choice can cost: regret",
        "Per uitkomst hoeveel elk ontwerp achterblijft bij het beste ontwerp in dezelfde "
        "wereld: de balk is de grootste spijt over alle steekproefpunten, de stip de "
        "gemiddelde. De ontwerpen staan op volgorde van hun grootste spijt (minimax-spijt): "
        "bovenaan het ontwerp dat in zijn slechtste wereld het minst verliest.",
        "Per outcome how far each design falls behind the best design in the same world: the "
        "bar is the largest regret over all sample points, the dot the mean. The designs are "
        "in the order of their largest regret (minimax regret): at the top the design that "
        "loses least in its worst world."),
    "tradeoff": (
        "Wanneer een conclusie omslaat: dekking tegen dichtheid",
        "When a conclusion flips: coverage against density",
        "Per vraag de stappen van PRIM; elke stip is een vak van parameterbereiken. Dekking is "
        "het aandeel van alle punten met antwoord ja dat in het vak valt, dichtheid het "
        "aandeel ja in het vak. Omcirkeld het gekozen vak: van de vakken boven de stippellijn "
        "het beste evenwicht tussen beide; het kruis is het blad van CART.",
        "Per question the steps of PRIM; each dot is a box of parameter ranges. Coverage is "
        "the share of all points answering yes that lie in the box, density the share of yes "
        "in the box. Ringed the box kept: of the boxes above the dashed line the best balance "
        "of the two; the cross is CART's leaf."),
    "box": (
        "Het gekozen vak: onder welke omstandigheden", "The box kept: under which conditions",
        "Per vraag de parameters die het gekozen vak beperkt, als deel van hun bereik (grijs "
        "het hele bereik, rood het vak, de zwarte lijn het blad van CART), met de grenzen in "
        "hun eigen eenheid: in dit deel van de ruimte is het antwoord op de vraag meestal ja.",
        "Per question the parameters the box kept restricts, as part of their range (grey "
        "the whole range, red the box, the black line CART's leaf), with the limits in their "
        "own unit: in this part of the space the answer to the question is mostly yes."),
    "pairs": (
        "De punten in en rond het vak", "The points in and around the box",
        "Per vraag de steekproefpunten tegen de belangrijkste beperkte parameters van het vak, "
        "twee aan twee (bij één beperkte parameter: die tegen het verschil met {reference}): "
        "rood de punten met antwoord ja, open de andere, de rechthoek het vak.",
        "Per question the sample points against the box's most important restricted "
        "parameters, two by two (with one restricted parameter: that one against the "
        "difference from {reference}): red the points answering yes, open the others, the "
        "rectangle the box."),
}
_DECISIONS = {
    "first_contact": ("eerste contact", "first contact"),
    "advice_only": ("alleen advies", "advice only"),
    "voluntary_help": ("vrijwillige hulp", "voluntary help"),
    "investigate": ("onderzoek gestart", "investigation started"),
    "not_confirmed": ("zorgen niet bevestigd", "concerns not confirmed"),
    "help_refused": ("hulp geweigerd", "help refused"),
    "followup": ("vervolgonderzoek", "follow-up investigation"),
    "conference_agreement": ("afspraken in een familienetwerkberaad",
                             "agreement at a family-network conference"),
    "review": ("toetsing voor de rechter", "review before court"),
    "court_request": ("verzoek aan de rechter", "court request"),
    "request_withdrawn": ("verzoek ingetrokken", "request withdrawn"),
    "order_supervision": ("ondertoezichtstelling", "supervision order"),
    "order_placement": ("uithuisplaatsing door de rechter", "placement ordered by the court"),
    "order_other": ("andere maatregel", "another measure"),
    "order_rejected": ("verzoek afgewezen", "request rejected"),
    "order_extended": ("maatregel verlengd", "order extended"),
    "order_ended": ("maatregel beëindigd", "order ended"),
    "closed_good_enough": ("afgesloten, zorgen goed genoeg", "closed, concerns good enough"),
    "closed_max_duration": ("afgesloten na de langste duur", "closed at the longest duration"),
    "dropout_closed": ("afgehaakt en afgesloten", "dropped out and closed"),
    "escalated": ("afgehaakt, door naar vervolgonderzoek",
                  "dropped out, on to a follow-up investigation"),
    "emergency_action": ("spoedingreep", "emergency action"),
    "emergency_placement": ("spoeduithuisplaatsing", "emergency placement"),
    "handoff_turnover": ("nieuwe hulpverlener door verloop", "new professional (staff turnover)"),
    "long_term_placement": ("blijvend uit huis geplaatst", "placed for the long term"),
    "reported": ("melding", "report"),
    "asked_advice": ("advies gevraagd", "advice asked"),
}
"""The decisions in a family's record (sim.records.DECISIONS)."""

_LEVERS = {  # label, one sentence, and the words of each choice
    "model": ("Wie houdt de zaak vast", "Who holds the case",
              "Bij de estafette neemt elke organisatie het gezin op haar beurt over; bij het "
              "team blijft één regionaal team bij het gezin en sluiten specialisten aan.",
              "In the relay each organisation takes the family over in turn; in the team one "
              "regional team stays with the family and specialists join it.",
              {"relay": ("estafette van organisaties", "relay of organisations"),
               "team": ("één team blijft bij het gezin", "one team stays with the family")}),
    "review": ("Toetsing voor de rechter", "Review before court",
               "Wie een verzoek aan de rechter nakijkt voordat het wordt ingediend.",
               "Who checks a court request before it is filed.",
               {"none": ("geen", "none"),
                "four_eyes": ("een collega kijkt mee (vier ogen)",
                              "a colleague checks (four eyes)"),
                "independent": ("een onafhankelijke deskundige", "an independent expert")}),
    "client_support": ("Cliëntondersteuning", "Client support",
                       "Onafhankelijke ondersteuning voor ouders en kinderen bij gedwongen "
                       "stappen.",
                       "Independent support for parents and children in compulsory steps.",
                       {"on": ("ja", "yes"), "off": ("nee", "no")}),
    "family_oriented": ("Gezinsgerichte hulp", "Family-oriented help",
                        "Waar de eigen problemen van de ouders (schulden, verslaving, "
                        "psychische problemen) worden aangepakt.",
                        "Where the parents' own problems (debts, addiction, mental health) are "
                        "handled.",
                        {"referral": ("aparte verwijzing, met eigen wachttijd",
                                      "separate referral, with its own wait"),
                         "inside": ("binnen het plan", "inside the plan")}),
    "family_centre": ("Laagdrempelig gezinscentrum", "Low-threshold family centre",
                      "Een onafhankelijk, makkelijk bereikbaar gezinscentrum waar iedereen om "
                      "advies kan vragen.",
                      "An independent, easy-to-reach family centre where anyone can ask for "
                      "advice.",
                      {"on": ("ja", "yes"), "off": ("nee", "no")}),
    "conference_intensity": ("Aandeel familienetwerkberaden",
                             "Share of family-network conferences",
                             "Deel van de vervolgonderzoeken waarin familie en netwerk samen "
                             "een plan maken.",
                             "Share of follow-up investigations in which family and network "
                             "make a plan together.", {}),
    "prevention_intensity": ("Preventie en wijkwerk", "Prevention and community work",
                             "Inzet op preventie en wijkwerk, van 0 (niets) tot 1 (het meest).",
                             "Effort on prevention and community work, from 0 (none) to 1 "
                             "(the most).", {}),
    "capacity_factor": ("Personeel van alle organisaties", "Staff of every organisation",
                        "Vermenigvuldigt het personeel van elke organisatie en elk "
                        "toegangspunt: 1 is zoals nu.",
                        "Multiplies the staff of every organisation and access point: 1 is as "
                        "today.", {}),
}
"""The levers of a design as `opzet explore` shows them (sim.explore.levers)."""

_EXPLORE = {
    "explore.title": ("Ontwerpen verkennen", "Explore designs"),
    "explore.intro": (
        "Kies een ontwerp om mee te beginnen, verander de hefbomen en vergelijk het met een "
        "ander ontwerp op dezelfde gezinnen en dezelfde toevallige gebeurtenissen.",
        "Choose a design to start from, change its levers and compare it with another design "
        "on the same families and the same chance events."),
    "explore.language": ("Taal", "Language"),
    "explore.design": ("Ontwerp", "Design"),
    "explore.start_from": ("Begin bij", "Start from"),
    "explore.reference": ("Vergelijk met", "Compare with"),
    "explore.levers": ("Hefbomen", "Levers"),
    "explore.size": ("Omvang", "Size"),
    "explore.size.quick": ("snel: {families} gezinnen, {years} jaar, {reps} herhalingen",
                           "quick: {families} families, {years} years, {reps} replications"),
    "explore.size.default": ("standaard: {families} gezinnen, {years} jaar, {reps} herhalingen",
                             "default: {families} families, {years} years, {reps} "
                             "replications"),
    "explore.size.precise": ("nauwkeurig: {families} gezinnen, {years} jaar, {reps} "
                             "herhalingen",
                             "precise: {families} families, {years} years, {reps} "
                             "replications"),
    "explore.seed": ("Startgetal van het toeval", "Random seed"),
    "explore.run": ("Starten", "Run"),
    "explore.stop": ("Stoppen", "Stop"),
    "explore.progress": ("{done} van {total} simulaties klaar", "{done} of {total} runs done"),
    "explore.starting": ("Bezig met starten…", "Starting…"),
    "explore.stopping": ("Bezig met stoppen…", "Stopping…"),
    "explore.stopped": ("Gestopt; er is niets toegevoegd.", "Stopped; nothing was added."),
    "explore.drawing": ("De figuren worden getekend…", "Drawing the figures…"),
    "explore.failed": ("De vergelijking is niet gelukt.", "The comparison did not succeed."),
    "explore.busy": ("Er loopt al een vergelijking; wacht tot die klaar is of stop hem.",
                     "A comparison is running; wait for it to finish or stop it."),
    "explore.same_design": ("Het ontwerp is gelijk aan {reference}: verander minstens één "
                            "hefboom.",
                            "The design equals {reference}: change at least one lever."),
    "explore.bad_seed": ("Het startgetal moet een heel getal van 0 of meer zijn.",
                         "The seed must be a whole number of 0 or more."),
    "explore.bad_lever": ("{lever}: kies een waarde tussen {low} en {high}.",
                          "{lever}: choose a value between {low} and {high}."),
    "explore.results": ("Resultaten", "Results"),
    "explore.no_results": ("Nog geen resultaten: kies een ontwerp en druk op Starten, of open "
                           "een map.",
                           "No results yet: choose a design and press Run, or open a folder."),
    "explore.result": ("{number}. {design} vergeleken met {reference}",
                       "{number}. {design} compared with {reference}"),
    "explore.result_folder": ("{number}. {kind} uit {folder}", "{number}. {kind} from {folder}"),
    "explore.kind.compare": ("vergelijking", "comparison"),
    "explore.kind.batch": ("batch", "batch"),
    "explore.kind.sensitivity": ("gevoeligheidsanalyse", "sensitivity analysis"),
    "explore.kind.robustness": ("robuustheidsanalyse", "robustness analysis"),
    "explore.result_size": ("{designs} ontwerpen, {families} gezinnen, {years} jaar, {reps} "
                            "herhalingen",
                            "{designs} designs, {families} families, {years} years, {reps} "
                            "replications"),
    "explore.seconds": ("klaar in {seconds} seconden", "done in {seconds} seconds"),
    "explore.table": ("Uitkomsten", "Outcomes"),
    "explore.outcome": ("Uitkomst", "Outcome"),
    "explore.difference": ("verschil met {reference} [95%-interval]",
                           "difference from {reference} [95% interval]"),
    "explore.side_by_side": ("Alle resultaten naast elkaar: verschil met de vergelijkingsbasis "
                             "[95%-interval]",
                             "All results side by side: difference from the reference [95% "
                             "interval]"),
    "explore.show": ("Bekijken", "Show"),
    "explore.figures": ("Figuren", "Figures"),
    "explore.figure_none": ("Deze resultaten bevatten geen gegevens voor deze figuur.",
                            "These results hold no data for this figure."),
    "explore.hover": ("Wijs een punt of balk aan om de waarde en het interval te zien.",
                      "Point at a dot or bar to see its value and interval."),
    "explore.save": ("Opslaan als map", "Save as a folder"),
    "explore.save_folder": ("nieuwe map, bijvoorbeeld results/werksessie",
                            "new folder, e.g. results/workshop"),
    "explore.saved": ("Opgeslagen in {folder}.", "Saved in {folder}."),
    "explore.save_refused": ("Daar kan niet worden opgeslagen: {folder}. Kies een nieuwe of lege "
                             "map.",
                             "Cannot save there: {folder}. Choose a new or empty folder."),
    "explore.open": ("Map met resultaten openen", "Open a results folder"),
    "explore.open_button": ("Openen", "Open"),
    "explore.open_folder": ("map, bijvoorbeeld results/compare", "folder, e.g. results/compare"),
    "explore.unreadable": ("Deze map kan niet worden geopend: {folder}. {reason}",
                           "This folder cannot be opened: {folder}. {reason}"),
    "explore.reason.missing": ("Die map bestaat niet.", "That folder does not exist."),
    "explore.reason.no_manifest": (
        "Er staat geen manifest.json in, dus geen resultaten van opzet.",
        "It holds no manifest.json, so no results of opzet."),
    "explore.reason.other": (
        "Het zijn geen resultaten van een vergelijking, batch, gevoeligheids- of "
        "robuustheidsanalyse, of een bestand erin is beschadigd.",
        "It holds no results of a comparison, batch, sensitivity or robustness analysis, or "
        "a file in it is damaged."),
    "explore.family": ("Eén gezin, twee ontwerpen", "One family, two designs"),
    "explore.family_intro": (
        "Volg hetzelfde gezin door twee ontwerpen: dezelfde kinderen, dezelfde zorgen, "
        "dezelfde eerste stap.",
        "Follow the same family through two designs: the same children, the same concerns, "
        "the same first step."),
    "explore.family_left": ("Links", "Left"),
    "explore.family_right": ("Rechts", "Right"),
    "explore.family_which": ("Welk gezin", "Which family"),
    "explore.filter.different": ("een gezin dat verschillende wegen ging",
                                 "a family whose paths differ"),
    "explore.filter.any": ("een gezin in contact, willekeurig gekozen",
                           "a family in contact, chosen at random"),
    "explore.filter.court_order": ("kreeg een kinderbeschermingsmaatregel (links)",
                                   "had a court order (left)"),
    "explore.filter.placement": ("werd uit huis geplaatst (links)",
                                 "was placed out of home (left)"),
    "explore.filter.more_handoffs": ("had links meer overdrachten dan rechts",
                                     "had more handoffs on the left than on the right"),
    "explore.family_another": ("Ander gezin", "Another family"),
    "explore.family_none": ("Geen gezin in deze resultaten past bij deze keuze.",
                            "No family in these results fits this choice."),
    "explore.family_no_record": (
        "Deze resultaten bevatten de stappen per gezin niet (ze zijn met een oudere versie "
        "gemaakt).",
        "These results do not hold the steps per family (made with an older version)."),
    "explore.family_same": ("Zelfde eerste stap in beide ontwerpen: {step}.",
                            "The same first step in both designs: {step}."),
    "explore.offline": ("Alles op deze pagina komt van deze computer; er is geen internet "
                        "nodig.",
                        "Everything on this page comes from this computer; no internet is "
                        "needed."),
}
"""Every word of the page of `opzet explore` (sim.explore)."""

_FAMILY = {
    "family.header": ("Gezin {family} · eerste stap in week {week}",
                      "Family {family} · first step in week {week}"),
    "family.day": ("dag {day}", "day {day}"),
    "family.step": ("{organisation}: {decision}", "{organisation}: {decision}"),
    "family.more": ("… en nog {n} stappen", "… and {n} more steps"),
    "family.handoffs": ("overdrachten: {n}", "handoffs: {n}"),
    "family.organisations": ("organisaties: {n}", "organisations: {n}"),
    "family.first_contact": ("dagen van eerste zorg tot eerste contact: {days}",
                             "days from first concern to first contact: {days}"),
    "family.help": ("dagen van eerste contact tot hulp: {days}",
                    "days from first contact to help: {days}"),
    "family.waited": ("dagen op wachtlijsten: {days}", "days on waiting lists: {days}"),
    "family.none": ("geen", "none"),
    "family.last": ("laatste stap: {decision}", "last step: {decision}"),
    "family.end": ("eerste afsluiting: {end}", "first closure: {end}"),
    "family.end.open": ("nog niet afgesloten", "not closed yet"),
    "family.end.not_good": ("zorgen niet goed genoeg", "concerns not good enough"),
    "family.end.good": ("zorgen goed genoeg, niet teruggekomen",
                        "concerns good enough, not back"),
    "family.end.recurred": ("zorgen goed genoeg, na {months} maanden terug",
                            "concerns good enough, back after {months} months"),
    "family.tip": ("week {week}, dag {day}: {organisation}, {decision}",
                   "week {week}, day {day}: {organisation}, {decision}"),
    "family.tip_concern": ("; ingeschatte zorg {concern} (0 geen, 1 uiterst)",
                           "; perceived concern {concern} (0 none, 1 extreme)"),
    "hover.interval": ("{name}: {value}{unit} (95%-interval {low} tot {high})",
                       "{name}: {value}{unit} (95% interval {low} to {high})"),
    "hover.value": ("{name}: {value}{unit}", "{name}: {value}{unit}"),
    "hover.difference": ("{design} min {reference}", "{design} minus {reference}"),
    "hover.share": ("{design}, {count}: {share}% van de gezinnen",
                    "{design}, {count}: {share}% of families"),
    "hover.lasting": ("{design}: {share}% zonder nieuwe zorgen na {months} maanden "
                      "(95%-band {low} tot {high})",
                      "{design}: {share}% without new concerns after {months} months "
                      "(95% band {low} to {high})"),
    "design.own": ("Eigen ontwerp", "Own design"),
}
"""The figure that follows one family, what hovering a figure shows, and the design a
page's user made."""

FIGURE_KEYS = tuple(_FIGURES)
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
                           ("part.", _PARTS), ("", _GENERAL), ("decision.", _DECISIONS),
                           ("", _EXPLORE), ("", _FAMILY)):
        for key, (nl, en) in entries.items():
            put(group + key, nl, en)
    for name, (nl, en, nl_help, en_help, choices) in _LEVERS.items():
        put(f"lever.{name}", nl, en)
        put(f"lever.{name}.help", nl_help, en_help)
        for choice, (nl_choice, en_choice) in choices.items():
            put(f"lever.{name}.{choice}", nl_choice, en_choice)
    for number, (nl, en, nl_text, en_text) in _REQUIREMENTS.items():
        put(f"req.{number}", nl, en)
        put(f"req.{number}.text", nl_text, en_text)
    for name, (nl, en, nl_caption, en_caption) in _FIGURES.items():
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
