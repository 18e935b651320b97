"""The import's report, as lines of text: what each file gave, what became of it, totals.

The same report for a real run and a dry run (only the verbs differ), so an
operator can read what an import would do before doing it, and every count in
the totals can be checked against the lines above it.
"""

from cms.legacy.importer import ACTIONS, days_label

VERBS = {
    "created": ("created", "would create"),
    "updated": ("updated", "would update"),
    "unchanged": ("unchanged", "unchanged"),
    "skipped": ("skipped", "would skip"),
}


def _verb(action, dry_run):
    return VERBS[action][1 if dry_run else 0]


def _months(start, end):
    if start == end:
        return f"{start:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} – {end:%B %Y}"
    return f"{start:%B %Y} – {end:%B %Y}"


def _plural(count, word, plural=None):
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _work_package_lines(package):
    parts = []
    if package.number is not None and package.title_source == package.number_source:
        parts.append(f"number and name from {package.number_source}")
    else:
        if package.number is not None:
            parts.append(f"number from {package.number_source}")
        if package.title_source == "its number":
            parts.append("no name on the page")
        elif package.title_source.startswith(("the page's title", "the file")):
            nothing = "no heading of its own" + (
                " nor title" if package.title_source.startswith("the file") else ""
            )
            parts.append(f"{nothing}: named after {package.title_source}")
        else:
            parts.append(f"named by {package.title_source}")
        if package.number is None:
            parts.append("no number on the page")
    label = f"WP {package.number}" if package.number is not None else ""
    if package.title:
        label = f"{label} “{package.title}”".strip()
    lines = [f"work package {label}: {'; '.join(parts)}"]
    numbers = [milestone.number for milestone in package.milestones]
    period = _months(
        min(milestone.period_start for milestone in package.milestones),
        max(milestone.period_end for milestone in package.milestones),
    )
    milestones = f"milestones {', '.join(map(str, numbers))} ({period})"
    announced = package.announced_milestones
    if announced is not None and announced > len(numbers):
        milestones += f"; its introduction announces {announced}: the others are not on this page"
    elif announced is not None and announced < len(numbers):
        milestones += f"; its introduction announces only {announced}"
    return [*lines, milestones]


def _article_line(article):
    kind = "event" if article.is_event_page else "news"
    details = []
    if article.places:
        details.append(article.places[0])
    if article.date:
        details.append(days_label(article.date, article.end_date))
    where = f", {', '.join(details)}" if details else ""
    return f"article (line {article.line}): {kind} “{article.title}”{where}"


def file_lines(page):
    """What one file gave."""
    how = "HTML" if page.is_html else "text"
    lines = [f"{page.name} ({how}, {page.encoding or 'utf-8'}):"]
    parts = []
    if page.work_package is not None:
        parts += _work_package_lines(page.work_package)
    if page.news or page.news_left_out:
        news = f"latest news: {_plural(len(page.news), 'item')}"
        if page.news_left_out:
            news += f", {page.news_left_out} left out"
        parts.append(news)
    if page.article is not None:
        parts.append(_article_line(page.article))
    parts += [
        f"warning, {warning}" if warning.line else f"warning: {warning}"
        for warning in page.warnings
    ]
    parts += [f"note, {note}" if note.line else f"note: {note}" for note in page.notes]
    return lines + [f"  {part}" for part in parts]


def outcome_lines(report, verbosity=1):
    lines = []
    for outcome in report.outcomes:
        line = f"{_verb(outcome.action, report.dry_run)} {outcome.kind} {outcome.label}"
        if outcome.changes and outcome.action != "unchanged":
            line += f": {'; '.join(outcome.changes)}"
        lines.append(line)
        if verbosity > 1:
            lines.append(f"    from {', '.join(outcome.sources)}")
        lines += [f"    note: {note}" for note in outcome.notes]
    return lines


def _actions(report, kind=None):
    return ", ".join(
        f"{report.count(action, kind)} {_verb(action, report.dry_run)}" for action in ACTIONS
    )


def total_lines(report):
    pages = report.pages
    with_package = sum(1 for page in pages if page.work_package is not None)
    headings = sum(page.milestone_headings for page in pages)
    read = sum(len(page.work_package.milestones) for page in pages if page.work_package)
    entries = sum(len(page.news) for page in pages)
    articles = sum(1 for page in pages if page.article is not None)
    news_left_out = sum(page.news_left_out for page in pages)
    warnings = report.all_warnings()
    lines = [
        f"  work packages: {_plural(with_package, 'file')} describe "
        f"{_plural(report.work_package_count, 'work package')}: "
        f"{_actions(report, 'work package')}",
        f"  milestones: {_plural(headings, 'heading')}, {read} read, {headings - read} left out; "
        f"{report.milestone_count} distinct",
        f"  news: {_plural(entries, 'list entry', 'list entries')} and "
        f"{_plural(articles, 'article')} ({news_left_out} left out) are "
        f"{_plural(report.news_count, 'item')}: {_actions(report, 'news')}",
        f"  warnings: {len(warnings)}",
    ]
    if report.unmatched_places:
        lines.append(f"Places not matched to a city: {', '.join(sorted(report.unmatched_places))}.")
    return lines


def summary_line(report):
    summary = f"{len(report.pages)} file(s) read: {_actions(report)}."
    return f"{summary} Dry run: nothing was written." if report.dry_run else summary


def report_lines(report, verbosity=1):
    """The whole report, the summary line last."""
    lines = ["Files:"]
    for page in report.pages:
        lines += [f"  {line}" for line in file_lines(page)]
    for names, warning in report.warnings:
        lines.append(f"  warning ({', '.join(names)}): {warning.text}")
    lines.append("Pages:")
    lines += [f"  {line}" for line in outcome_lines(report, verbosity)]
    lines.append("Totals:")
    lines += total_lines(report)
    return lines
