"""The ten requirements a design must serve, in Dutch (the working paper's wording,
chapter 3) and English; sim.report.texts puts them into its one table."""

from __future__ import annotations

REQUIREMENTS = {  # Dutch: the working paper's wording (chapter 3); short title, full text
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
"""Requirement number -> Dutch and English short title and full text."""
