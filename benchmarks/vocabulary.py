"""Words for synthetic pilots: place names, and texts in Nynorsk and Bokmål.

Every text here is written in one written standard only, so the generated pilots pass the
validator's written-standard check (``data/written_standard.yaml``). Placeholders:
``{place}`` (a municipality), ``{partner}`` (an agency), ``{year}`` and ``{end}`` (years).
"""

from __future__ import annotations

from dataclasses import dataclass

#: County → municipalities (name, municipality number) used to build pilots.
COUNTIES: dict[str, tuple[tuple[str, str], ...]] = {
    "Telemark": (
        ("Drangedal", "4016"),
        ("Nome", "4018"),
        ("Seljord", "4022"),
        ("Hjartdal", "4024"),
        ("Tinn", "4026"),
        ("Kviteseid", "4028"),
        ("Nissedal", "4030"),
        ("Fyresdal", "4032"),
        ("Tokke", "4034"),
        ("Vinje", "4036"),
    ),
    "Innlandet": (
        ("Dovre", "3431"),
        ("Lesja", "3432"),
        ("Skjåk", "3433"),
        ("Lom", "3434"),
        ("Vågå", "3435"),
        ("Nord-Fron", "3436"),
        ("Sel", "3437"),
        ("Sør-Fron", "3438"),
        ("Ringebu", "3439"),
    ),
    "Finnmark": (
        ("Loppa", "5614"),
        ("Hasvik", "5616"),
        ("Måsøy", "5618"),
        ("Lebesby", "5624"),
        ("Gamvik", "5626"),
        ("Berlevåg", "5630"),
        ("Båtsfjord", "5632"),
        ("Vardø", "5634"),
        ("Nesseby", "5636"),
    ),
}

#: Agencies that take part as partners (id, name).
AGENCIES: tuple[tuple[str, str], ...] = (
    ("husbanken", "Husbanken"),
    ("distriktssenteret", "Distriktssenteret"),
    ("innovasjon-norge", "Innovasjon Norge"),
    ("nav", "NAV"),
)

FIRST_NAMES = ("Kari", "Ola", "Ingrid", "Lars", "Sigrid", "Nils", "Astrid", "Eirik", "Marit")
LAST_NAMES = ("Nordmann", "Haugen", "Bakken", "Lie", "Moen", "Dahl", "Berg", "Vik", "Strand")


@dataclass(frozen=True)
class SubGoalText:
    title: str
    text: str
    measure_titles: tuple[str, ...]
    sentences: tuple[str, ...]
    """First sentence of a measure's description."""


@dataclass(frozen=True)
class Vocabulary:
    """Every text of one written standard."""

    municipality: str
    """The word after a municipality's name: «Fyresdal kommune»."""
    sub_goals: tuple[SubGoalText, SubGoalText, SubGoalText]
    follow_up: tuple[str, ...]
    """Further sentences of a measure's description."""
    assessment: str
    started: str
    """Change reason the year a planned measure starts."""
    chapters: tuple[tuple[str, str, str], ...]
    """(kind, title, text) of the agreement's chapters."""
    goal_status: str
    overall: str
    activities: tuple[str, ...]
    contributors: tuple[str, ...]
    grant_note: str
    carry_note: str
    owner: str
    leader_title: str
    chief_executive: str


