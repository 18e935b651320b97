"""Work that a publish starts but must not wait for: sends to partners' servers and hubs.

With the immediate task backend (local use, tests, a small site without a
worker) a task would run inside the editor's request; these threads take it
out of the request instead. They are tracked so that tests, and a process
shutting down cleanly, can wait for what is under way.
"""

import threading

from django.db import connections


class BackgroundThreads:
    def __init__(self, name):
        self.name = name
        self._threads = set()
        self._lock = threading.Lock()

    def start(self, function, *args):
        def run():
            try:
                function(*args)
            finally:
                # The thread's own database connections; left open they would outlive it.
                connections.close_all()
                with self._lock:
                    self._threads.discard(thread)

        thread = threading.Thread(target=run, name=self.name, daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def running(self):
        with self._lock:
            return len(self._threads)

    def wait(self, timeout=None):
        """Wait for the threads started so far."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)
