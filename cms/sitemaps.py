from wagtail.contrib.sitemaps import Sitemap

from cms.public import public_pages


class PublicPagesSitemap(Sitemap):
    """Every public page of the site being served, in every language."""

    def items(self):
        return (
            public_pages(site=self.get_wagtail_site())
            .select_related("locale")
            .defer_streamfields()
            .specific()
        )