NYNORSK = Vocabulary(
    municipality="kommune",
    sub_goals=(
        SubGoalText(
            "Fleire eigna bustader",
            "Partane skal arbeide for at det blir bygd og teke i bruk fleire bustader som"
            " passar for unge, eldre og tilflyttarar.",
            (
                "Kartlegging av bustadbehovet",
                "Utleigebustader for unge",
                "Rettleiing for private utbyggjarar",
                "Sentrumsnære bustadtomter",
                "Felles bustadstrategi",
                "Risikoavlasting ved bustadbygging",
                "Istandsetjing av tomme hus",
                "Startlån og bustadtilskot i praksis",
                "Leige før eige",
                "Bustader for eldre som vil flytte sentralt",
            ),
            (
                "Tiltaket skal gi eit betre kunnskapsgrunnlag om kva slags bustader som"
                " manglar i {place}.",
                "Kommunen vil gå i dialog med private utbyggjarar for å få fram fleire"
                " utleigebustader.",
                "Det skal greiast ut korleis kommunane kan dele risikoen ved bygging av nye"
                " bustader.",
                "Tomme hus og kårbustader i {place} skal kartleggjast, og eigarane skal få"
                " tilbod om rettleiing.",
                "Arbeidet byggjer på erfaringane frå bustadprogrammet til {partner}.",
            ),
        ),
        SubGoalText(
            "Fleire arbeidsplassar i privat sektor",
            "Partane skal leggje til rette for nyetableringar og vekst i verksemdene som"
            " finst, mellom anna gjennom betre bruk av verkemiddelapparatet.",
            (
                "Etablerartenesta i regionen",
                "Nettverk for bygg og anlegg",
                "Næringsareal klare til bruk",
                "Grøn omstilling i landbruket",
                "Reiseliv heile året",
                "Kontorfellesskap og fjernarbeid",
                "Rekruttering til lokalt næringsliv",
                "Vekstprogram for små verksemder",
                "Lokal mat og foredling",
                "Synleggjering av verkemiddelapparatet",
            ),
            (
                "Tiltaket skal gjere det enklare å starte og utvikle verksemder i {place}.",
                "Gründerar og etablerte bedrifter skal få rettleiing om finansiering og marknad.",
                "Det skal byggjast opp eit nettverk der verksemdene kan dele kompetanse og utstyr.",
                "Kommunane skal samordne planane for næringsareal og marknadsføre dei saman.",
                "{partner} deltek med kunnskap om verkemiddel og finansieringsordningar.",
            ),
        ),
        SubGoalText(
            "Rett kompetanse i tenestene",
            "Partane skal samarbeide om rekruttering og kompetanseheving, slik at kommunane"
            " får tak i fagfolka dei treng.",
            (
                "Karrierevegar i helse og omsorg",
                "Kompetanseløp for arbeidsinnvandrarar",
                "Lærlingar i kommunane",
                "Desentralisert sjukepleiarutdanning",
                "Rekrutteringspakke for nyutdanna",
                "Heiltidskultur i omsorgstenestene",
                "Mentorordning for nytilsette",
                "Samarbeid med vidaregåande skule",
                "Språkopplæring på arbeidsplassen",
                "Felles stillingsbank for regionen",
            ),
            (
                "Tiltaket skal gjere det lettare å rekruttere og halde på fagfolk i {place}.",
                "Dei tilsette skal få tilbod om vidareutdanning som kan takast ved sida av jobben.",
                "Kommunane skal saman vise fram karrieremoglegheitene i helse, omsorg og oppvekst.",
                "Arbeidsinnvandrarar og flyktningar skal få eit tilpassa løp fram mot fagbrev.",
                "Arbeidet skjer i tett samarbeid med {partner} og skulane i fylket.",
            ),
        ),
    ),
    follow_up=(
        "Målet er at fleire skal velje å busetje seg i regionen.",
        "Erfaringane skal delast med dei andre kommunane i piloten.",
        "Tiltaket blir evaluert ved utgangen av {end}.",
        "Framdrifta blir rapportert til styringsgruppa kvart halvår.",
        "Det er sett av midlar til prosjektleiing og kjøp av tenester.",
        "Ungdom og tilflyttarar skal få seie si meining før tiltaket blir sett i verk.",
    ),
    assessment=(
        "Tiltaket er gjennomført som planlagt og har gitt eit godt grunnlag for vidare"
        " arbeid i kommunane."
    ),
    started="Tiltaket er sett i gang i {year} slik handlingsplanen la opp til.",
    chapters=(
        (
            "background",
            "Bakgrunn",
            "Bygdevekstavtalene er ei ordning der staten, fylkeskommunen og kommunane"
            " samarbeider om tiltak for busetjing og arbeidsplassar.\n\nAvtala byggjer på"
            " utfordringane og moglegheitene i regionen.",
        ),
        (
            "purpose",
            "Formål",
            "Formålet med avtala er å bidra til auka busetjing og fleire arbeidsplassar i"
            " dei minst sentrale kommunane.",
        ),
        ("sub_goals", "Delmål", "Partane er einige om tre delmål med vekter for tiltaksmidlane."),
        (
            "follow_up",
            "Oppfølging",
            "Styringsgruppa følgjer opp avtala og legg fram ein handlingsplan for kvart år.",
        ),
    ),
    goal_status="Arbeidet med delmålet går etter planen, og dei fleste tiltaka er i gang.",
    overall=(
        "{year} har vore eit år med god framdrift i piloten. Styringsgruppa har følgt opp"
        " tiltaka jamleg."
    ),
    activities=(
        "Styringsgruppa har hatt fire møte i løpet av året.",
        "Handlingsplanen vart handsama i formannskapa og kommunestyra.",
        "Arbeidsgruppene for kvart delmål har hatt jamlege samlingar.",
    ),
    contributors=("Styringsgruppa", "Husbanken", "Distriktssenteret"),
    grant_note="Tiltaksmidlane dekkjer heile avtaleperioden og kan overførast mellom år.",
    carry_note="Ubrukte tiltaksmidlar frå {year} blir overførte til året etter.",
    owner="Regionrådet",
    leader_title="Prosjektleiar",
    chief_executive="Kommunedirektør",
)

