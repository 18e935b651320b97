from wagtail.models import Locale, Site

from cms.public import public_pages


def site_context(request):
    """The navigation: the public sections under the home page of the current language."""
    if getattr(request, "path", "").startswith("/admin/"):
        return {}
    site = Site.find_for_request(request)
    if site is None:
        return {}
    locale = Locale.get_active()
    home = public_pages(site=site, locale=locale).filter(depth=site.root_page.depth).first()
    if home is None:
        return {}
    sections = public_pages(site=site, locale=locale).child_of(home).filter(show_in_menus=True)
    return {"site_home": home, "site_sections": sections}
