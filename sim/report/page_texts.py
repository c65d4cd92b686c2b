"""The words of one family's path and of the `opzet explore` page, in Dutch and English:
decisions, levers as controls, the page's own texts and the figure that follows one family.
sim.report.texts puts them into its one table; nothing else should read them directly."""

from __future__ import annotations

DECISIONS = {
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
    "aftercare_return": ("vanuit nazorg terug naar hulp", "back to help from aftercare"),
}
"""The decisions in a family's record (sim.records.DECISIONS)."""

LEVERS = {  # label, one sentence, and the words of each choice
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
    "aftercare_weeks": ("Nazorg na afsluiting (weken)", "Aftercare after closure (weeks)",
                        "Weken van licht contact na het afsluiten van hulp: het gezin blijft "
                        "bekend bij zijn hulpverlener en komt bij een eerste teken zelf terug; "
                        "0 is zoals nu.",
                        "Weeks of light contact after help ends: the family stays known to its "
                        "professional and comes back itself at a first sign; 0 is as today.",
                        {}),
}
"""The levers of a design as `opzet explore` shows them (sim.explore.levers)."""

EXPLORE = {
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

FAMILY = {
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
