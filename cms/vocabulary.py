"""Choice labels that visitors read, in the site's gettext catalog.

The models and blocks take their choices from here; the catalog (locale/,
made by `make messages`) is extracted from the public sources only
(cms/management/commands/makemessages.py), so these labels are translated into
every language of the site while the editors' help texts stay with Wagtail's
admin languages.
"""

from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("BY", _("Belarus")),
    ("CH", _("Switzerland")),
    ("CZ", _("Czechia")),
    ("DE", _("Germany")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("ES", _("Spain")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("GB", _("United Kingdom")),
    ("IE", _("Ireland")),
    ("IS", _("Iceland")),
    ("IT", _("Italy")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("LV", _("Latvia")),
    ("NL", _("Netherlands")),
    ("NO", _("Norway")),
    ("PL", _("Poland")),
    ("PT", _("Portugal")),
    ("RU", _("Russia")),
    ("SE", _("Sweden")),
    ("UA", _("Ukraine")),
]

PARTNER_ROLES = {
    "lead_partner": _("Lead partner"),
    "coordinator": _("Project co-ordinator"),
    "partner": _("Partner"),
    "observer": _("Observer"),
}

MEETING_KINDS = [
    ("working_group_meeting", _("Working-group meeting")),
    ("workshop", _("Workshop")),
    ("advisory_board_meeting", _("Local advisory board meeting")),
    ("national_seminar", _("National seminar")),
    ("conference", _("Conference")),
    ("network_meeting", _("Network meeting")),
]

MEETING_ORGANISERS = [
    ("wp_coordinator", _("The work package co-ordinator")),
    ("each_city_partner", _("Each city partner")),
    ("partner", _("The partner named below")),
]
