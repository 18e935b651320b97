"""The local accounts' passwords, kept for the start-up banner of ``make run``.

``ensure_admin`` and ``ensure_demo_accounts`` generate passwords; printed in the
middle of the install output they scrolled away. With ``--remember FILE`` they
write them to a file only its owner may read (``var/`` is the local site's own
folder), and ``manage.py welcome`` shows them once the server answers.
"""

import json
import os
from pathlib import Path


def add_remember_option(parser):
    """The ``--remember FILE`` option of the commands that make local accounts."""
    parser.add_argument(
        "--remember",
        dest="remember_in",
        metavar="FILE",
        help="Keep generated passwords in FILE (for manage.py welcome) instead of printing them.",
    )


def remembered(path):
    """{username: {"role": ..., "password": ...}} as kept in ``path``; {} if nothing is."""
    try:
        return json.loads(Path(path).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def remember(path, username, role, password):
    accounts = remembered(path)
    accounts[username] = {"role": role, "password": password}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by its owner only, before the passwords are written into it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(accounts, file, indent=1)
