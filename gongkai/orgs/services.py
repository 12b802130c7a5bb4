"""Writes to the organisation register and its staff. Views, imports and the demo call these."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction

from gongkai.core.tabular import Column, Row, RowError, RowErrors
from gongkai.pii.checkdigits import number_compact
from gongkai.pii.messages import credit_code_message

from .models import Org, StaffProfile
from .roles import Role, group_name
from .signals import org_registered

ORG_EDITABLE_FIELDS = {
    "name",
    "short_name",
    "kind",
    "parent",
    "credit_code",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "ogi_office",
    "ogi_contact",
    "ogi_phone",
    "functions",
    "leaders",
    "sort_order",
    "is_active",
    "on_platform",
}


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - ORG_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown org fields: {', '.join(sorted(unknown))}")


def org_create(*, code: str, name: str, kind: str, parent: Org | None = None, **fields: Any) -> Org:
    """Create an org after model validation (code format, credit code format)."""
    _check_fields(fields)
    org = Org(code=code, name=name, kind=kind, parent=parent, **fields)
    org.full_clean()
    org.save()
    return org


def org_update(*, org: Org, **fields: Any) -> Org:
    """Change an org's fields. Refuses a parent that would put the org below itself."""
    from django.core.exceptions import ValidationError

    _check_fields(fields)
    parent = fields.get("parent", org.parent)
    if parent is not None and org.pk is not None:
        node: Org | None = parent
        while node is not None:
            if node.pk == org.pk:
                raise ValidationError({"parent": "上级单位不能是本单位或其下级单位。"})
            node = node.parent
    for key, value in fields.items():
        setattr(org, key, value)
    org.full_clean()
    org.save()
    return org


def _groups_for(roles: Iterable[Role]) -> list[Group]:
    names = [group_name(Role(r)) for r in roles if Role(r) != Role.SYSADMIN]
    groups = list(Group.objects.filter(name__in=names))
    missing = set(names) - {g.name for g in groups}
    for name in sorted(missing):  # the data migration normally made them
        groups.append(Group.objects.create(name=name))
    return groups


@transaction.atomic
def staff_create(
    *,
    org: Org,
    username: str,
    password: str | None,
    roles: Iterable[Role | str],
    full_name: str = "",
    email: str = "",
    title: str = "",
) -> AbstractUser:
    """Create a user who works for ``org`` with the given roles (groups).

    SYSADMIN makes a superuser with admin-site access; the other roles are groups whose
    permissions the role migration sets. ``password=None`` leaves the account without a usable
    password (set one with ``changepassword``).
    """
    roles = [Role(r) for r in roles]
    user_model = get_user_model()
    user = user_model(username=username, email=email, first_name=full_name[:150])
    if Role.SYSADMIN in roles:
        user.is_superuser = True
        user.is_staff = True
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    StaffProfile.objects.create(user=user, org=org, title=title)
    groups = _groups_for(roles)
    if groups:
        user.groups.add(*groups)
    # Page permissions: the org's page group (see gongkai.orgs.pages).
    from .pages import staff_page_groups_sync

    staff_page_groups_sync(user=user)
    return user


# --- Import (manage.py import_orgs) -----------------------------------------------------------

ORG_IMPORT_COLUMNS = [
    Column("code", "代码", required=True),
    Column("name", "名称", required=True),
    Column("kind", "类型", required=True),
    Column("parent", "上级"),
    Column("credit_code", "统一社会信用代码"),
    Column("short_name", "简称"),
    Column("address", "办公地址"),
    Column("phone", "联系电话"),
    Column("office_hours", "办公时间"),
    Column("ogi_office", "政府信息公开工作机构"),
]

_KIND_WORDS = {
    **{k.value: k.value for k in Org.Kind},
    "政府": Org.Kind.GOVERNMENT.value,
    "人民政府": Org.Kind.GOVERNMENT.value,
    "部门": Org.Kind.DEPARTMENT.value,
    "乡镇街道": Org.Kind.TOWN.value,
    "乡镇": Org.Kind.TOWN.value,
    "街道": Org.Kind.TOWN.value,
}
_MAX_LENGTHS = {
    "code": 32,
    "name": 100,
    "short_name": 50,
    "address": 200,
    "phone": 50,
    "office_hours": 200,
    "ogi_office": 100,
}
_CODE_RE = re.compile(r"^[A-Za-z0-9-]+$")


@dataclass(frozen=True)
class OrgRow:
    line: int
    code: str
    parent: str
    fields: dict[str, str]


