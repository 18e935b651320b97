from django.urls import path

from feeds import views

app_name = "feeds"

urlpatterns = [
    path("feeds/", views.index, name="index"),
    path("feeds/news.rss", views.news_rss, name="news_rss"),
    path("feeds/news.atom", views.news_atom, name="news_atom"),
    path("feeds/news.json", views.news_json, name="news_json"),
    path("feeds/events.ics", views.events_ics, name="events_ics"),
    path("feeds/opml.xml", views.opml, name="opml"),
]
