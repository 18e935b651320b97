"""Month precision: a milestone runs "January - June 2006", not from a day."""

import datetime

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


def first_of_month(value):
    return value.replace(day=1) if value else value


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthFormField(forms.DateField):
    """Accepts "2006-01" (what <input type="month"> sends) or a full date."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2006-01.")}

    def to_python(self, value):
        return first_of_month(super().to_python(value))


class MonthField(models.DateField):
    """A calendar month, stored as the date of its first day."""

    description = _("Month")

    def pre_save(self, model_instance, add):
        value = first_of_month(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def to_python(self, value):
        return first_of_month(super().to_python(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MonthFormField, **kwargs})


def month_end(value):
    """The last day of the month that ``value`` falls in."""
    following = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)
