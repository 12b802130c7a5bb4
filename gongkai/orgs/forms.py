"""Admin forms for the org register and for staff accounts managed by org administrators."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Org, StaffProfile
from .roles import ORG_ASSIGNABLE_ROLES, Role, group_name, role_label
from .scoping import managed_org_ids, user_org, user_roles, visible_org_ids

User = get_user_model()


class StaffProfileForm(WagtailAdminModelForm):
    """Create or edit a staff account together with its user and roles.

    Org administrators can only pick orgs they manage and the roles of ORG_ASSIGNABLE_ROLES;
    system administrators may also grant the general-office and system roles.
    """

    username = forms.RegexField(
        label=_("登录名"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        help_text=_("字母、数字和 @/./+/-/_"),
    )
    full_name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password = forms.CharField(
        label=_("密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("新建账号必填；修改时留空表示不变。至少10位，不能全为数字。"),
    )
    roles = forms.MultipleChoiceField(
        label=_("角色"), widget=forms.CheckboxSelectMultiple, required=False
    )
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    class Meta:
        model = StaffProfile
        fields = ["org", "title", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.for_user
        ids = managed_org_ids(actor) if actor is not None else set()
        self.fields["org"].queryset = (
            Org.objects.all() if ids is None else Org.objects.filter(pk__in=ids)
        )
        assignable = (
            list(Role)
            if actor is not None and Role.SYSADMIN in user_roles(actor)
            else list(ORG_ASSIGNABLE_ROLES)
        )
        self.fields["roles"].choices = [(role.value, role_label(role)) for role in assignable]
        self._assignable = {role.value for role in assignable}
        if self.instance.pk:
            user = self.instance.user
            self.fields["username"].initial = user.username
            self.fields["username"].disabled = True
            self.fields["full_name"].initial = user.first_name
            self.fields["email"].initial = user.email
            self.fields["is_active"].initial = user.is_active
            names = set(user.groups.values_list("name", flat=True))
            self.fields["roles"].initial = [r.value for r in Role if group_name(r) in names]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if self.instance.pk:
            return self.instance.user.username
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("该登录名已被使用，请换一个。"))
        return username

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if not self.instance.pk and not password:
            self.add_error("password", _("新建账号必须设置密码。"))
        if password:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        profile = super().save(commit=False)
        data = self.cleaned_data
        user = profile.user if profile.pk else User(username=data["username"])
        user.first_name = data["full_name"]
        user.email = data.get("email") or ""
        user.is_active = data.get("is_active", False)
        user.is_staff = False
        if data.get("password"):
            user.set_password(data["password"])
        user.save()
        profile.user = user
        profile.save()
        # Only touch the roles this actor may hand out; other groups stay as they are.
        wanted = set(data.get("roles") or [])
        for role in Role:
            if role.value not in self._assignable:
                continue
            group, _created = Group.objects.get_or_create(name=group_name(role))
            if role.value in wanted:
                user.groups.add(group)
            else:
                user.groups.remove(group)
        if Role.SYSADMIN.value in self._assignable:
            user.is_superuser = Role.SYSADMIN.value in wanted
            user.save(update_fields=["is_superuser"])
        # Page permissions follow the org and the roles: the org's page group, no other.
        from .pages import staff_page_groups_sync

        staff_page_groups_sync(user=user)
        return profile


class OrgLimitedAdminForm(WagtailAdminModelForm):
    """An admin model form whose org field offers only the orgs the editing user may act for.

    A new record defaults to the user's own org. Subclasses name the org field with
    ``org_field_name`` and narrow their other choices in ``limit_choices``, which receives the
    visible org ids (None = every org). Without a user (forms built outside the admin) nothing
    is limited, as before.
    """

    org_field_name = "org"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        ids = visible_org_ids(user)
        field = self.org_field_name
        if field in self.fields:
            self.fields[field].queryset = (
                Org.objects.active() if ids is None else Org.objects.filter(pk__in=ids)
            )
            own = user_org(user)
            if not self.instance.pk and own is not None and not self.initial.get(field):
                self.initial[field] = own.pk
        self.limit_choices(org_ids=ids)

    def limit_choices(self, *, org_ids: set[int] | None) -> None:
        """Narrow the form's other choices to ``org_ids``; the default narrows nothing."""
