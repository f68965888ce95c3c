"""Run the reader (or a bare Textual app) headless until its first screen is filled; print timings.

Used by run.py in a fresh process: `python startup.py reader|bare|loaded|searched CORPUS START_TIME`.
Prints one JSON line: seconds from START_TIME to the filled screen (`loaded`: to every item
unpacked and the background work done; `searched`: then the search opened and its texts and
postings in), and peak RSS in MB.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> None:
    mode, corpus, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
    result: dict[str, float] = {}
    if mode == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Label

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Label("hello")

            def on_ready(self) -> None:
                result["seconds"] = time.time() - start
                self.exit()

        Bare().run(headless=True, size=(120, 35))
    else:
        from tui.core import paths
        from tui.core.cache.prefetch import Prefetch
        from tui.core.state import Opening

        opening = Opening(paths.data_dir(), later=True)  # (as the command line starts the reader: marks read beside the imports,
        prefetch = Prefetch(paths.cache_dir(), [corpus])  # and the index cache's head)
        from tui.app import BriefApp
        from tui.messages import LibraryLoaded, NewFound, Prepared
        from tui.screens.reader import ReaderScreen

        class TimedReader(ReaderScreen):
            """Stops at the first frame that shows both lists filled."""

            def on_library_loaded(self, event: LibraryLoaded) -> None:  # (besides the screen's own handler)
                self.call_after_refresh(self.app._filled)  # type: ignore[attr-defined]  # no cache: the worker fills the lists

        class Timed(BriefApp):
            def make_reader(self) -> ReaderScreen:
                return TimedReader(self.session, self.options)

            def on_ready(self) -> None:  # the first frame is on screen
                super().on_ready()
                self._filled()

            def _filled(self) -> None:
                screen = self.screen
                assert isinstance(screen, ReaderScreen)
                if "seconds" in result or not (screen.item_list.row_count > 0 and screen.digest_list.row_count > 1):
                    return
                result["seconds"] = time.time() - start
                self.exit()

        class LoadedReader(ReaderScreen):
            """Stops once the library is checked and every item unpacked (for peak memory), and
            the worker's last step (what is new since the last visit) is done: quitting while it
            writes the state file can crash the process (the store is closed under it)."""

            def on_prepared(self, event: Prepared) -> None:
                result["seconds"] = time.time() - start

            def on_new_found(self, event: NewFound) -> None:  # the worker's last step
                self.app.exit()

        class SearchedReader(ReaderScreen):
            """Opens the search once the library is prepared; stops once its postings are lined
            up (and the worker's last step is done, as above)."""

            def on_prepared(self, event: Prepared) -> None:
                self.action_search()
                self.set_interval(0.02, self._postings)

            def on_new_found(self, event: NewFound) -> None:
                result["new_found"] = 1

            def _postings(self) -> None:
                if self.session.builder._whole is not None and "seconds" not in result:
                    result["seconds"] = time.time() - start
                if "seconds" in result and "new_found" in result:
                    del result["new_found"]
                    self.app.exit()

        class Loaded(BriefApp):
            def make_reader(self) -> ReaderScreen:
                return (SearchedReader if mode == "searched" else LoadedReader)(self.session, self.options)

        (Loaded if mode in ("loaded", "searched") else Timed)([corpus], opening=opening, prefetch=prefetch).run(headless=True, size=(120, 35))
    result["rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM where Linux gives it (getrusage's maxrss starts from the
    parent's at fork, so after a big parent it says the parent's), else getrusage."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
