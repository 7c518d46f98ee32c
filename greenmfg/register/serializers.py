"""Serializers of the public register's API."""

from __future__ import annotations

import re

from rest_framework import serializers

from greenmfg.api.serializers import JurisdictionSummarySerializer
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.register.models import GreenList, Listing, ListingStatus
from greenmfg.register.search import former_names

_YEAR = re.compile(r"^\d{4}$")


_REGION = re.compile(r"^\d{6}$")


def _choice_filter(choices, label: str, help_text: str) -> serializers.ChoiceField:
    """An optional choice parameter whose error names it and lists the choices."""
    values = [c[0] for c in choices]
    return serializers.ChoiceField(
        choices=choices,
        required=False,
        allow_blank=True,
        help_text=help_text,
        error_messages={"invalid_choice": f"未知{label} {{input}}：可选 {', '.join(values)}"},
    )


class ListingFilterSerializer(serializers.Serializer):
    """Query parameters of the public register search (all optional).

    Bad values answer 400 naming the parameter, Chinese first, with the allowed values.
    """

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="单位、产品或评价机构名称片段"
    )
    level = _choice_filter(Level.choices, "层级", "名单层级")
    list_type = _choice_filter(ListType.choices, "名单类型", "名单类型")
    year = serializers.CharField(
        required=False, allow_blank=True, help_text="名单年度，四位数字，如 2026"
    )
    region = serializers.CharField(
        required=False, allow_blank=True, help_text="行政区划代码（含下级），如 440100"
    )
    status = _choice_filter(ListingStatus.choices, "状态", "条目状态（与 as_of 同用时为当日状态）")
    as_of = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="某日的名录（YYYY-MM-DD）：当日已列入的条目及其当日名称和状态",
        error_messages={"invalid": "as_of 日期无效：应为 YYYY-MM-DD，如 2021-12-31"},
    )

    def validate_year(self, value: str) -> str:
        if value and not _YEAR.match(value):
            raise serializers.ValidationError(f"年度 {value} 无效：应为四位数字年份，如 2026")
        return value

    def validate_region(self, value: str) -> str:
        if value and not _REGION.match(value):
            raise serializers.ValidationError(
                f"地区代码 {value} 无效：应为6位行政区划代码，如 440100"
            )
        return value


class ListingSerializer(serializers.ModelSerializer):
    """One unit (or product) on a published green list."""

    region_code = serializers.SerializerMethodField()
    region_name = serializers.SerializerMethodField()
    green_list = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    green_list_title = serializers.CharField(source="green_list.title", read_only=True)
    former_names = serializers.SerializerMethodField(help_text="曾用名（as_of 时为当日以前的）")
    simulated = serializers.BooleanField(
        source="is_simulated",
        read_only=True,
        help_text="模拟数据（演示程序生成，不是任何主管部门公布的名单） / simulated demo data",
    )

    class Meta:
        model = Listing
        fields = [
            "uuid",
            "unit_name",
            "uscc",
            "list_type",
            "level",
            "year",
            "batch",
            "region_code",
            "region_name",
            "region_text",
            "star",
            "grade",
            "status",
            "agency_name",
            "industry_text",
            "product_name",
            "product_model",
            "product_category",
            "listed_on",
            "removed_on",
            "former_names",
            "green_list",
            "green_list_title",
            "source",
            "simulated",
        ]
        read_only_fields = fields

    def get_former_names(self, obj: Listing) -> list[str]:
        shown = getattr(obj, "shown_former_names", None)
        return list(shown) if shown is not None else former_names(obj)

    def get_region_code(self, obj: Listing) -> str | None:
        return obj.region.code if obj.region_id else None

    def get_region_name(self, obj: Listing) -> str:
        return obj.region.full_name if obj.region_id else obj.region_text


class GreenListSerializer(serializers.ModelSerializer):
    """A published green list."""

    jurisdiction = JurisdictionSummarySerializer(read_only=True)
    simulated = serializers.BooleanField(
        source="is_simulated",
        read_only=True,
        help_text="模拟数据（演示程序生成，不是任何主管部门公布的名单） / simulated demo data",
    )

    class Meta:
        model = GreenList
        fields = [
            "uuid",
            "title",
            "level",
            "year",
            "batch",
            "document_no",
            "published_on",
            "source",
            "simulated",
            "jurisdiction",
        ]
        read_only_fields = fields


class GreenListDetailSerializer(GreenListSerializer):
    listings_count = serializers.IntegerField(read_only=True)

    class Meta(GreenListSerializer.Meta):
        fields = [*GreenListSerializer.Meta.fields, "listings_count"]
        read_only_fields = fields


class GreenListSummarySerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
