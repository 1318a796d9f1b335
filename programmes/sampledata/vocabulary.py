"""Words and weights of the synthetic sample data: names, titles, and how often each choice comes up."""

import random
from bisect import bisect
from itertools import accumulate

from django.utils.text import slugify

from partners.models import AgencyKind, PublicationStatus
from programmes.choices import (
    ActivityFormat,
    AdoptionStage,
    EventKind,
    Gender,
    Instrument,
    Modality,
    ParticipationRole,
    PartnerRole,
)


class _Pick:
    """A weighted random choice: _Pick({"a": 3, "b": 1})(rng) is "a" three times out of four."""

    def __init__(self, weights: dict):
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


FIRST_NAMES = (
    "Ana", "Luis", "María", "Carlos", "Sofía", "Juan", "Valentina", "Diego", "Camila", "Andrés",
    "Lucía", "Mateo", "Isabel", "Jorge", "Paula", "Ricardo", "Fernanda", "Tomás", "Gabriela", "Pedro",
    "Siti", "Ahmad", "Nurul", "Budi", "Dewi", "Rizal", "Maria", "Jose", "Angelica", "Mark",
    "Somchai", "Nattaya", "Thanh", "Linh", "Minh", "Sokha", "Dara", "Aung", "Thiri", "Bounmy",
    "Amina", "Kwame", "Fatou", "Chinedu", "Aisha", "Tendai", "Zanele", "Kofi", "Wanjiru", "Moussa",
    "Priya", "Rahul", "Anjali", "Arjun", "Farhana", "Tariq", "Nimal", "Sunita", "Bilal", "Ayesha",
)  # fmt: skip
LAST_NAMES = (
    "García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres",
    "Flores", "Rivera", "Gómez", "Díaz", "Morales", "Castro", "Ortiz", "Vargas", "Rojas", "Silva",
    "Santos", "Reyes", "Cruz", "Bautista", "Mendoza", "Wijaya", "Santoso", "Hidayat", "Rahman",
    "Abdullah", "Tan", "Lim", "Nguyen", "Tran", "Pham", "Srisuk", "Chaiyaporn", "Win", "Phiri",
    "Mensah", "Okafor", "Diallo", "Kamau", "Banda", "Moyo", "Traoré", "Sharma", "Patel", "Khan",
    "Perera", "Hossain", "Singh", "Karimov", "Aliyev", "Haddad", "Nasser", "Tupou", "Fonua",
)  # fmt: skip
ASCII_NAMES = {name: slugify(name) for name in FIRST_NAMES + LAST_NAMES}
POSITIONS = (
    "Director of International Cooperation", "Policy adviser", "Programme officer",
    "Head of SME development", "Trade negotiator", "Senior economist", "Deputy minister",
    "Project coordinator", "Researcher", "Chief of the planning unit", "Business development officer",
)  # fmt: skip
AGENCY_NAMES = {
    AgencyKind.COOPERATION_AGENCY: ("{country} Agency for International Cooperation",),
    AgencyKind.GOVERNMENT: ("Ministry of {ministry} of {country}",),
    AgencyKind.SME_AGENCY: ("{country} SME Development Corporation", "{country} Entrepreneurship Agency"),
    AgencyKind.ACADEMIA: ("{country} Institute of Development Studies", "National University of {country}"),
    AgencyKind.CIVIL_SOCIETY: ("{country} Women Entrepreneurs Network", "{country} Fair Trade Foundation"),
    AgencyKind.PRIVATE_SECTOR: ("{country} Chamber of Commerce", "{country} Exporters Association"),
    AgencyKind.DEVELOPMENT_BANK: ("{country} Development Bank",),
    AgencyKind.UN_ENTITY: ("UN Regional Office for {region}", "UN Commission for {region}"),
    AgencyKind.INTERGOVERNMENTAL: ("{region} Cooperation Secretariat", "{region} Integration Forum"),
}
MINISTRIES = (
    "Trade",
    "Economy",
    "Industry",
    "Foreign Affairs",
    "Planning",
    "Environment",
    "Tourism",
    "Mining",
)
REGIONS = ("Asia and the Pacific", "Latin America", "Africa", "Western Asia", "the Caribbean")
CAPITALS = {
    "ARG": "Buenos Aires", "BGD": "Dhaka", "BRA": "Brasília", "CHL": "Santiago", "CHN": "Beijing",
    "COL": "Bogotá", "CRI": "San José", "DOM": "Santo Domingo", "ECU": "Quito", "EGY": "Cairo",
    "ETH": "Addis Ababa", "GHA": "Accra", "GTM": "Guatemala City", "IDN": "Jakarta", "IND": "New Delhi",
    "KEN": "Nairobi", "KHM": "Phnom Penh", "LAO": "Vientiane", "LKA": "Colombo", "MAR": "Rabat",
    "MEX": "Mexico City", "MNG": "Ulaanbaatar", "MYS": "Kuala Lumpur", "NGA": "Abuja", "PAK": "Islamabad",
    "PER": "Lima", "PHL": "Manila", "PRY": "Asunción", "RWA": "Kigali", "SEN": "Dakar", "SLV": "San Salvador",
    "THA": "Bangkok", "TUR": "Ankara", "URY": "Montevideo", "VNM": "Hanoi", "ZAF": "Pretoria",
    "FJI": "Suva", "HND": "Tegucigalpa", "PAN": "Panama City", "JAM": "Kingston", "TTO": "Port of Spain",
}  # fmt: skip
PROGRAMME_TITLES = {  # English and Spanish
    Modality.BILATERAL: (
        ("South-South partnership on {topic}: {a} and {b}", "Alianza Sur-Sur en {tema} entre {a} y {b}"),
        ("{a} and {b} exchange on {topic}", "Intercambio entre {a} y {b} sobre {tema}"),
    ),
    Modality.REGIONAL: (
        ("Interregional peer-learning programme on {topic}", "Programa interregional sobre {tema}"),
        ("{a} and partners: platform for {topic}", "{a} y socios: plataforma de {tema}"),
    ),
    Modality.TRIANGULAR: (
        ("Triangular cooperation on {topic}: {a}, {b} and {c}",
         "Cooperación triangular en {tema}: {a}, {b} y {c}"),
        ("Scaling up {topic} with {a}, {b} and {c}", "Ampliación de {tema} con {a}, {b} y {c}"),
    ),
}  # fmt: skip
EVENT_TITLES = {
    EventKind.WORKSHOP: "Workshop on {topic}",
    EventKind.TRAINING_COURSE: "Training course on {topic}",
    EventKind.WEBINAR: "Webinar: {topic}",
    EventKind.CONFERENCE: "Conference on {topic}",
    EventKind.PEER_LEARNING: "Peer-learning session on {topic}",
    EventKind.EXPERT_MISSION: "Expert mission on {topic}",
}
PRACTICE_TITLES = (
    "Training programme for {topic}", "Online toolkit for {topic}", "Certification scheme for {topic}",
    "Credit guarantee scheme for {topic}", "One-stop shop for {topic}", "Assessment tool for {topic}",
    "Mentoring network for {topic}", "Regulatory sandbox for {topic}",
)  # fmt: skip
COMMENTS = (
    "", "", "", "We adapted the methodology to our regional offices.", "Shared the materials with my team.",
    "Used the contacts made during the visit to start a pilot.", "Would welcome a follow-up session.",
)  # fmt: skip

