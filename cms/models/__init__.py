from cms.models.editors import PartnerEditor
from cms.models.freshness import ContentVersion, FrontendPurge
from cms.models.pages import (
    HomePage,
    Milestone,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    PartnerIndexPage,
    WorkPackageIndexPage,
    WorkPackagePage,
)
from cms.models.partners import City, Partner
from cms.models.publication import PublicationEvent

__all__ = [
    "City",
    "ContentVersion",
    "FrontendPurge",
    "HomePage",
    "Milestone",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "Partner",
    "PartnerEditor",
    "PartnerIndexPage",
    "PublicationEvent",
    "WorkPackageIndexPage",
    "WorkPackagePage",
]
