"""What an editor's browser posts to the Wagtail admin, for tests that go through its views."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


def news_edit_form(page, action="publish"):
    """The edit form of news page ``page`` as submitted with one of its buttons."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "publication_date": "2007-06-15 17:00",
            "teaser": page.teaser,
            "body": streamfield([("paragraph", rich_text("<p>Body.</p>"))]),
            "tags": "",
            f"action-{action}": action,
        }
    )
