"""REST API of the public register (``/api/v1/listings/``, ``/api/v1/green-lists/``),
public, no sign-in."""

from __future__ import annotations

import functools

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny

from greenmfg.api.base import NOT_FOUND, UuidViewSet, register_enum_names
from greenmfg.register.selectors import (
    RegisterPaginator,
    published_lists,
    register_plan,
    search_listings,
    show_as_of,
)
from greenmfg.register.serializers import (
    GreenListDetailSerializer,
    GreenListSerializer,
    ListingFilterSerializer,
    ListingSerializer,
)

# the OpenAPI name of the lists' and listings' source (drf-spectacular ENUM_NAME_OVERRIDES)
register_enum_names({"ListSourceEnum": "greenmfg.register.models.ListSource"})


class RegisterPagination(PageNumberPagination):
    """Pages of the public register: ``count`` is capped at 1,000 and
    ``count_is_capped`` says when there are more (greenmfg.register.selectors.RegisterPaginator)."""

    django_paginator_class = RegisterPaginator

    def paginate_register(self, queryset, request, view, plan: dict):
        """``paginate_queryset`` with the plan chosen from the view's validated filters
        (greenmfg.register.selectors.register_plan)."""
        self.django_paginator_class = functools.partial(RegisterPaginator, **plan)
        return self.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_capped"] = {
            "type": "boolean",
            "description": "true when more than `count` (1,000) listings match",
        }
        schema["required"] = [*schema.get("required", []), "count_is_capped"]
        return schema


@extend_schema_view(
    list=extend_schema(
        summary=_("查询绿色制造名单"),
        parameters=[ListingFilterSerializer],
        responses={
            200: ListingSerializer(many=True),
            400: OpenApiResponse(description="a filter is invalid; the message names it"),
        },
    ),
    retrieve=extend_schema(
        summary=_("单条名单记录"), responses={200: ListingSerializer, 404: NOT_FOUND}
    ),
)
class ListingViewSet(mixins.ListModelMixin, UuidViewSet):
    """Published listings, public (no sign-in). ``count`` stops at 1,000
    (``count_is_capped``): narrow the search, or download a list's XLSX."""

    permission_classes = [AllowAny]
    pagination_class = RegisterPagination
    filter_backends: list = []
    serializer_class = ListingSerializer

    def base_queryset(self):
        """Every listing, in the register's order (public)."""
        return search_listings()

    def list(self, request, *args, **kwargs):
        # the filters validated (400 naming a bad one), then one capped page; no
        # docstring: drf-spectacular would show it as the operation's description
        filters = ListingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        params = {k: v for k, v in filters.validated_data.items() if v}
        qs, plan = register_plan(**params)
        page = self.paginator.paginate_register(qs, request, self, plan)
        page = show_as_of(page, params.get("as_of"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary=_("已公布的绿色制造名单")),
    retrieve=extend_schema(
        summary=_("单个已公布的绿色制造名单"),
        responses={200: GreenListDetailSerializer, 404: NOT_FOUND},
    ),
)
class GreenListViewSet(mixins.ListModelMixin, UuidViewSet):
    """Published green lists (绿色制造名单), public (no sign-in)."""

    permission_classes = [AllowAny]
    filter_backends: list = []
    serializer_class = GreenListDetailSerializer
    list_serializer_class = GreenListSerializer

    def base_queryset(self):
        """Every published list (public)."""
        return published_lists()

    def detail_queryset(self):
        """A list with the number of its listings."""
        return published_lists().annotate(listings_count=Count("listings"))


def register(router) -> None:
    """Register the public register's resources on the API router (greenmfg/urls_api.py)."""
    router.register("listings", ListingViewSet, basename="api-listings")
    router.register("green-lists", GreenListViewSet, basename="api-green-lists")
