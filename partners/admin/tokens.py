"""Admin screens for API access: partner systems and their tokens. Only portal administrators (and
superusers) see them; agency staff never do.

A token is issued on its partner system's page (after adding a system, the admin goes straight there):
the clear token is shown on the page that answers the form, once, and is neither stored nor put in a
message (messages live in cookies or sessions). Afterwards only its first characters are shown."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from partners.admin.owned import ForListAdminMixin
from partners.models import PartnerSystem, PartnerToken
from partners.permissions import is_portal_administrator
from partners.services import (
    DEFAULT_TOKEN_DAYS,
    MAX_TOKEN_DAYS,
    partner_system_issue_token,
    partner_system_revoke,
    partner_system_save,
    partner_token_revoke,
)

TOKEN_FIELDS = ("token_key", "read_only", "created", "expiry", "last_used_at", "revoked_at", "created_by")


class AdministratorsOnlyMixin:
    """Only portal administrators see, add and change these; nobody deletes them (revoke instead,
    so that the record of who had access stays)."""

    def has_module_permission(self, request):
        return is_portal_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_portal_administrator(request.user)

    def has_add_permission(self, request, *args):
        return is_portal_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_portal_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class IssueTokenForm(forms.Form):
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=DEFAULT_TOKEN_DAYS,
        help_text=_("The token stops working after this many days."),
    )
    read_only = forms.BooleanField(
        label=_("Read-only"),
        required=False,
        help_text=_("A read-only token may read the agency's records, drafts included, but never write."),
    )


class PartnerTokenInline(admin.TabularInline):
    model = PartnerToken
    fields = TOKEN_FIELDS
    readonly_fields = TOKEN_FIELDS
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_portal_administrator(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


@admin.register(PartnerSystem)
class PartnerSystemAdmin(AdministratorsOnlyMixin, ForListAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "agency", "role", "is_active", "created_at")
    list_filter = ("role", "is_active", ("agency", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "agency__name", "agency__acronym", "contact")
    autocomplete_fields = ("agency",)
    readonly_fields = ("user", "created_by", "created_at")
    fieldsets = (
        (None, {"fields": ("name", "agency", "role", "contact", "is_active")}),
        (_("Account"), {"fields": ("user", "created_by", "created_at")}),
    )
    inlines = (PartnerTokenInline,)
    actions = ("revoke_systems",)
    change_form_template = "admin/partners/partnersystem/change_form.html"

    def save_model(self, request, obj, form, change):
        partner_system_save(partner_system=obj, user=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        """After adding a system, issue its first token."""
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, _("Partner system added. Now issue its token."), messages.SUCCESS)
        return redirect("admin:partners_partnersystem_issue_token", obj.pk)

    def get_urls(self):
        issue = path(
            "<int:object_id>/issue-token/",
            self.admin_site.admin_view(self.issue_token_view),
            name="partners_partnersystem_issue_token",
        )
        return [issue, *super().get_urls()]

    def issue_token_view(self, request, object_id):
        """A form (expiry in days, read-only); its answer shows the new token, this once only."""
        if not is_portal_administrator(request.user):
            raise PermissionDenied
        partner_system = get_object_or_404(PartnerSystem.objects.select_related("agency"), pk=object_id)
        form = IssueTokenForm(request.POST or None)
        token = clear_token = None
        if request.method == "POST" and form.is_valid():
            try:
                token, clear_token = partner_system_issue_token(
                    partner_system=partner_system, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": partner_system,
            "title": _("Issue an API token for %(system)s") % {"system": partner_system},
            "form": form,
            "token": token,
            "clear_token": clear_token,
            "change_url": reverse("admin:partners_partnersystem_change", args=[partner_system.pk]),
        }
        response = TemplateResponse(request, "admin/partners/partnersystem/issue_token.html", context)
        add_never_cache_headers(response)  # the page with the clear token must not be kept anywhere
        return response

    @admin.action(description=_("Revoke all tokens and deactivate the selected partner systems"))
    def revoke_systems(self, request, queryset):
        for partner_system in queryset:
            partner_system_revoke(partner_system=partner_system, user=request.user)
        count = len(queryset)
        message = ngettext(
            "%(count)d partner system deactivated; its tokens are revoked.",
            "%(count)d partner systems deactivated; their tokens are revoked.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(PartnerToken)
class PartnerTokenAdmin(AdministratorsOnlyMixin, ForListAdminMixin, SimpleHistoryAdmin):
    """Every token issued, usable or not. Tokens are issued on their partner system's page."""

    list_display = ("token_key", "partner_system", "agency", *TOKEN_FIELDS[1:-1], "status")
    list_filter = (
        "read_only",
        "revoked_at",
        "expiry",
        ("partner_system__agency", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("token_key", "partner_system__name", "partner_system__agency__name")
    fields = ("partner_system", *TOKEN_FIELDS, "revoked_by")
    readonly_fields = fields
    actions = ("revoke_tokens",)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("agency"), ordering="partner_system__agency__name")
    def agency(self, token):
        return token.partner_system.agency

    @admin.display(description=_("status"))
    def status(self, token):
        if token.is_revoked:
            return _("Revoked")
        if token.is_expired:
            return _("Expired")
        return _("Usable")

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset):
        if not is_portal_administrator(request.user):
            raise PermissionDenied
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            partner_token_revoke(token=token, user=request.user)
        message = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens))
        self.message_user(request, message % {"count": len(tokens)}, messages.SUCCESS)