BOKMAAL = Vocabulary(
    municipality="kommune",
    sub_goals=(
        SubGoalText(
            "Flere egnede boliger",
            "Partene skal arbeide for at det blir bygd og tatt i bruk flere boliger som"
            " passer for unge, eldre og tilflyttere.",
            (
                "Kartlegging av boligbehovet",
                "Utleieboliger for unge",
                "Veiledning for private utbyggere",
                "Sentrumsnære boligtomter",
                "Felles boligstrategi",
                "Risikoavlastning ved boligbygging",
                "Istandsetting av tomme hus",
                "Startlån og boligtilskudd i praksis",
                "Leie før eie",
                "Boliger for eldre som vil flytte sentralt",
            ),
            (
                "Tiltaket skal gi et bedre kunnskapsgrunnlag om hvilke boliger som mangler"
                " i {place}.",
                "Kommunen vil gå i dialog med private utbyggere for å få fram flere utleieboliger.",
                "Det skal utredes hvordan kommunene kan dele risikoen ved bygging av nye boliger.",
                "Tomme hus og kårboliger i {place} skal kartlegges, og eierne skal få tilbud"
                " om veiledning.",
                "Arbeidet bygger på erfaringene fra boligprogrammet til {partner}.",
            ),
        ),
        SubGoalText(
            "Flere arbeidsplasser i privat sektor",
            "Partene skal legge til rette for nyetableringer og vekst i eksisterende"
            " virksomheter, blant annet gjennom bedre bruk av virkemiddelapparatet.",
            (
                "Etablerertjenesten i regionen",
                "Nettverk for bygg og anlegg",
                "Næringsarealer klare til bruk",
                "Grønn omstilling i landbruket",
                "Reiseliv hele året",
                "Kontorfellesskap og fjernarbeid",
                "Rekruttering til lokalt næringsliv",
                "Vekstprogram for små virksomheter",
                "Lokal mat og foredling",
                "Synliggjøring av virkemiddelapparatet",
            ),
            (
                "Tiltaket skal gjøre det enklere å starte og utvikle virksomheter i {place}.",
                "Gründere og etablerte bedrifter skal få veiledning om finansiering og marked.",
                "Det skal bygges opp et nettverk der virksomhetene kan dele kompetanse og utstyr.",
                "Kommunene skal samordne planene for næringsarealer og markedsføre dem sammen.",
                "{partner} deltar med kunnskap om virkemidler og finansieringsordninger.",
            ),
        ),
        SubGoalText(
            "Riktig kompetanse i tjenestene",
            "Partene skal samarbeide om rekruttering og kompetanseheving, slik at kommunene"
            " får tak i fagfolkene de trenger.",
            (
                "Karriereveier i helse og omsorg",
                "Kompetanseløp for arbeidsinnvandrere",
                "Lærlinger i kommunene",
                "Desentralisert sykepleierutdanning",
                "Rekrutteringspakke for nyutdannede",
                "Heltidskultur i omsorgstjenestene",
                "Mentorordning for nyansatte",
                "Samarbeid med videregående skole",
                "Språkopplæring på arbeidsplassen",
                "Felles stillingsbank for regionen",
            ),
            (
                "Tiltaket skal gjøre det lettere å rekruttere og beholde fagfolk i {place}.",
                "De ansatte skal få tilbud om videreutdanning som kan tas ved siden av jobben.",
                "Kommunene skal sammen vise fram karrieremulighetene i helse, omsorg og oppvekst.",
                "Arbeidsinnvandrere og flyktninger skal få et tilpasset løp fram mot fagbrev.",
                "Arbeidet skjer i tett samarbeid med {partner} og skolene i fylket.",
            ),
        ),
    ),
    follow_up=(
        "Målet er at flere skal velge å bosette seg i regionen.",
        "Erfaringene skal deles med de andre kommunene i piloten.",
        "Tiltaket evalueres ved utgangen av {end}.",
        "Framdriften rapporteres til styringsgruppen hvert halvår.",
        "Det er satt av midler til prosjektledelse og kjøp av tjenester.",
        "Ungdom og tilflyttere skal få si sin mening før tiltaket settes i verk.",
    ),
    assessment=(
        "Tiltaket er gjennomført som planlagt og har gitt et godt grunnlag for videre"
        " arbeid i kommunene."
    ),
    started="Tiltaket er satt i gang i {year} slik handlingsplanen la opp til.",
    chapters=(
        (
            "background",
            "Bakgrunn",
            "Bygdevekstavtalene er en ordning der staten, fylkeskommunen og kommunene"
            " samarbeider om tiltak for bosetting og arbeidsplasser.\n\nAvtalen bygger på"
            " utfordringene og mulighetene i regionen.",
        ),
        (
            "purpose",
            "Formål",
            "Formålet med avtalen er å bidra til økt bosetting og flere arbeidsplasser i de"
            " minst sentrale kommunene.",
        ),
        ("sub_goals", "Delmål", "Partene er enige om tre delmål med vekter for tiltaksmidlene."),
        (
            "follow_up",
            "Oppfølging",
            "Styringsgruppen følger opp avtalen og legger fram en handlingsplan for hvert år.",
        ),
    ),
    goal_status="Arbeidet med delmålet går etter planen, og de fleste tiltakene er i gang.",
    overall=(
        "{year} har vært et år med god framdrift i piloten. Styringsgruppen har fulgt opp"
        " tiltakene jevnlig."
    ),
    activities=(
        "Styringsgruppen har hatt fire møter i løpet av året.",
        "Handlingsplanen ble behandlet i formannskapene og kommunestyrene.",
        "Arbeidsgruppene for hvert delmål har hatt jevnlige samlinger.",
    ),
    contributors=("Styringsgruppen", "Husbanken", "Distriktssenteret"),
    grant_note="Tiltaksmidlene dekker hele avtaleperioden og kan overføres mellom år.",
    carry_note="Ubrukte tiltaksmidler fra {year} blir overført til året etter.",
    owner="Regionrådet",
    leader_title="Prosjektleder",
    chief_executive="Kommunedirektør",
)

VOCABULARIES: dict[str, Vocabulary] = {"nn": NYNORSK, "nb": BOKMAAL}
