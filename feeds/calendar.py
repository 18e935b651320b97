"""The events calendar: news items with event details as iCalendar (RFC 5545).

Each event keeps the UID of its news item's permanent id, so a calendar
application updates an event in place when the news item is edited, renamed or
moved. Times are local to the event's city (a TZID with its VTIMEZONE), an
event without times is a whole-day event, and every date comes from the
content, never from the clock: the same content gives the same bytes.
"""

import datetime

from django.conf import settings

import icalendar

from feeds.entries import absolute_uri, id_authority, text
from feeds.news import Sections, channel

PRODUCT_ID = "-//BaltMet Inno//Events calendar//EN"


def events_calendar(resolved, origin):
    sections = Sections.of(resolved)
    info = channel(resolved, "ics", origin, sections)
    # The newest events by their start, FEED_CALENDAR_EVENTS of them at most.
    pages = list(
        resolved.news()
        .filtered(events_only=True)
        .for_feed()
        .order_by("-event_start_date", "-pk")[: settings.FEED_CALENDAR_EVENTS]
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = info.title
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", info.subtitle)
    calendar.add("x-wr-caldesc", info.subtitle)
    calendar.add("url", info.alternate_url)
    calendar.add("source", info.self_url, parameters={"VALUE": "URI"})
    refresh = datetime.timedelta(seconds=max(60, settings.FEED_MAX_AGE))
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(refresh).to_ical().decode())

    dates = []
    for page in pages:
        event = _event(page)
        if event is not None:
            calendar.add_component(event)
            dates.append(page.event_start_date)
            dates.append(page.event_last_date)
    if dates:
        # Time zone definitions that cover the events, not the whole era.
        calendar.add_missing_timezones(
            first_date=min(dates) - datetime.timedelta(days=366),
            last_date=max(dates) + datetime.timedelta(days=366),
        )
    return calendar.to_ical()


def _event(page):
    city = page.event_city
    if city is None:
        return None
    published = page.publication_date
    updated = max(published, page.last_published_at or published)
    event = icalendar.Event()
    # Stable across edits, renames and moves, like the feed entry's id (not
    # that tag: URI itself: its comma would be escaped in iCalendar text).
    event.add("uid", f"news-{page.pk}@{id_authority()}")
    # DTSTAMP: when this description of the event last changed.
    event.add("dtstamp", updated.astimezone(datetime.UTC))
    event.add("last-modified", updated.astimezone(datetime.UTC))
    event.add("created", published.astimezone(datetime.UTC))
    event.add("summary", text(page.title) or "Event")
    url = absolute_uri(page.get_url(None) or "")
    teaser = text(page.teaser)
    event.add("description", f"{teaser}\n\n{url}" if teaser else url)
    event.add("url", url)
    parts = (text(page.event_venue), text(city.name), str(city.get_country_display()))
    event.add("location", ", ".join(part for part in parts if part))
    starts_at = page.event_starts_at
    if starts_at is None:
        event.add("dtstart", page.event_start_date)
        # DTEND of a whole-day event is the day after its last day.
        event.add("dtend", page.event_last_date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", starts_at)
        ends_at = page.event_ends_at
        if ends_at is not None:
            event.add("dtend", ends_at)
    tags = [text(tag.name) for tag in page.tags.all()]
    if tags:
        event.add("categories", sorted(tags, key=str.lower))
    event.add("class", "PUBLIC")
    return event
