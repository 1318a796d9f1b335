"""The demo data of `manage.py load_demo_data`: the facts of two articles, loaded as published records.

Sources (the seed articles in shared/seeds/):

* ESCAP, "Bridging continents: Advancing sustainable development through South-South Cooperation":
  ESCAP's programme with APC Colombia and MINCIT since 2022, the study tour to Bogota in late 2024
  organised by ESCAP and APC Colombia for policymakers from Mesoamerica and Asia-Pacific on the green
  transition of SMEs, the 96 per cent of participants of its capacity-building initiatives who now
  use their new skills, and Costa Rica, Guatemala and the Philippines piloting a training for green
  entrepreneurship and a tool for MSME ESG assessments presented by other countries.
* Panel article of the second High-Level Conference of Middle-Income Countries: TICA, the Emerging
  Development Partners (EDP) Network initiated by Indonesia in 2024 (2025 meeting in Colombia), ESCAP,
  ECLAC, APEC (1989) and FEALAC (36 member states, Trust Fund managed by ECLAC and ESCAP).

Where the articles are silent, this module chooses, and says so in a comment: exact dates, the origin
countries of the practices, the modality and partner roles, the delegations beyond those named, the
two capacity-building events besides the study tour. Participants are invented (`is_demo=True`,
addresses at example.org); none is one of the real people the article quotes. Their follow-up
responses are invented too, chosen so that the computed share is the reported one: 48 of the 50
followed-up participations apply their new skills, 96 per cent.

Records are written through programmes.services, as the admin and the API write them. Loading is
idempotent: agencies and country groups are matched on their slugs and codes and updated in place
(only the fields that differ are written); the agencies' records are matched on `external_id`
(all starting with "demo-") and left alone when they exist, except that an adoption found at an
earlier stage is advanced to the stage given here. Running it twice changes nothing.
"""

from programmes.demo.loader import (
    LoadResult,
    MissingReferenceData,
    load_demo_data,
)

__all__ = ["LoadResult", "MissingReferenceData", "load_demo_data"]
