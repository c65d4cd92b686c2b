"""Each report figure's title and caption, in Dutch and English: name -> (nl title, en title,
nl caption, en caption), in the order the report shows them. sim.report.texts puts them into
its one table; nothing else should read them directly."""

from __future__ import annotations

FIGURES = {
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
