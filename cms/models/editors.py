"""Who edits on behalf of which partner."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.models.partners import Partner


class PartnerEditor(models.Model):
    """A user who edits news for one partner organisation, and so for its city.

    Members of the "Partner editors" group may create and edit only the news
    that concerns their city: news naming a partner there, or an event there.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_editor"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="editors")

    class Meta:
        verbose_name = _("partner editor")

    def __str__(self):
        return f"{self.user} for {self.partner}"

    @property
    def city(self):
        return self.partner.city
