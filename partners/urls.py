from django.urls import path

from partners import demo, embed, oembed

app_name = "partners"

urlpatterns = [
    # The partner widget: its script, its data, its iframe form, one item as a card.
    path("embed/news.js", embed.news_js, name="embed_js"),
    path("embed/news.json", embed.news_json, name="embed_json"),
    path("embed/news/", embed.news_frame, name="embed_frame"),
    path("embed/news/<int:page_id>/", embed.news_card, name="embed_card"),
    path("oembed/", oembed.oembed, name="oembed"),
    # make run's stand-in for a partner's webhook receiver (DEBUG only).
    path("embed/demo-receiver/<slug:slug>/", demo.demo_receiver, name="demo_receiver"),
]