AGENCY_KIND = _Pick({
    AgencyKind.COOPERATION_AGENCY: 24, AgencyKind.GOVERNMENT: 30, AgencyKind.SME_AGENCY: 10,
    AgencyKind.ACADEMIA: 10, AgencyKind.CIVIL_SOCIETY: 8, AgencyKind.PRIVATE_SECTOR: 6,
    AgencyKind.DEVELOPMENT_BANK: 4, AgencyKind.UN_ENTITY: 4, AgencyKind.INTERGOVERNMENTAL: 4,
})  # fmt: skip
PUBLICATION = _Pick(
    {PublicationStatus.PUBLISHED: 85, PublicationStatus.DRAFT: 10, PublicationStatus.IN_REVIEW: 5}
)
MODALITY = _Pick({Modality.BILATERAL: 40, Modality.REGIONAL: 35, Modality.TRIANGULAR: 25})
INSTRUMENT = _Pick({Instrument.PROGRAMME: 30, Instrument.PROJECT: 55, Instrument.ACTION: 15})
CURRENCY = _Pick({"USD": 80, "EUR": 15, "JPY": 5})
OTHER_ROLE = _Pick(
    {
        PartnerRole.RECEIVING: 40,
        PartnerRole.PROVIDING: 25,
        PartnerRole.IMPLEMENTING: 25,
        PartnerRole.FUNDING: 10,
    }
)
EVENT_KIND = _Pick({
    EventKind.WORKSHOP: 30, EventKind.TRAINING_COURSE: 20, EventKind.WEBINAR: 20,
    EventKind.CONFERENCE: 10, EventKind.PEER_LEARNING: 12, EventKind.EXPERT_MISSION: 8,
})  # fmt: skip
EVENT_FORMAT = _Pick({ActivityFormat.IN_PERSON: 60, ActivityFormat.VIRTUAL: 20, ActivityFormat.HYBRID: 20})
PARTICIPATION_ROLE = _Pick({
    ParticipationRole.DELEGATE: 80, ParticipationRole.SPEAKER: 10,
    ParticipationRole.ORGANISER: 5, ParticipationRole.OBSERVER: 5,
})  # fmt: skip
GENDER = _Pick({Gender.FEMALE: 48, Gender.MALE: 48, Gender.OTHER: 1, Gender.UNDISCLOSED: 3})
STAGES = list(AdoptionStage)
STAGE_REACHED = _Pick(dict(enumerate((30, 25, 20, 15, 10))))  # index into STAGES
