"""Keep the derived tables in step with the records they are copied from. Connected once from
ProgrammesConfig.ready(). Bulk writes that send no signals (bulk_create, QuerySet.update) refresh them
themselves, as the sample data generator does, or with `manage.py refresh_derived_data`.

* CountedParticipation (the table the participation figures read): a participation, its activity, its
  participant and its follow-up responses; and CountedProgramme (their totals per programme), which
  CountedParticipation.objects.refresh() rewrites itself, and rows of CountedParticipation deleted with
  their participations.
* ProgrammePlace (the table the public region and country filters read): a programme's partner roles,
  its activities, the partner agencies' countries and those countries' regions."""

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from partners.models import Agency, Country
from programmes.models import (
    Activity,
    AdoptionStageChange,
    CountedAdoption,
    CountedParticipation,
    CountedProgramme,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    ProgrammePartner,
    ProgrammePlace,
)


def participation_saved(sender, instance, **kwargs):
    CountedParticipation.objects.refresh([instance.pk])


def activity_saved(sender, instance, **kwargs):
    """Its programme, start date or publication decide how its participations count, and its programme
    which programmes' figures count the adoptions it inspired."""
    CountedParticipation.objects.refresh(Participation.objects.filter(activity=instance.pk))
    CountedAdoption.objects.refresh(PolicyAdoption.objects.filter(activity=instance.pk))


def participant_saved(sender, instance, **kwargs):
    """Their country and gender are what their participations are counted by."""
    CountedParticipation.objects.refresh(Participation.objects.filter(participant=instance.pk))


def _before(sender, instance, *fields):
    """The values of `fields` as the database holds them before this save: a tuple, or None for a record
    not saved yet."""
    if instance.pk is None:
        return None
    return sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()


def _deleted_with(origin, model):
    """Whether a deletion began at a record of `model` (or a QuerySet of them)."""
    return issubclass(origin.model if isinstance(origin, QuerySet) else type(origin), model)


def _first_in_deletion(origin, kind, key) -> bool:
    """Whether `key` (of a `kind` of refresh) comes up for the first time in the deletion that began at
    `origin`: a receiver refreshes what a deleted row belonged to once per deletion, as every row of a
    bulk deletion is gone before the first signal. Remembered on the origin, which the deletion's
    signals share."""
    done = vars(origin).setdefault(f"_refreshed_{kind}", set()) if origin is not None else set()
    if key in done:
        return False
    done.add(key)
    return True


def follow_up_saving(sender, instance, **kwargs):
    """Remember which participation a response belonged to, in case this save moves it to another."""
    instance._participation_before = (_before(sender, instance, "participation_id") or [None])[0]


def follow_up_saved(sender, instance, **kwargs):
    before = getattr(instance, "_participation_before", None)
    CountedParticipation.objects.refresh({instance.participation_id, before} - {None})


def follow_up_deleted(sender, instance, origin=None, **kwargs):
    """A response deleted on its own (or with others): its participation counts it no more. Deleted
    because its participation was (directly or with its activity or participant), there is nothing to
    refresh: the participation's row goes with it."""
    if _deleted_with(origin, FollowUpResponse):
        CountedParticipation.objects.refresh([instance.participation_id])


def counted_participation_deleted(sender, instance, origin=None, **kwargs):
    """A row gone with its participation (deleted on its own, or with its activity or participant): its
    programme's totals again, once per programme and deletion. Not for the rows refresh() deletes: it
    adds up their programmes itself.
    (A programme with participations is never deleted: its activities protect it.)"""
    if not _deleted_with(origin, CountedParticipation) and _first_in_deletion(
        origin, "totals", instance.programme_id
    ):
        CountedProgramme.objects.refresh([instance.programme_id])


# ProgrammePlace ---------------------------------------------------------------------------------------


def programme_keeping(sender, instance, **kwargs):
    """Remember the programme a partner role or an activity belonged to, in case this save moves it."""
    instance._programme_before = (_before(sender, instance, "programme_id") or [None])[0]


def programme_part_saved(sender, instance, **kwargs):
    """A partner role or an activity: its programme (and the one it left) is where it places it."""
    before = getattr(instance, "_programme_before", None)
    ProgrammePlace.objects.refresh({instance.programme_id, before} - {None})


def programme_part_deleted(sender, instance, origin=None, **kwargs):
    """A partner role or an activity deleted: its programme's places again, once per deletion, and not
    when the programme itself is being deleted: its places go with it."""
    if not _deleted_with(origin, Programme) and _first_in_deletion(origin, "places", instance.programme_id):
        ProgrammePlace.objects.refresh([instance.programme_id])


