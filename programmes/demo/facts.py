"""The facts of the demo data (see programmes/demo/__init__.py for the sources and the choices made)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from partners.models import AgencyKind, CountryGroupKind, PublicationStatus
from programmes.choices import (
    ActivityFormat,
    ActivityKind,
    AdoptionStage,
    EventKind,
    Gender,
    PartnerRole,
)

PREFIX = "demo-"
PUBLISHED = PublicationStatus.PUBLISHED
D = date


class MissingReferenceData(Exception):
    """The reference data the demo data points at (countries, groups, themes, SDGs) is not loaded."""


# --- Agencies --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyFact:
    slug: str
    acronym: str
    name: str
    kind: str
    country: str | None  # ISO alpha-3; None for international bodies
    website: str = ""
    description_en: str = ""
    description_es: str = ""


AGENCIES = (
    # Named in the articles.
    AgencyFact(
        "escap",
        "ESCAP",
        "United Nations Economic and Social Commission for Asia and the Pacific",
        AgencyKind.UN_ENTITY,
        None,
        "https://www.unescap.org",
        "UN regional commission for Asia and the Pacific; leads the interregional partnership with "
        "APC Colombia and MINCIT on the green transition of MSMEs.",
        "Comisión regional de las Naciones Unidas para Asia y el Pacífico; lidera la alianza "
        "interregional con APC Colombia y el MINCIT sobre la transición verde de las mipymes.",
    ),
    AgencyFact(
        "eclac",
        "ECLAC",
        "United Nations Economic Commission for Latin America and the Caribbean",
        AgencyKind.UN_ENTITY,
        None,
        "https://www.cepal.org",
        "UN regional commission for Latin America and the Caribbean (CEPAL in Spanish); organises the "
        "Regional Conference on South-South Cooperation and manages the FEALAC Trust Fund with ESCAP.",
        "Comisión Económica para América Latina y el Caribe (CEPAL); organiza la Conferencia Regional "
        "sobre Cooperación Sur-Sur y administra con la CESPAP el Fondo Fiduciario del FOCALAE.",
    ),
    AgencyFact(
        "apc-colombia",
        "APC Colombia",
        "Presidential Agency for International Cooperation of Colombia",
        AgencyKind.COOPERATION_AGENCY,
        "COL",
        "https://www.apccolombia.gov.co",
        "Colombia's national cooperation agency; partner of ESCAP's interregional MSME programme and "
        "co-organiser of the 2024 study tour to Bogota.",
        "Agencia Presidencial de Cooperación Internacional de Colombia; socia del programa "
        "interregional de la CESPAP sobre mipymes y coorganizadora de la gira de estudio de 2024 en Bogotá.",
    ),
    AgencyFact(
        "mincit",
        "MINCIT",
        "Ministry of Commerce, Industry and Tourism of Colombia",
        AgencyKind.GOVERNMENT,
        "COL",
        "https://www.mincit.gov.co",
        "Colombia's ministry for trade, industry and tourism; partner of ESCAP's interregional MSME "
        "programme.",
        "Ministerio de Comercio, Industria y Turismo de Colombia; socio del programa interregional de "
        "la CESPAP sobre mipymes.",
    ),
    AgencyFact(
        "conamype",
        "CONAMYPE",
        "National Commission for MSMEs of El Salvador",
        AgencyKind.SME_AGENCY,
        "SLV",
        "https://www.conamype.gob.sv",
        "El Salvador's national commission for micro and small enterprises.",
        "Comisión Nacional de la Micro y Pequeña Empresa de El Salvador.",
    ),
    AgencyFact(
        "sme-corp-malaysia",
        "SME Corp. Malaysia",
        "SME Corporation Malaysia",
        AgencyKind.SME_AGENCY,
        "MYS",
        "https://www.smecorp.gov.my",
        "Malaysia's central coordinating agency for SME development policies and programmes.",
        "Agencia central de Malasia para coordinar las políticas y programas de desarrollo de las pymes.",
    ),
    AgencyFact(
        "tica",
        "TICA",
        "Thailand International Cooperation Agency",
        AgencyKind.COOPERATION_AGENCY,
        "THA",
        "",
        "Thailand's national cooperation agency, with active partnerships across Latin America.",
        "Agencia de cooperación internacional de Tailandia, con alianzas activas en América Latina.",
    ),
    # Colombian institutions visited during the study tour (a plausible choice: the article does not
    # name them).
    AgencyFact(
        "innpulsa-colombia",
        "iNNpulsa",
        "iNNpulsa Colombia",
        AgencyKind.SME_AGENCY,
        "COL",
        "https://www.innpulsacolombia.com",
        "Colombia's agency for entrepreneurship and business innovation, attached to MINCIT.",
        "Agencia de emprendimiento e innovación empresarial de Colombia, adscrita al MINCIT.",
    ),
    AgencyFact(
        "bancoldex",
        "Bancóldex",
        "Bancóldex, Colombia's business development bank",
        AgencyKind.DEVELOPMENT_BANK,
        "COL",
        "https://www.bancoldex.com",
        "Colombia's development bank for businesses, with credit lines for MSMEs.",
        "Banco de desarrollo empresarial de Colombia, con líneas de crédito para mipymes.",
    ),
    # The other delegations' agencies (plausible choices: the article names only the countries, or
    # not even those).
    AgencyFact(
        "meic-costa-rica",
        "MEIC",
        "Ministry of Economy, Industry and Commerce of Costa Rica",
        AgencyKind.GOVERNMENT,
        "CRI",
        "https://www.meic.go.cr",
        "Costa Rica's ministry responsible for MSME policy.",
        "Ministerio de Economía, Industria y Comercio de Costa Rica, responsable de la política de pymes.",
    ),
    AgencyFact(
        "mineco-guatemala",
        "MINECO",
        "Ministry of Economy of Guatemala",
        AgencyKind.GOVERNMENT,
        "GTM",
        "https://www.mineco.gob.gt",
        "Guatemala's ministry responsible for MSME policy.",
        "Ministerio de Economía de Guatemala, responsable de la política de mipymes.",
    ),
    AgencyFact(
        "senprende-honduras",
        "SENPRENDE",
        "National Service for Entrepreneurship and Small Business of Honduras",
        AgencyKind.SME_AGENCY,
        "HND",
        "",
        "Honduras's national service for entrepreneurship and small business.",
        "Servicio Nacional de Emprendimiento y Pequeños Negocios de Honduras.",
    ),
    AgencyFact(
        "ampyme-panama",
        "AMPYME",
        "Micro, Small and Medium Enterprise Authority of Panama",
        AgencyKind.SME_AGENCY,
        "PAN",
        "https://www.ampyme.gob.pa",
        "Panama's authority for micro, small and medium enterprises.",
        "Autoridad de la Micro, Pequeña y Mediana Empresa de Panamá.",
    ),
    AgencyFact(
        "micm-dominican-republic",
        "MICM",
        "Ministry of Industry, Commerce and MSMEs of the Dominican Republic",
        AgencyKind.GOVERNMENT,
        "DOM",
        "https://www.micm.gob.do",
        "The Dominican Republic's ministry for industry, commerce and MSMEs.",
        "Ministerio de Industria, Comercio y Mipymes de la República Dominicana.",
    ),
    AgencyFact(
        "dti-philippines",
        "DTI",
        "Department of Trade and Industry of the Philippines",
        AgencyKind.GOVERNMENT,
        "PHL",
        "https://www.dti.gov.ph",
        "The Philippines' department responsible for trade, industry and MSME development.",
        "Departamento de Comercio e Industria de Filipinas, responsable del desarrollo de las mipymes.",
    ),
    AgencyFact(
        "osmep-thailand",
        "OSMEP",
        "Office of Small and Medium Enterprises Promotion of Thailand",
        AgencyKind.SME_AGENCY,
        "THA",
        "",
        "Thailand's office for the promotion of small and medium enterprises.",
        "Oficina de Promoción de la Pequeña y Mediana Empresa de Tailandia.",
    ),
    AgencyFact(
        "kemenumkm-indonesia",
        "KemenUMKM",
        "Ministry of Micro, Small and Medium Enterprises of Indonesia",
        AgencyKind.GOVERNMENT,
        "IDN",
        "",
        "Indonesia's ministry for micro, small and medium enterprises.",
        "Ministerio de Micro, Pequeñas y Medianas Empresas de Indonesia.",
    ),
    AgencyFact(
        "indonesian-aid",
        "Indonesian AID",
        "Indonesian Agency for International Development",
        AgencyKind.COOPERATION_AGENCY,
        "IDN",
        "",
        "Indonesia's development cooperation agency; Indonesia initiated the Emerging Development "
        "Partners Network in 2024.",
        "Agencia de cooperación para el desarrollo de Indonesia; Indonesia creó la Red de Socios "
        "Emergentes para el Desarrollo en 2024.",
    ),
    AgencyFact(
        "mpi-viet-nam",
        "MPI",
        "Ministry of Planning and Investment of Viet Nam",
        AgencyKind.GOVERNMENT,
        "VNM",
        "",
        "Viet Nam's ministry that was responsible for SME development policy in 2024.",
        "Ministerio de Viet Nam que en 2024 era responsable de la política de desarrollo de las pymes.",
    ),
    AgencyFact(
        "misti-cambodia",
        "MISTI",
        "Ministry of Industry, Science, Technology and Innovation of Cambodia",
        AgencyKind.GOVERNMENT,
        "KHM",
        "",
        "Cambodia's ministry responsible for industry and SME development.",
        "Ministerio de Industria, Ciencia, Tecnología e Innovación de Camboya.",
    ),
)


# --- Country groups --------------------------------------------------------------------------------

NO_MEMBER_SOURCE_EN = (
    "Its member list is not recorded here: no source for it ships with the portal's reference data."
)
NO_MEMBER_SOURCE_ES = (
    "Su lista de miembros no se registra aquí: los datos de referencia del portal no incluyen una fuente "
    "para ella."
)


@dataclass(frozen=True)
class GroupFact:
    code: str
    slug: str
    name_en: str
    name_es: str
    kind: str
    founded_year: int | None
    website: str
    description_en: str
    description_es: str


# Groups the reference data leaves out (partners/data/SOURCES.md says why), created without members.
# Founding years of ESCAP (1947, as ECAFE) and ECLAC (1948) are general knowledge, not from the articles.
GROUPS = (
    GroupFact(
        "ESCAP",
        "escap",
        "Economic and Social Commission for Asia and the Pacific",
        "Comisión Económica y Social para Asia y el Pacífico (CESPAP)",
        CountryGroupKind.UN_REGIONAL_COMMISSION,
        1947,
        "https://www.unescap.org",
        "One of the five UN regional commissions, an intergovernmental mechanism of the Asia-Pacific "
        "region; with ECLAC it manages the FEALAC Trust Fund. " + NO_MEMBER_SOURCE_EN,
        "Una de las cinco comisiones regionales de las Naciones Unidas, mecanismo intergubernamental de "
        "Asia y el Pacífico; administra con la CEPAL el Fondo Fiduciario del FOCALAE. " + NO_MEMBER_SOURCE_ES,
    ),
    GroupFact(
        "ECLAC",
        "eclac",
        "Economic Commission for Latin America and the Caribbean",
        "Comisión Económica para América Latina y el Caribe (CEPAL)",
        CountryGroupKind.UN_REGIONAL_COMMISSION,
        1948,
        "https://www.cepal.org",
        "One of the five UN regional commissions; organises the Regional Conference on South-South "
        "Cooperation and, with ESCAP, manages the FEALAC Trust Fund. " + NO_MEMBER_SOURCE_EN,
        "Una de las cinco comisiones regionales de las Naciones Unidas; organiza la Conferencia Regional "
        "sobre Cooperación Sur-Sur y administra con la CESPAP el Fondo Fiduciario del FOCALAE. "
        + NO_MEMBER_SOURCE_ES,
    ),
    GroupFact(
        "EDP",
        "edp-network",
        "Emerging Development Partners Network",
        "Red de Socios Emergentes para el Desarrollo (EDP)",
        CountryGroupKind.NETWORK,
        2024,
        "",
        "Initiated by Indonesia in 2024, the network sets a strategic vision and a capacity development "
        "agenda for peer collaboration among emerging development partners. Its 2025 meeting, co-hosted "
        "in Colombia, brought together countries from Asia, Latin America and Africa. " + NO_MEMBER_SOURCE_EN,
        "Creada por Indonesia en 2024, la red fija una visión estratégica y una agenda de desarrollo de "
        "capacidades para la colaboración entre socios emergentes para el desarrollo. Su reunión de 2025, "
        "coorganizada en Colombia, reunió a países de Asia, América Latina y África. " + NO_MEMBER_SOURCE_ES,
    ),
)

# The reference data's platforms (with their members and founding years) get a Spanish name and a
# description. The article dates FEALAC to 1998, the reference data (FEALAC's own site) to its 1999
# launch; the description gives both steps.
PLATFORM_TEXTS = {
    "FEALAC": {
        "name_es": "Foro de Cooperación América Latina-Asia del Este (FOCALAE)",
        "description_en": "Proposed in 1998 and launched in 1999, FEALAC facilitates cooperation across "
        "economic, social, cultural and environmental issues among its 36 member states in East Asia and "
        "Latin America, with support from the joint FEALAC Trust Fund managed by ECLAC and ESCAP. Its "
        "projects address value chain development, reducing inequality, MSME support, digital trade and "
        "critical minerals.",
        "description_es": "Propuesto en 1998 y creado en 1999, el FOCALAE facilita la cooperación en temas "
        "económicos, sociales, culturales y ambientales entre sus 36 Estados miembros de Asia del Este y "
        "América Latina, con el apoyo del Fondo Fiduciario conjunto del FOCALAE administrado por la CEPAL "
        "y la CESPAP. Sus proyectos abordan el desarrollo de cadenas de valor, la reducción de la "
        "desigualdad, el apoyo a las mipymes, el comercio digital y los minerales críticos.",
    },
    "APEC": {
        "name_es": "Foro de Cooperación Económica Asia-Pacífico (APEC)",
        "description_en": "Founded in 1989, APEC was the first body to bring together economies of "
        "Asia-Pacific and Latin America, focusing on trade, digital innovation and sustainable growth.",
        "description_es": "Fundado en 1989, el APEC fue el primer organismo que reunió a economías de "
        "Asia-Pacífico y América Latina, centrado en el comercio, la innovación digital y el crecimiento "
        "sostenible.",
    },
}


# --- The programme ---------------------------------------------------------------------------------

PROGRAMME_ID = f"{PREFIX}escap-apc-mincit-msme-green-transition"

# Triangular (a choice: the article calls it interregional cooperation led by ESCAP): Colombia
# (APC Colombia, MINCIT) provides knowledge, ESCAP leads and facilitates, the Asia-Pacific and
# Mesoamerican agencies receive, and SME Corp. Malaysia, whose ESG tool was shown, also provides.
# No funding partner: the articles do not say who funds it.
PROGRAMME_PARTNERS = (
    ("escap", PartnerRole.LEAD),
    ("escap", PartnerRole.FACILITATING),
    ("apc-colombia", PartnerRole.PROVIDING),
    ("mincit", PartnerRole.PROVIDING),
    ("sme-corp-malaysia", PartnerRole.PROVIDING),
    ("conamype", PartnerRole.RECEIVING),
    ("meic-costa-rica", PartnerRole.RECEIVING),
    ("mineco-guatemala", PartnerRole.RECEIVING),
    ("senprende-honduras", PartnerRole.RECEIVING),
    ("ampyme-panama", PartnerRole.RECEIVING),
    ("micm-dominican-republic", PartnerRole.RECEIVING),
    ("sme-corp-malaysia", PartnerRole.RECEIVING),
    ("dti-philippines", PartnerRole.RECEIVING),
    ("osmep-thailand", PartnerRole.RECEIVING),
    ("kemenumkm-indonesia", PartnerRole.RECEIVING),
    ("mpi-viet-nam", PartnerRole.RECEIVING),
    ("misti-cambodia", PartnerRole.RECEIVING),
)

PROGRAMME = {
    "title_en": "Interregional partnership for the green transition of MSMEs: Asia-Pacific and Latin America",
    "title_es": "Alianza interregional para la transición verde de las mipymes: Asia-Pacífico y América "
    "Latina",
    "summary_en": "Since 2022, ESCAP, APC Colombia and Colombia's Ministry of Commerce, Industry and "
    "Tourism have brought policymakers of Asia-Pacific and Latin America together to learn from each "
    "other's policies for the green transition of micro, small and medium enterprises.",
    "summary_es": "Desde 2022, la CESPAP, APC Colombia y el Ministerio de Comercio, Industria y Turismo de "
    "Colombia reúnen a responsables de políticas de Asia-Pacífico y América Latina para aprender de las "
    "políticas de cada región para la transición verde de las micro, pequeñas y medianas empresas.",
    "description_en": "A programme led by ESCAP in partnership with APC Colombia and MINCIT that fosters "
    "interregional cooperation between the Asia-Pacific and Latin America regions, establishing "
    "mechanisms for sustained engagement and joint actions. Its capacity-building initiatives include a "
    "study tour to Bogota in late 2024 for policymakers from Mesoamerica and Asia-Pacific. Since then, "
    "several delegates have changed their programmes, and Costa Rica, Guatemala and the Philippines have "
    "started to adapt and pilot practices presented by other countries.",
    "description_es": "Programa liderado por la CESPAP en alianza con APC Colombia y el MINCIT que impulsa "
    "la cooperación interregional entre Asia-Pacífico y América Latina, con mecanismos de diálogo "
    "sostenido y acciones conjuntas. Sus iniciativas de desarrollo de capacidades incluyen una gira de "
    "estudio a Bogotá a finales de 2024 para responsables de políticas de Mesoamérica y Asia-Pacífico. "
    "Desde entonces, varias delegaciones han cambiado sus programas, y Costa Rica, Guatemala y Filipinas "
    "han empezado a adaptar y poner a prueba prácticas presentadas por otros países.",
}
PROGRAMME_THEMES = ("msme-support", "green-transition")
PROGRAMME_SDGS = (8, 9, 12, 17)
# The article says "since 2022"; the day and month are an approximation.
PROGRAMME_START = D(2022, 1, 1)


# --- Participants (invented) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    gender: str
    country: str
    agency: str
    position: str

    @property
    def external_id(self):
        return f"{PREFIX}participant-{self.key}"

    @property
    def email(self):
        return f"demo.{self.key}@example.org"


F, M = Gender.FEMALE, Gender.MALE

# Invented people: none of them is, or is named like, the real people the article quotes.
PEOPLE = (
    Person("slv-1", "Mariela Quintanilla", F, "SLV", "conamype", "Head of MSME Policy"),
    Person("slv-2", "Óscar Menéndez Rivas", M, "SLV", "conamype", "Green Business Programme Officer"),
    Person("slv-3", "Karen Alfaro", F, "SLV", "conamype", "Territorial Development Specialist"),
    Person("cri-1", "Laura Solís Vargas", F, "CRI", "meic-costa-rica", "Director of SME Support"),
    Person("cri-2", "Andrés Quesada Mora", M, "CRI", "meic-costa-rica", "Sustainability Advisor"),
    Person("cri-3", "Daniela Chaves", F, "CRI", "meic-costa-rica", "Policy Analyst"),
    Person("gtm-1", "Ana Lucía Cifuentes", F, "GTM", "mineco-guatemala", "MSME Vice-Ministry Advisor"),
    Person("gtm-2", "Byron Estrada Ixcot", M, "GTM", "mineco-guatemala", "Entrepreneurship Coordinator"),
    Person("gtm-3", "Mónica Barrios", F, "GTM", "mineco-guatemala", "Economist"),
    Person("hnd-1", "Karla Mejía Ordóñez", F, "HND", "senprende-honduras", "Programme Manager"),
    Person("hnd-2", "Luis Fernando Paz", M, "HND", "senprende-honduras", "Technical Officer"),
    Person("pan-1", "Ricardo Saavedra", M, "PAN", "ampyme-panama", "Director of Business Development"),
    Person("pan-2", "Itzel Castillo", F, "PAN", "ampyme-panama", "Planning Officer"),
    Person("dom-1", "Yokasta Peña Almonte", F, "DOM", "micm-dominican-republic", "MSME Policy Advisor"),
    Person("mys-1", "Nurul Aina Hamzah", F, "MYS", "sme-corp-malaysia", "Senior Manager, Policy"),
    Person("mys-2", "Kelvin Tan Wei Ming", M, "MYS", "sme-corp-malaysia", "Manager, ESG Programmes"),
    Person("mys-3", "Siti Hajar Ismail", F, "MYS", "sme-corp-malaysia", "Assistant Manager"),
    Person(
        "phl-1", "Maria Cristina Dela Rosa", F, "PHL", "dti-philippines", "Division Chief, MSME Development"
    ),
    Person(
        "phl-2", "Jose Miguel Santos", M, "PHL", "dti-philippines", "Trade-Industry Development Specialist"
    ),
    Person("phl-3", "Angelica Ramos", F, "PHL", "dti-philippines", "Senior Trade Specialist"),
    Person("tha-1", "Siriporn Chaiwong", F, "THA", "osmep-thailand", "Director of Policy Planning"),
    Person("tha-2", "Kittisak Boonmee", M, "THA", "osmep-thailand", "Policy Analyst"),
    Person("tha-3", "Pimchanok Srisuk", F, "THA", "osmep-thailand", "Project Officer"),
    Person("idn-1", "Ratna Wulandari", F, "IDN", "kemenumkm-indonesia", "Deputy Director, MSME Financing"),
    Person("idn-2", "Budi Hartanto", M, "IDN", "kemenumkm-indonesia", "Analyst"),
    Person("vnm-1", "Nguyen Thi Thu Hang", F, "VNM", "mpi-viet-nam", "Deputy Head, Enterprise Development"),
    Person("vnm-2", "Tran Quoc Bao", M, "VNM", "mpi-viet-nam", "Official"),
    Person("khm-1", "Sovann Pich", M, "KHM", "misti-cambodia", "Deputy Director, SME Department"),
    # Colombian speakers at the study tour (no follow-up: they came to present, not to learn).
    Person("col-1", "Juliana Restrepo Ochoa", F, "COL", "mincit", "Advisor, MSME Productivity"),
    Person("col-2", "Camilo Arbeláez Duque", M, "COL", "innpulsa-colombia", "Green Entrepreneurship Lead"),
)
PEOPLE_BY_KEY = {person.key: person for person in PEOPLE}


# --- Activities -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFact:
    key: str
    kind: str
    start_date: date
    end_date: date
    format: str
    host_country: str | None
    city: str
    organisers: tuple[str, ...]
    delegates: tuple[str, ...]
    texts: dict
    institutions_visited: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    event_kind: str = ""
    duration_hours: Decimal | None = None

    @property
    def external_id(self):
        return f"{PREFIX}{self.key}"


STUDY_TOUR = ActivityFact(
    key="study-tour-bogota-2024",
    kind=ActivityKind.STUDY_TOUR,
    # The article says "late 2024"; 18 to 22 November 2024 is an approximation.
    start_date=D(2024, 11, 18),
    end_date=D(2024, 11, 22),
    format=ActivityFormat.IN_PERSON,
    host_country="COL",
    city="Bogota",
    organisers=("escap", "apc-colombia"),
    # The institutions are a plausible choice; the article does not name them.
    institutions_visited=("mincit", "innpulsa-colombia", "bancoldex"),
    delegates=(
        *("slv-1", "slv-2", "cri-1", "cri-2", "gtm-1", "gtm-2", "hnd-1", "pan-1", "dom-1"),
        *("mys-1", "mys-2", "phl-1", "phl-2", "tha-1", "tha-2", "idn-1", "vnm-1", "khm-1"),
    ),
    speakers=("col-1", "col-2"),
    texts={
        "title_en": "Study tour to Bogota on the green transition of MSMEs",
        "title_es": "Gira de estudio a Bogotá sobre la transición verde de las mipymes",
        "summary_en": "Policymakers from Mesoamerica and Asia-Pacific met in Bogota to exchange knowledge "
        "on facilitating the green transition of SMEs and visited Colombian institutions that run "
        "programmes for it.",
        "summary_es": "Responsables de políticas de Mesoamérica y Asia-Pacífico se reunieron en Bogotá para "
        "intercambiar conocimientos sobre cómo facilitar la transición verde de las pymes y visitaron "
        "instituciones colombianas que ejecutan programas para ello.",
        "learning_objectives_en": "Understand how Colombian institutions finance and train MSMEs for the "
        "green transition; compare tools for assessing the environmental, social and governance (ESG) "
        "performance of MSMEs across both regions; identify practices each delegation could adapt and "
        "pilot at home.",
        "learning_objectives_es": "Conocer cómo las instituciones colombianas financian y forman a las "
        "mipymes para la transición verde; comparar herramientas de evaluación ambiental, social y de "
        "gobernanza (ASG) de las mipymes en ambas regiones; identificar prácticas que cada delegación "
        "podría adaptar y poner a prueba en su país.",
    },
)

# Two capacity-building events besides the study tour (invented to illustrate the programme's
# "capacity-building initiatives"; the article does not list them).
WORKSHOP = ActivityFact(
    key="workshop-green-msme-policies-2023",
    kind=ActivityKind.EVENT,
    start_date=D(2023, 9, 12),
    end_date=D(2023, 9, 13),
    format=ActivityFormat.VIRTUAL,
    host_country=None,
    city="",
    organisers=("escap", "apc-colombia", "mincit"),
    event_kind=EventKind.WORKSHOP,
    duration_hours=Decimal("8.0"),
    delegates=(
        *("slv-1", "slv-3", "cri-1", "cri-3", "gtm-1", "gtm-3", "hnd-1", "hnd-2", "pan-1", "pan-2"),
        *("dom-1", "mys-1", "mys-3", "phl-1", "phl-3", "tha-1", "tha-3", "idn-1", "idn-2", "vnm-1"),
        *("vnm-2", "khm-1"),
    ),
    texts={
        "title_en": "Virtual workshop on policies for the green transition of MSMEs",
        "title_es": "Taller virtual sobre políticas para la transición verde de las mipymes",
        "summary_en": "Two half-day online sessions in which MSME agencies of Asia-Pacific and Latin America "
        "compared their policies for greening small businesses.",
        "summary_es": "Dos sesiones en línea de media jornada en las que agencias de mipymes de "
        "Asia-Pacífico y América Latina compararon sus políticas para el enverdecimiento de las pequeñas "
        "empresas.",
    },
)

PEER_LEARNING = ActivityFact(
    key="peer-learning-piloting-2025",
    kind=ActivityKind.EVENT,
    start_date=D(2025, 6, 10),
    end_date=D(2025, 6, 10),
    format=ActivityFormat.VIRTUAL,
    host_country=None,
    city="",
    organisers=("escap", "apc-colombia"),
    event_kind=EventKind.PEER_LEARNING,
    duration_hours=Decimal("3.0"),
    delegates=(
        *("slv-1", "slv-2", "cri-1", "cri-2", "gtm-1", "gtm-2"),
        *("mys-1", "mys-2", "phl-1", "phl-2", "tha-2", "idn-1"),
    ),
    texts={
        "title_en": "Peer-learning session on adapting and piloting green MSME practices",
        "title_es": "Sesión de aprendizaje entre pares sobre la adaptación y puesta a prueba de prácticas "
        "verdes para mipymes",
        "summary_en": "Delegations that took part in the Bogota study tour shared their progress in "
        "adapting and piloting the practices presented there.",
        "summary_es": "Las delegaciones que participaron en la gira de estudio de Bogotá compartieron sus "
        "avances en la adaptación y puesta a prueba de las prácticas presentadas allí.",
    },
)

ACTIVITIES = (WORKSHOP, STUDY_TOUR, PEER_LEARNING)


# --- Follow-up responses (invented, chosen to give the reported 96 per cent) -------------------------


@dataclass(frozen=True)
class FollowUpFact:
    activity: str
    person: str
    responded_on: date
    applies_skills: bool
    fed_policy_measure: bool = False
    comments: str = ""

    @property
    def external_id(self):
        return f"{PREFIX}follow-up-{self.activity}-{self.person}-{self.responded_on.isoformat()}"


def _survey(activity, responded_on, people, *, not_applying=(), fed_policy=(), comments=None):
    comments = comments or {}
    return tuple(
        FollowUpFact(
            activity.key,
            person,
            responded_on,
            applies_skills=person not in not_applying,
            fed_policy_measure=person in fed_policy,
            comments=comments.get(person, ""),
        )
        for person in people
    )


# 50 participations are followed up (20 of 22 at the workshop, all 18 delegates of the study tour, all
# 12 at the peer-learning session); 48 of them say in at least one response that they apply the skills.
FOLLOW_UPS = (
    *_survey(
        WORKSHOP,
        D(2024, 3, 15),
        [person for person in WORKSHOP.delegates if person not in ("hnd-2", "pan-2")],
        not_applying=("vnm-2",),
        fed_policy=("slv-1", "mys-1"),
        comments={"vnm-2": "Not yet: our unit's mandate changed after the workshop."},
    ),
    *_survey(
        STUDY_TOUR,
        D(2025, 2, 20),
        STUDY_TOUR.delegates,
        not_applying=("cri-2", "khm-1"),
        fed_policy=("slv-1", "mys-1"),
        comments={
            "cri-1": "We are adapting the ESG assessment tool for our MSME support centres.",
            "cri-2": "Waiting for approval before using what we learned.",
            "gtm-1": "Preparing a green entrepreneurship training based on the Colombian course.",
        },
    ),
    # A second round six months later: Costa Rica's second delegate now applies the skills too, so the
    # participation counts once, as applying.
    *_survey(
        STUDY_TOUR,
        D(2025, 8, 20),
        ("slv-1", "cri-1", "cri-2", "gtm-1", "phl-1", "khm-1"),
        not_applying=("khm-1",),
        fed_policy=("slv-1", "cri-1", "gtm-1", "phl-1"),
        comments={"phl-1": "The green entrepreneurship pilot started in two regions."},
    ),
    *_survey(
        PEER_LEARNING,
        D(2025, 9, 15),
        PEER_LEARNING.delegates,
        fed_policy=("cri-1", "gtm-1", "phl-1", "mys-2"),
    ),
)


# --- Practices and their adoptions ------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeFact:
    key: str
    origin_country: str
    origin_agency: str
    presented_at: tuple[str, ...]
    texts: dict

    @property
    def external_id(self):
        return f"{PREFIX}practice-{self.key}"


# Origins are a choice (the article says only "presented by other countries"): the green
# entrepreneurship training from Colombia (iNNpulsa), the ESG tool from Malaysia (SME Corp. Malaysia),
# and a third practice, green credit lines, from Colombia (Bancóldex). Each is owned by its origin agency.
PRACTICES = (
    PracticeFact(
        "green-entrepreneurship-training",
        "COL",
        "innpulsa-colombia",
        (STUDY_TOUR.key, PEER_LEARNING.key),
        {
            "title_en": "Training for green entrepreneurship",
            "title_es": "Formación para el emprendimiento verde",
            "summary_en": "A training course that helps entrepreneurs design and run businesses with a "
            "lower environmental footprint.",
            "summary_es": "Curso que ayuda a las personas emprendedoras a diseñar y gestionar negocios con "
            "una menor huella ambiental.",
        },
    ),
    PracticeFact(
        "msme-esg-assessment-tool",
        "MYS",
        "sme-corp-malaysia",
        (STUDY_TOUR.key, PEER_LEARNING.key),
        {
            "title_en": "Tool for MSME ESG assessments",
            "title_es": "Herramienta de evaluación ASG para mipymes",
            "summary_en": "A self-assessment tool with which micro, small and medium enterprises measure "
            "their environmental, social and governance (ESG) performance and find where to improve.",
            "summary_es": "Herramienta de autoevaluación con la que las micro, pequeñas y medianas empresas "
            "miden su desempeño ambiental, social y de gobernanza (ASG) y detectan qué mejorar.",
        },
    ),
    PracticeFact(
        "green-credit-lines",
        "COL",
        "bancoldex",
        (STUDY_TOUR.key,),
        {
            "title_en": "Green credit lines for MSMEs",
            "title_es": "Líneas de crédito verde para mipymes",
            "summary_en": "Credit lines on favourable terms for MSME investments in energy efficiency, "
            "clean production and climate adaptation.",
            "summary_es": "Líneas de crédito en condiciones favorables para inversiones de las mipymes en "
            "eficiencia energética, producción limpia y adaptación al cambio climático.",
        },
    ),
)
PRACTICE_THEMES = ("msme-support", "green-transition")


@dataclass(frozen=True)
class AdoptionFact:
    key: str
    practice: str
    adopting_country: str
    adopting_agency: str
    stages: tuple[tuple[str, date], ...]
    description: str

    @property
    def external_id(self):
        return f"{PREFIX}adoption-{self.key}"


# Inspired by the study tour. Which country adopts which practice, and the dates, are a choice.
ADOPTIONS = (
    AdoptionFact(
        "cri-esg-tool",
        "msme-esg-assessment-tool",
        "CRI",
        "meic-costa-rica",
        (
            (AdoptionStage.INTEREST, D(2024, 12, 5)),
            (AdoptionStage.ADAPTING, D(2025, 3, 10)),
            (AdoptionStage.PILOTING, D(2025, 7, 1)),
        ),
        "Costa Rica's MEIC is piloting an adapted ESG self-assessment for MSMEs in its support centres.",
    ),
    AdoptionFact(
        "gtm-green-entrepreneurship",
        "green-entrepreneurship-training",
        "GTM",
        "mineco-guatemala",
        (
            (AdoptionStage.INTEREST, D(2024, 12, 12)),
            (AdoptionStage.ADAPTING, D(2025, 2, 24)),
            (AdoptionStage.PILOTING, D(2025, 6, 16)),
        ),
        "Guatemala's Ministry of Economy is piloting a green entrepreneurship course for young "
        "entrepreneurs.",
    ),
    AdoptionFact(
        "phl-green-entrepreneurship",
        "green-entrepreneurship-training",
        "PHL",
        "dti-philippines",
        (
            (AdoptionStage.INTEREST, D(2025, 1, 15)),
            (AdoptionStage.ADAPTING, D(2025, 4, 7)),
            (AdoptionStage.PILOTING, D(2025, 8, 4)),
        ),
        "The Philippines' DTI is piloting a green entrepreneurship training in two regions.",
    ),
    # "Several delegates already made changes in their programmes".
    AdoptionFact(
        "slv-esg-tool",
        "msme-esg-assessment-tool",
        "SLV",
        "conamype",
        (
            (AdoptionStage.INTEREST, D(2024, 12, 2)),
            (AdoptionStage.ADAPTING, D(2025, 2, 3)),
            (AdoptionStage.ADOPTED, D(2025, 5, 19)),
        ),
        "El Salvador's CONAMYPE added an ESG self-assessment to its MSME advisory services.",
    ),
    AdoptionFact(
        "mys-green-credit",
        "green-credit-lines",
        "MYS",
        "sme-corp-malaysia",
        (
            (AdoptionStage.INTEREST, D(2024, 12, 9)),
            (AdoptionStage.ADAPTING, D(2025, 3, 3)),
            (AdoptionStage.ADOPTED, D(2025, 6, 30)),
        ),
        "SME Corp. Malaysia added green investment criteria, modelled on Colombia's green credit lines, "
        "to one of its financing programmes.",
    ),
    AdoptionFact(
        "dom-green-entrepreneurship",
        "green-entrepreneurship-training",
        "DOM",
        "micm-dominican-republic",
        ((AdoptionStage.INTEREST, D(2025, 4, 22)),),
        "The Dominican Republic's MICM has asked for the course materials.",
    ),
)
