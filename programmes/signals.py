"""Keep CountedParticipation (the table the participation figures read) in step with the records it is
copied from: a participation, its activity, its participant and its follow-up responses. Connected once
from ProgrammesConfig.ready(). Bulk writes that send no signals (bulk_create, QuerySet.update) call
CountedParticipation.objects.refresh() themselves, as the sample data generator does."""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from programmes.models import Activity, CountedParticipation, FollowUpResponse, Participant, Participation


def participation_saved(sender, instance, **kwargs):
    CountedParticipation.objects.refresh([instance.pk])


def activity_saved(sender, instance, **kwargs):
    """Its programme, start date or publication decide how its participations count."""
    CountedParticipation.objects.refresh(Participation.objects.filter(activity=instance.pk))


def participant_saved(sender, instance, **kwargs):
    """Their country and gender are what their participations are counted by."""
    CountedParticipation.objects.refresh(Participation.objects.filter(participant=instance.pk))


def follow_up_saving(sender, instance, **kwargs):
    """Remember which participation a response belonged to, in case this save moves it to another."""
    instance._participation_before = (
        FollowUpResponse.objects.filter(pk=instance.pk).values_list("participation_id", flat=True).first()
        if instance.pk is not None
        else None
    )


def follow_up_saved(sender, instance, **kwargs):
    before = getattr(instance, "_participation_before", None)
    CountedParticipation.objects.refresh({instance.participation_id, before} - {None})


def follow_up_deleted(sender, instance, origin=None, **kwargs):
    """A response deleted on its own (or with others): its participation counts it no more. Deleted
    because its participation was (directly or with its activity or participant), there is nothing to
    refresh: the participation's row goes with it."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if issubclass(model, FollowUpResponse):
        CountedParticipation.objects.refresh([instance.participation_id])


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
