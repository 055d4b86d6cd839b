"""The model that ships: two axes, four quadrants, and a workshop's worth of cards.

This is the one place that knows the default axis model. Sessions copy it on
creation and may then edit their own labels; the texts are session data in
Dutch (the language of the room), not interface strings.
"""

AXES = {
    "x_from": "Hulpverlening",
    "x_to": "Activering",
    "y_from": "Individueel",
    "y_to": "Collectief",
}

# Keyed by screen position: x grows to the right, y grows upwards.
QUADRANTS = {
    "quadrant_bottom_left": "Individuele hulpverlening",
    "quadrant_bottom_right": "Individuele activering",
    "quadrant_top_left": "Collectieve hulpverlening",
    "quadrant_top_right": "Collectieve activering",
}

# (title, description). The first four are the quadrant examples of the model.
CARDS = [
    (
        "Creatief therapeut",
        "Een creatief therapeut helpt iemand woorden te vinden voor wie hij is, "
        "het verleden onder ogen te zien en aan een toekomst te bouwen.",
    ),
    (
        "Kunstenaar in lesverband",
        "In een reeks lessen ontdekt een deelnemer samen met een kunstenaar "
        "eigen talenten en gaat zich beter voelen over zichzelf.",
    ),
    (
        "Werken aan zelfbeeld",
        "Kunstenaars en sociaal werkers werken samen met een groep aan een thema "
        "als een goed zelfbeeld.",
    ),
    (
        "Buurtvoorstelling",
        "Bewoners uit verschillende delen van de wijk maken samen een voorstelling, "
        "ontwikkelen hun talent en leren elkaar begrijpen.",
    ),
    (
        "Muziekmaatje",
        "Een muzikant bezoekt elke week een oudere die alleen woont en maakt samen muziek.",
    ),
    (
        "Fotoproject jongeren",
        "Jongeren fotograferen hun eigen straat en exposeren in het buurthuis; "
        "buurtbewoners komen kijken en praten mee.",
    ),
    (
        "Schildercafé in de bibliotheek",
        "Elke week schilderen mensen met en zonder hulpvraag samen aan lange tafels "
        "in de bibliotheek.",
    ),
    (
        "Koor voor mantelzorgers",
        "Mantelzorgers zingen samen om op adem te komen en elkaar te steunen.",
    ),
    (
        "Muurschildering met de buurt",
        "Een kunstenaar ontwerpt met bewoners een muurschildering voor een plek "
        "die zij zelf willen opknappen.",
    ),
    (
        "Theater over geldzorgen",
        "Spelers brengen scènes over geldzorgen; na afloop praten bezoekers met "
        "schuldhulpverleners en ervaringsdeskundigen.",
    ),
    (
        "Dansles voor nieuwkomers",
        "Statushouders volgen les bij de dansschool in de wijk en maken zo contact "
        "met buurtgenoten.",
    ),
    (
        "Verhalenwandeling",
        "Oudere bewoners vertellen verhalen over de wijk; een schrijver maakt er "
        "samen met hen een wandelroute van.",
    ),
]

# The three layers of the sociale basis and the working attitude, for the handout.
SOCIAL_BASE_LAYERS = [
    ("Persoonlijk", "Wat iemand zelf nodig heeft om het eigen leven vorm te geven."),
    ("Gemeenschappelijk", "De netwerken waar je anderen ontmoet, zoals een club of vereniging."),
    ("Institutioneel", "Professionals, gebouwen en voorzieningen, zoals de bibliotheek."),
]
PERSPECTIVE_MATTERS = "Perspective matters: begin bij kansen en mogelijkheden, niet bij problemen."
