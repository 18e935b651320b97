"""cms.urls plus Wagtail's stock API v2, showing news with the fields our API shows."""

from django.urls import path

from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField

from rest_framework import serializers

from cms.models import NewsPage
from cms.urls import urlpatterns as site_urlpatterns

# Stock API v2 shows only the fields a model lists; these are the fields the
# content API shows, so that both serve the same data.
NewsPage.api_fields = [
    APIField("publication_date"),
    APIField("teaser"),
    APIField("body"),
    APIField("lead_image"),
    APIField("lead_image_480", serializer=ImageRenditionField("width-480", source="lead_image")),
    APIField("tags"),
    APIField("work_packages", serializer=serializers.StringRelatedField(many=True)),
    APIField("partners", serializer=serializers.StringRelatedField(many=True)),
    APIField("event_start_date"),
    APIField("event_end_date"),
    APIField("event_venue"),
    APIField("event_city", serializer=serializers.StringRelatedField()),
]

router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [path("api/v2/", router.urls), *site_urlpatterns]
