"""The portal's controlled vocabularies, and how they map to SEGIB's, the OECD's and IATI's.

The mapping of partner roles is data (PARTNER_ROLE_VOCABULARIES), kept here once so that the admin,
the public pages, the API and the IATI export all read the same table.
"""

import csv
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

DATA_DIR = Path(__file__).resolve().parent / "data"


class Modality(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral South-South")
    REGIONAL = "regional", _("Regional or interregional South-South")
    TRIANGULAR = "triangular", _("Triangular")


class Instrument(models.TextChoices):
    """As SEGIB's Integrated Ibero-American Data System on South-South Cooperation (SIDICSS) counts them."""

    PROGRAMME = "programme", _("Programme")
    PROJECT = "project", _("Project")
    ACTION = "action", _("Action")


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    FUNDING = "funding", _("Funding")
    IMPLEMENTING = "implementing", _("Implementing")
    PROVIDING = "providing", _("Providing knowledge")
    RECEIVING = "receiving", _("Receiving knowledge")
    FACILITATING = "facilitating", _("Facilitating")


# How each portal role is named by SEGIB (Ibero-American SSC report), the OECD (triangular
# co-operation) and IATI (OrganisationRole codelist: 1 funding, 2 accountable, 3 extending,
# 4 implementing). None means the vocabulary has no counterpart.
PARTNER_ROLE_VOCABULARIES = {
    PartnerRole.LEAD: {"segib": None, "oecd": None, "iati_organisation_role": "2"},
    PartnerRole.FUNDING: {"segib": None, "oecd": None, "iati_organisation_role": "1"},
    PartnerRole.IMPLEMENTING: {"segib": None, "oecd": None, "iati_organisation_role": "4"},
    PartnerRole.PROVIDING: {"segib": "first_offerer", "oecd": "pivotal", "iati_organisation_role": "4"},
    PartnerRole.RECEIVING: {"segib": "recipient", "oecd": "beneficiary", "iati_organisation_role": "4"},
    PartnerRole.FACILITATING: {
        "segib": "second_offerer",
        "oecd": "facilitating",
        "iati_organisation_role": "3",
    },
}

SEGIB_ROLE_LABELS = {
    "first_offerer": _("First offerer"),
    "second_offerer": _("Second offerer"),
    "recipient": _("Recipient"),
}
OECD_ROLE_LABELS = {
    "pivotal": _("Pivotal partner"),
    "facilitating": _("Facilitating partner"),
    "beneficiary": _("Beneficiary partner"),
}


class ActivityKind(models.TextChoices):
    STUDY_TOUR = "study_tour", _("Study tour")
    EVENT = "event", _("Capacity-building event")


class ActivityFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TRAINING_COURSE = "training_course", _("Training course")
    WEBINAR = "webinar", _("Webinar")
    CONFERENCE = "conference", _("Conference")
    PEER_LEARNING = "peer_learning", _("Peer-learning session")
    EXPERT_MISSION = "expert_mission", _("Expert mission")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class ParticipationRole(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    SPEAKER = "speaker", _("Speaker")
    ORGANISER = "organiser", _("Organiser")
    OBSERVER = "observer", _("Observer")


class AdoptionStage(models.TextChoices):
    INTEREST = "interest", _("Interest")
    ADAPTING = "adapting", _("Adapting")
    PILOTING = "piloting", _("Piloting")
    ADOPTED = "adopted", _("Adopted")
    SCALED = "scaled", _("Scaled")


ADOPTION_STAGE_ORDER = {stage.value: index for index, stage in enumerate(AdoptionStage)}


@cache
def currency_choices() -> list[tuple[str, str]]:
    """ISO 4217 codes in use, from data/currencies.csv (source: data/SOURCES.md)."""
    with (DATA_DIR / "currencies.csv").open(encoding="utf-8") as handle:
        return [(row["code"], f"{row['code']} — {row['name_en']}") for row in csv.DictReader(handle)]
