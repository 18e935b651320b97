from django.urls import path

from feeds import demo, embed, oembed, views

app_name = "feeds"

urlpatterns = [
    path("feeds/", views.index, name="index"),
    path("feeds/news.rss", views.news_rss, name="news_rss"),
    path("feeds/news.atom", views.news_atom, name="news_atom"),
    path("feeds/news.json", views.news_json, name="news_json"),
    path("feeds/events.ics", views.events_ics, name="events_ics"),
    path("feeds/opml.xml", views.opml, name="opml"),
    # The partner widget: its script, its data, its iframe form, one item as a card.
    path("embed/news.js", embed.news_js, name="embed_js"),
    path("embed/news.json", embed.news_json, name="embed_json"),
    path("embed/news/", embed.news_frame, name="embed_frame"),
    path("embed/news/<int:page_id>/", embed.news_card, name="embed_card"),
    path("oembed/", oembed.oembed, name="oembed"),
    # make run's stand-in for a partner's webhook receiver (DEBUG only).
    path("embed/demo-receiver/<slug:slug>/", demo.demo_receiver, name="demo_receiver"),
]
