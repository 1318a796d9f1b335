"""What every admin of an agency-owned record shares: the one permission rule applied to lists, pages,
choices and actions, the publication workflow, the audit trail, spreadsheets (OwnedAdminMixin and the
mixins beside it), and the field groups each screen lists."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin, ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from partners.models import OwnedRecord
from partners.permissions import (
    CHANGE,
    DELETE,
    PUBLISH,
    VIEW,
    acting_agency_ids,
    default_owner,
    is_portal_administrator,
    may,
    may_view_record,
    owner_choices,
    restrict,
)
from partners.services import (
    PUBLISH_RECORD,
    SUBMIT_FOR_REVIEW,
    UNPUBLISH_RECORD,
    deleted_versions,
    publication_transition,
    restore_deleted,
)

# Links typed without a scheme are read as https (Django 6's default; 5.2 warns without it).
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}

# What every admin of an OwnedRecord shows about ownership and publication; each admin names them in
# its own list_display, list_filter and fieldsets, so a screen reads top to bottom in one place.
OWNED_LIST_DISPLAY = ("owner", "publication_status")
OWNED_LIST_FILTER = ("publication_status", ("owner", admin.RelatedOnlyFieldListFilter))
OWNED_FIELDSET = (
    _("Record"),
    {
        "fields": (
            "owner",
            "external_id",
            "publication_status",
            ("submitted_at", "submitted_by"),
            ("published_at", "published_by"),
            ("created_at", "updated_at"),
        )
    },
)


class ViewableRelatedOnlyFieldListFilter(admin.RelatedOnlyFieldListFilter):
    """Django's RelatedOnlyFieldListFilter (the records the list refers to) for a foreign key to another
    owned record, offering only those the user may view: another agency's draft programme, which a
    published activity of theirs belongs to, is not named."""

    def field_choices(self, field, request, model_admin):
        referred = model_admin.get_queryset(request).values(f"{self.field_path}__pk")
        viewable = field.related_model._default_manager.restrict(request.user, VIEW).filter(pk__in=referred)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk__in": viewable.values("pk")}, ordering=ordering
        )


def viewable_column(user, field):
    """A list column for `field`, a foreign key to another owned record (an activity's programme): the
    record, or "Not published" where the user may not view it (partners.permissions.may_view_record,
    from the columns for_list() already read: no query)."""

    @admin.display(description=field.verbose_name, ordering=field.name)
    def column(record):
        related = getattr(record, field.name)
        if related is None or may_view_record(user, related):
            return related
        return _("Not published")

    return column


class ForListAdminMixin:
    """Lists use the model's QuerySet.for_list(), so a changelist runs the same number of queries for
    any number of rows."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()


class RestrictedChoicesMixin:
    """Foreign-key and many-to-many choices offer only what the user may use: their own agencies as
    owner, and records of other models that they may view (partners.permissions.restrict)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = owner_choices(request.user)
        elif issubclass(db_field.related_model, OwnedRecord):
            kwargs["queryset"] = db_field.related_model._default_manager.restrict(request.user, VIEW)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if issubclass(db_field.related_model, OwnedRecord):
            kwargs["queryset"] = db_field.related_model._default_manager.restrict(request.user, VIEW)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OwnedAdminMixin(RestrictedChoicesMixin, ForListAdminMixin, SimpleHistoryAdmin):
    """Shared by the admin of every record an agency owns (partners.models.OwnedRecord): the one
    permission rule (partners.permissions) applied to lists, pages, choices and actions, the
    publication workflow (partners.services) as list actions, and the audit trail (django-simple-history:
    each record's History page; administrators restore deleted records from "Deleted records")."""

    change_list_template = "admin/owned_change_list.html"

    readonly_fields = (
        "publication_status",
        "submitted_at",
        "submitted_by",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
    )
    actions = ("submit_for_review", "publish", "unpublish")

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, VIEW)

    def get_fieldsets(self, request, obj=None):
        """On a record the user may only view, a foreign key to another owned record that they may not
        view (another agency's draft programme) is left out, as the public pages leave it out."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        hidden = set()
        for name in flatten_fieldsets(fieldsets):
            related = getattr(obj, name) if self._names_other_record(name) else None
            if related and not may_view_record(request.user, related):
                hidden.add(name)

        def kept(names):
            for name in names:
                if isinstance(name, (list, tuple)):
                    if row := tuple(kept(name)):
                        yield row
                elif name not in hidden:
                    yield name

        return [
            (title, {**options, "fields": tuple(kept(options["fields"]))}) for title, options in fieldsets
        ]

    def get_list_display(self, request):
        """A column naming another owned record names it only where the user may view it."""
        return [
            viewable_column(request.user, field) if (field := self._names_other_record(name)) else name
            for name in super().get_list_display(request)
        ]

    def _names_other_record(self, name):
        """The foreign key `name` (a column of the list, a field of the form) to another owned record
        (an activity's programme), or None."""
        if not isinstance(name, str) or name == "owner":
            return None
        try:
            field = self.opts.get_field(name)
        except FieldDoesNotExist:
            return None  # a method of the admin or the model
        return field if field.many_to_one and issubclass(field.related_model, OwnedRecord) else None

    def get_changelist_instance(self, request):
        """The list, or Django's answer to parameters it cannot use (IncorrectLookupParameters: back to
        the list with ?e=1): a date in the date hierarchy past the calendar (?start_date__year=9…9)
        overflowed where Django catches only ValueError."""
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def get_object(self, request, object_id, from_field=None):
        # Another agency's unpublished record is not there for this user: 404, not a redirect.
        record = super().get_object(request, object_id, from_field)
        if record is None:
            raise Http404(_("No such record, or it is not yours to see."))
        if not self.has_change_permission(request, record):
            # A page the user may only view lists, of the records a many-to-many field links to (a
            # practice's activities), those they may view. Not on a form they may save: it would drop
            # the links it did not list.
            prefetch_related_objects(
                [record],
                *(
                    Prefetch(field.name, field.related_model._default_manager.restrict(request.user, VIEW))
                    for field in self.opts.many_to_many
                    if issubclass(field.related_model, OwnedRecord)
                ),
            )
        return record

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the last historical version of a record the user cannot see;
        # only administrators read the history of records that are not theirs to view (or deleted).
        if not is_portal_administrator(request.user):
            self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not is_portal_administrator(request.user):
            self.get_object(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_deleted"
        deleted = path("deleted/", self.admin_site.admin_view(self.deleted_view), name=name)
        return [deleted, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_restore": is_portal_administrator(request.user)}
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request):
        """Administrators: the records of this kind that were deleted, each with its last version, who
        deleted it and when, and a button that restores it as it was."""
        if not is_portal_administrator(request.user):
            raise PermissionDenied
        history = self.model.history.model
        if request.method == "POST":
            version = get_object_or_404(history, pk=request.POST.get("version"), history_type="-")
            try:
                restored = restore_deleted(version)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("Restored “%(record)s”.") % {"record": restored}, messages.SUCCESS
                )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_deleted")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Deleted %(records)s") % {"records": self.opts.verbose_name_plural},
            "versions": deleted_versions(self.model)[:200],
        }
        return TemplateResponse(request, "admin/deleted_records.html", context)

    def has_add_permission(self, request):
        user = request.user
        return super().has_add_permission(request) and (
            is_portal_administrator(user) or owner_choices(user).exists()
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may(request.user, CHANGE, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may(request.user, DELETE, obj))

    def get_deleted_objects(self, objs, request):
        # Bulk deletion of selected rows: refused whole when any row is not the user's to delete.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        allowed = set(
            restrict(
                self.model._default_manager.filter(pk__in=[o.pk for o in objs]), request.user, DELETE
            ).values_list("pk", flat=True)
        )
        perms_needed |= {str(obj) for obj in objs if obj.pk not in allowed}
        return deleted, counts, perms_needed, protected

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        # Staff choose among their own few agencies as owner: a plain select.
        return fields if is_portal_administrator(request.user) else tuple(f for f in fields if f != "owner")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        owner = default_owner(request.user)
        if owner is not None:
            initial.setdefault("owner", owner.pk)
        return initial

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not acting_agency_ids(request.user, PUBLISH) and not is_portal_administrator(request.user):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def _transition(self, request, queryset, transition):
        done, refused = 0, []
        for record in queryset:
            try:
                publication_transition(record=record, transition=transition, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                refused.append(f"{record}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        if done:
            self.message_user(
                request,
                ngettext("%(count)d record changed.", "%(count)d records changed.", done) % {"count": done},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record refused: %(rows)s", "%(count)d records refused: %(rows)s", len(refused)
                )
                % {"count": len(refused), "rows": "; ".join(refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Submit selected records for review"))
    def submit_for_review(self, request, queryset):
        self._transition(request, queryset, SUBMIT_FOR_REVIEW)

    @admin.action(description=_("Publish selected records"))
    def publish(self, request, queryset):
        self._transition(request, queryset, PUBLISH_RECORD)

    @admin.action(description=_("Unpublish selected records (back to draft)"))
    def unpublish(self, request, queryset):
        self._transition(request, queryset, UNPUBLISH_RECORD)


class OwnedImportExportMixin(ImportExportMixin):
    """Spreadsheet import (CSV or XLSX: a preview with every row's errors and whether it adds or
    updates, then all or nothing) and export of the change list as the user may see it. The resources
    (programmes/resources.py) apply the permission rule to every row, for the importing user."""

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}


class OwnedExportMixin(ExportMixin):
    """Export of the change list (CSV or XLSX), as the user may see it."""


class OwnedInlineFormSet(BaseInlineFormSet):
    """Rows added in an inline of an owned record (participations of a study tour, follow-ups of a
    participation) belong to the parent's agency and start with its publication status, as the
    services do (programmes.services.activity_log, follow_up_record)."""

    def save_new(self, form, commit=True):
        form.instance.owner = self.instance.owner
        form.instance.publication_status = self.instance.publication_status
        return super().save_new(form, commit=commit)


class OwnedInlineMixin(RestrictedChoicesMixin):
    """Inline rows that are themselves owned records: only the rows the user may view are shown (so
    another agency's participants never appear on its published study tour)."""

    formset = OwnedInlineFormSet

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, VIEW).for_list()
