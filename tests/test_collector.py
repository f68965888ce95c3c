"""The collector's settings: paused while a worker makes long-lived objects, put back after."""

from __future__ import annotations

import gc

import pytest

from tui.core import collector


@pytest.fixture(autouse=True)
def _settings_kept() -> object:
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    (gc.enable if enabled else gc.disable)()


@pytest.mark.parametrize("on", [True, False])
def test_paused_turns_collection_off_then_back_as_it_was_and_freezes_what_was_made(on: bool) -> None:
    (gc.enable if on else gc.disable)()
    frozen = gc.get_freeze_count()
    with collector.paused():
        assert not gc.isenabled()
        made = [[n] for n in range(1000)]  # (tracked objects)
    assert gc.isenabled() is on
    assert gc.get_freeze_count() >= frozen + len(made)


def test_paused_puts_collection_back_when_the_block_raises() -> None:
    gc.enable()
    with pytest.raises(KeyError), collector.paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_making_long_lived_puts_the_thresholds_back_unless_they_were_set_meanwhile() -> None:
    gc.set_threshold(700, 10, 10)
    with collector.making_long_lived():
        assert gc.get_threshold() == collector.YOUNG_THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)
    with collector.making_long_lived():
        gc.set_threshold(*collector.READER_THRESHOLDS)  # (the reader's first frame, meanwhile)
    assert gc.get_threshold() == collector.READER_THRESHOLDS