def org_row_clean(row: Row) -> tuple[OrgRow | None, list[RowError]]:
    """Check one register row on its own (no database): formats, lengths, kind, credit code."""
    errors: list[RowError] = []
    v = {k: row.get(k) for k in _MAX_LENGTHS} | {
        "kind": row.get("kind"),
        "parent": row.get("parent"),
        "credit_code": number_compact(row.get("credit_code")),
    }
    if not v["code"]:
        errors.append(RowError(row.line, "缺少代码（code）。"))
    elif not _CODE_RE.match(v["code"]):
        errors.append(RowError(row.line, f"代码“{v['code']}”只能包含字母、数字和连字符“-”。"))
    if not v["name"]:
        errors.append(RowError(row.line, "缺少名称（name）。"))
    for key, limit in _MAX_LENGTHS.items():
        if len(v[key]) > limit:
            errors.append(RowError(row.line, f"“{key}”超过{limit}个字符。"))
    kind = _KIND_WORDS.get(v["kind"].strip().lower()) or _KIND_WORDS.get(v["kind"].strip())
    if not kind:
        errors.append(
            RowError(
                row.line,
                f"类型“{v['kind']}”无效，应为 government（政府）、department（部门）"
                "或 town（乡镇街道）。",
            )
        )
    code = v["credit_code"]
    problem = credit_code_message(code) if code else None
    if problem:
        errors.append(RowError(row.line, f"统一社会信用代码“{row.get('credit_code')}”：{problem}"))
    if errors:
        return None, errors
    fields = {k: v[k] for k in ("name", "short_name", "address", "phone", "office_hours")}
    fields |= {"ogi_office": v["ogi_office"], "credit_code": code, "kind": kind or ""}
    return OrgRow(row.line, v["code"], v["parent"], fields), []


def org_rows_check_tree(
    rows: list[OrgRow], existing_parents: dict[str, str | None]
) -> tuple[list[OrgRow], list[RowError]]:
    """Check codes are unique and parents exist and form no cycle; order rows parents-first.

    ``existing_parents`` maps each org code already in the register to its parent's code; rows
    in the file override it. A parent may be defined later in the file than its children.
    """
    errors: list[RowError] = []
    by_code: dict[str, OrgRow] = {}
    credit_seen: dict[str, int] = {}
    for r in rows:
        if r.code in by_code:
            errors.append(RowError(r.line, f"代码“{r.code}”与第{by_code[r.code].line}行重复。"))
            continue
        by_code[r.code] = r
        cc = r.fields["credit_code"]
        if cc and cc in credit_seen:
            errors.append(RowError(r.line, f"统一社会信用代码“{cc}”与第{credit_seen[cc]}行重复。"))
        elif cc:
            credit_seen[cc] = r.line
    parents = dict(existing_parents) | {c: (r.parent or None) for c, r in by_code.items()}
    depth: dict[str, int] = {}
    for code, r in by_code.items():
        if r.parent and r.parent not in parents:
            errors.append(RowError(r.line, f"上级“{r.parent}”不存在：文件和单位名录中都没有它。"))
            continue
        if r.parent == code:
            errors.append(RowError(r.line, "上级不能是本单位。"))
            continue
        chain = [code]
        node = parents.get(code)
        while node is not None and node not in chain and node in parents:
            chain.append(node)
            node = parents.get(node)
        if node is not None and node in chain:
            errors.append(RowError(r.line, f"上级关系成环：{' → '.join([*chain, node])}。"))
            continue
        depth[code] = len(chain)
    ordered = sorted((r for c, r in by_code.items() if c in depth), key=lambda r: depth[r.code])
    return ordered, errors


def orgs_import_validate(*, rows: Iterable[Row]) -> tuple[list[OrgRow], RowErrors]:
    """Validate every row of a register file; returns the rows parents-first and all errors."""
    errors = RowErrors()
    clean: list[OrgRow] = []
    for row in rows:
        org_row, row_errors = org_row_clean(row)
        errors.extend(row_errors)
        if org_row:
            clean.append(org_row)
    existing = {
        code: parent for code, parent in Org.objects.values_list("code", "parent__code").iterator()
    }
    ordered, tree_errors = org_rows_check_tree(clean, existing)
    errors.extend(tree_errors)
    return ordered, errors


@transaction.atomic
def orgs_import(*, rows: list[OrgRow]) -> tuple[int, int]:
    """Create or update orgs from validated rows (parents first). Returns (created, updated).

    Every imported org is announced (``org_registered``), so it can publish at once: it gets its
    catalogue classes and its portal site, in the same transaction.
    """
    created = updated = 0
    by_code = {o.code: o for o in Org.objects.filter(code__in=[r.code for r in rows])}
    for r in rows:
        parent = None
        if r.parent:
            parent = by_code.get(r.parent) or Org.objects.get(code=r.parent)
            by_code[r.parent] = parent
        fields = dict(r.fields)
        kind = fields.pop("kind")
        name = fields.pop("name")
        org = by_code.get(r.code)
        if org is None:
            org = by_code[r.code] = org_create(
                code=r.code, name=name, kind=kind, parent=parent, **fields
            )
            created += 1
        else:
            org_update(org=org, name=name, kind=kind, parent=parent, **fields)
            updated += 1
        org_registered.send(sender=Org, org=org)
    return created, updated
