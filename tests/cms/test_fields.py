import datetime

from django.core.exceptions import ValidationError

import pytest

from cms.fields import MonthFormField, month_end


def test_month_form_field_reads_what_a_month_input_sends():
    assert MonthFormField().clean("2006-07") == datetime.date(2006, 7, 1)


def test_month_form_field_keeps_only_the_month_of_a_full_date():
    assert MonthFormField().clean("2006-07-19") == datetime.date(2006, 7, 1)


def test_month_form_field_rejects_a_thirteenth_month():
    with pytest.raises(ValidationError):
        MonthFormField().clean("2006-13")


@pytest.mark.parametrize(
    ("month", "last_day"),
    [
        (datetime.date(2006, 6, 1), datetime.date(2006, 6, 30)),
        (datetime.date(2006, 12, 1), datetime.date(2006, 12, 31)),
        (datetime.date(2008, 2, 1), datetime.date(2008, 2, 29)),
    ],
)
def test_month_end_is_the_last_day_of_the_month(month, last_day):
    assert month_end(month) == last_day