def agency_saved(sender, instance, **kwargs):
    """An agency's country places the programmes it is a partner of."""
    ProgrammePlace.objects.refresh(Programme.objects.filter(partners__agency=instance.pk).distinct())


REGION_FIELDS = ("region_id", "subregion_id", "intermediate_region_id")


def country_saving(sender, instance, **kwargs):
    instance._regions_before = _before(sender, instance, *REGION_FIELDS)


def country_saved(sender, instance, created=False, **kwargs):
    """A country's regions, when they change (loading the reference data again changes nothing): where
    it places programmes, and the regions of the adoptions from and in it."""
    if created or getattr(instance, "_regions_before", None) == tuple(
        getattr(instance, field) for field in REGION_FIELDS
    ):
        return
    placed = ProgrammePlace.objects.filter(country=instance.pk).values_list("programme", flat=True)
    ProgrammePlace.objects.refresh(set(placed))  # read first: the refresh deletes these rows
    CountedAdoption.objects.refresh(
        PolicyAdoption.objects.filter(
            Q(adopting_country=instance.pk) | Q(practice__origin_country=instance.pk)
        )
    )


# CountedAdoption --------------------------------------------------------------------------------------


def adoption_saved(sender, instance, **kwargs):
    CountedAdoption.objects.refresh([instance.pk])


def practice_saved(sender, instance, **kwargs):
    """Its publication and its country of origin decide how its adoptions count."""
    CountedAdoption.objects.refresh(PolicyAdoption.objects.filter(practice=instance.pk))


def stage_change_saving(sender, instance, **kwargs):
    """Remember which adoption a stage change belonged to, in case this save moves it to another."""
    instance._adoption_before = (_before(sender, instance, "adoption_id") or [None])[0]


def stage_change_saved(sender, instance, **kwargs):
    before = getattr(instance, "_adoption_before", None)
    CountedAdoption.objects.refresh({instance.adoption_id, before} - {None})


def stage_change_deleted(sender, instance, origin=None, **kwargs):
    """A stage change deleted on its own (or with others): its adoption's later stage now moves from an
    earlier one; refreshed once per adoption and deletion. Deleted with its adoption, there is nothing
    to refresh: its row goes too."""
    if not _deleted_with(origin, PolicyAdoption) and _first_in_deletion(
        origin, "adoptions", instance.adoption_id
    ):
        CountedAdoption.objects.refresh([instance.adoption_id])


def connect():
    for model, receiver in (
        (Participation, participation_saved),
        (Participant, participant_saved),
        (FollowUpResponse, follow_up_saved),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"programmes.counted.{receiver.__name__}")
    # a study tour and an event are proxies of Activity: each is its own sender
    for model in (Activity, *Activity.__subclasses__()):
        post_save.connect(
            activity_saved, sender=model, dispatch_uid=f"programmes.counted.activity_saved.{model.__name__}"
        )
    pre_save.connect(follow_up_saving, sender=FollowUpResponse, dispatch_uid="programmes.counted.saving")
    post_delete.connect(follow_up_deleted, sender=FollowUpResponse, dispatch_uid="programmes.counted.deleted")
    post_delete.connect(
        counted_participation_deleted,
        sender=CountedParticipation,
        dispatch_uid="programmes.counted.counted_participation_deleted",
    )

    uid = "programmes.adoptions"
    post_save.connect(adoption_saved, sender=PolicyAdoption, dispatch_uid=f"{uid}.adoption_saved")
    post_save.connect(practice_saved, sender=Practice, dispatch_uid=f"{uid}.practice_saved")
    pre_save.connect(stage_change_saving, sender=AdoptionStageChange, dispatch_uid=f"{uid}.stage_saving")
    post_save.connect(stage_change_saved, sender=AdoptionStageChange, dispatch_uid=f"{uid}.stage_saved")
    post_delete.connect(stage_change_deleted, sender=AdoptionStageChange, dispatch_uid=f"{uid}.stage_deleted")

    for model in (ProgrammePartner, Activity, *Activity.__subclasses__()):
        uid = f"programmes.places.{model.__name__}"
        pre_save.connect(programme_keeping, sender=model, dispatch_uid=f"{uid}.keeping")
        post_save.connect(programme_part_saved, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(programme_part_deleted, sender=model, dispatch_uid=f"{uid}.deleted")
    post_save.connect(agency_saved, sender=Agency, dispatch_uid="programmes.places.agency_saved")
    pre_save.connect(country_saving, sender=Country, dispatch_uid="programmes.places.country_saving")
    post_save.connect(country_saved, sender=Country, dispatch_uid="programmes.places.country_saved")
