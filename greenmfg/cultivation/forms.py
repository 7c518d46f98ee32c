"""Forms of the cultivation pool (梯度培育信息登记表)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.core.vocabulary import ListType, ReviewDecision
from greenmfg.cultivation.models import ManagementSystem, Registration
from greenmfg.cultivation.services import FORM_FIELDS


class RegistrationForm(forms.ModelForm):
    """The registration form; ``list_type`` is chosen only when creating."""

    management_systems = forms.MultipleChoiceField(
        label=_("管理体系认证情况"),
        choices=ManagementSystem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Registration
        fields = list(FORM_FIELDS)
        widgets = {
            "clean_production_valid_until": forms.DateInput(attrs={"type": "date"}),
            "cultivation_plan": forms.Textarea(attrs={"rows": 4}),
        }

    #: list types a section applies to (sections not listed apply to every type)
    SECTION_TYPES = {
        "park": (ListType.PARK,),
        "supply_chain": (ListType.SUPPLY_CHAIN,),
        "design_product": (ListType.DESIGN_PRODUCT,),
    }

    SECTIONS = [
        (
            _("基本情况"),
            [
                "unit_nature",
                "main_products",
                "output_value",
                "energy_consumption",
                "energy_efficiency_level",
                "is_manufacturer",
                "titles_held",
            ],
        ),
        (
            _("清洁生产与管理体系"),
            [
                "clean_production_certified",
                "clean_production_certificate_no",
                "clean_production_valid_until",
                "management_systems",
            ],
        ),
        (_("培育计划"), ["cultivation_plan"]),
        (
            _("仅绿色工业园区填写"),
            "park",
            [
                "park_industrial_value_added_share",
                "park_has_legal_boundary",
                "park_has_management_body",
                "park_plan_published",
            ],
        ),
        (_("仅绿色供应链管理企业填写"), "supply_chain", ["supplier_plan"]),
        (
            _("仅绿色设计产品填写"),
            "design_product",
            ["product_name", "product_model", "product_standard"],
        ),
        (_("联系人与承诺"), ["contact_name", "contact_phone", "contact_email", "commitment"]),
    ]

    def __init__(self, *args, list_type=None, rule_required=None, **kwargs):
        """``list_type``: the registration's type (only its sections are shown; None on a new
        form, where the page shows the chosen type's sections). ``rule_required``: fields the
        jurisdiction's ruleset requires (:func:`greenmfg.cultivation.services.
        rule_required_fields`), marked required with their article before submit."""
        super().__init__(*args, **kwargs)
        self.list_type = list_type
        for name, ref in (rule_required or {}).items():
            field = self.fields[name]
            field.rule_required = ref or True
            field.widget.attrs["aria-required"] = "true"
        self.fields["commitment"].rule_required = True
        self.fields["commitment"].widget.attrs["aria-required"] = "true"

    def sections(self):
        """``[(title, bound fields, list types or "")]`` — the sections for the form's type."""
        out = []
        for title, *rest in self.SECTIONS:
            key, names = rest if len(rest) == 2 else ("", rest[0])
            types = self.SECTION_TYPES.get(key, ())
            if self.list_type and types and self.list_type not in types:
                continue
            out.append((title, [self[name] for name in names], " ".join(types)))
        return out


class NewRegistrationForm(RegistrationForm):
    """The registration form with the list type to choose (``list_types``: those the
    unit may register for, :func:`greenmfg.cultivation.services.allowed_list_types`)."""

    list_type = forms.ChoiceField(label=_("拟创建类别"))

    def __init__(self, *args, list_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list_type"].choices = [(t, ListType(t).label) for t in list_types]
        self.order_fields(["list_type"])

    def sections(self):
        return [(_("申请类别"), [self["list_type"]], ""), *super().sections()]


class ReviewForm(forms.Form):
    """The outcome of a registration's pending review step, with the reasons."""

    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CleanProductionRenewForm(forms.Form):
    """The candidate's renewed 清洁生产企业 certification (004 第七条(一)2)."""

    certificate_no = forms.CharField(label=_("清洁生产企业认定文号"), max_length=100)
    valid_until = forms.DateField(
        label=_("有效期至"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
