"""The Session owns training (galton.playing): Play in a thread, changes between two steps, no
stale snapshot ever published, pictures that nothing writes. No Qt."""

import os
import sys
import threading
import time

import numpy as np
import pytest

from galton.session import Session


def wait_until(condition, timeout=20.0):
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.002)


def test_play_trains_in_the_background_and_pause_stops_it():
    s = Session()
    states = []
    s.events.connect("playing", lambda session, on: states.append(on))
    s.speed = 0
    s.play()
    assert s.playing
    wait_until(lambda: s.trainer.step_count > 20)
    s.pause()
    assert not s.playing and not s.owner.running
    steps = s.trainer.step_count
    time.sleep(0.1)
    assert s.trainer.step_count == steps  # really paused
    assert states == [True, False]
    history = s.trainer.history
    assert len(history) == steps and np.all(np.diff(history.step) == 1)


def test_pause_ends_the_rest_between_two_slow_steps_at_once():
    """At a slow playback speed Play's thread rests between two steps; Pause wakes it instead
    of letting the rest run out (it slept up to 0.25 s: Pause at 10 steps/s took 80 ms)."""
    import statistics

    s = Session()
    s.speed = 1  # one step a second: almost all the time is rest
    took = []
    for _ in range(5):
        before = s.trainer.step_count
        s.play()
        wait_until(lambda before=before: s.trainer.step_count > before)
        time.sleep(0.03)  # resting now
        started = time.perf_counter()
        s.pause()
        took.append(time.perf_counter() - started)
        assert not s.owner.running
    assert statistics.median(took) < 0.08, took


def test_a_change_while_playing_lands_between_steps_and_play_goes_on_on_the_new_board():
    s = Session()
    s.speed = 0
    s.play()
    wait_until(lambda: s.trainer.step_count > 5)
    old = s.trainer
    s.set(rows=4)
    assert s.board.rows == 4 and s.playing
    frozen = old.step_count
    wait_until(lambda: s.trainer.step_count > 5)  # the new trainer trains
    time.sleep(0.05)
    assert old.step_count == frozen  # the old one never again
    s.reset()
    assert s.playing
    wait_until(lambda: s.trainer.step_count > 3)
    s.pause()
    assert len(s.trainer.history) == s.trainer.step_count


def test_no_snapshot_of_an_old_trainer_or_an_older_moment_is_published():
    s = Session()
    pending = []
    s.owner.deliver = pending.append  # a slow window: publishing waits until we say so
    published = []
    s.events.connect("trained", lambda session, snap: published.append(
        (snap, session.trainer, session.board.theta.shape)))
    s.speed = 0
    s.play()
    wait_until(lambda: pending)
    s.set(rows=4)  # the mail waiting is of the 6-row board
    for publish in pending:
        publish()
    assert all(snap.params.shape == shape for snap, _, shape in published)
    pending.clear()
    wait_until(lambda: pending)
    before = s.trainer

    def deliver():  # each mail once, also what Play sends meanwhile
        while pending:
            pending.pop(0)()

    s.step(3)  # a Step while playing: later steps than any mail already sent
    deliver()
    steps = [snap.step for snap, trainer, _ in published if trainer is before]
    assert steps == sorted(steps)  # never back in time
    # Play goes on meanwhile, so the trainer may be a step ahead of the last mail (a CI run
    # read step 248 against mail of step 247): once Play has stopped and its last mail is
    # delivered, the picture is of the trainer's last step, never an older one.
    s.pause()
    deliver()
    steps = [snap.step for snap, trainer, _ in published if trainer is before]
    assert steps == sorted(steps)
    assert published[-1][0].step == s.trainer.step_count or not published[-1][0].step
    assert s.owner.publish_mail() is False


def test_stale_mail_is_dropped_by_generation():
    s = Session()
    pending = []
    s.owner.deliver = pending.append
    got = []
    s.events.connect("trained", lambda session, snap: got.append(snap))
    s.speed = 0
    s.play()
    wait_until(lambda: pending)
    generation = s.owner.generation
    s.lr = 0.2  # any change starts a new generation
    assert s.owner.generation > generation
    mail = s.owner._mailbox
    assert mail is None or mail[0] == s.owner.generation
    s.pause()


def test_divergence_stops_play():
    s = Session()
    s.set(lr=1e4)
    s.trainer.max_param_norm = 10.0
    states = []
    s.events.connect("playing", lambda session, on: states.append(on))
    diverged = []
    s.events.connect("diverged", lambda session, d: diverged.append(d))
    s.speed = 0
    s.play()
    wait_until(lambda: states == [True, False])
    assert not s.playing and diverged and s.trainer.diverged is not None


def test_a_hold_from_another_thread_stops_play_and_it_goes_on_after():
    s = Session()
    s.speed = 0
    s.play()
    wait_until(lambda: s.trainer.step_count > 3)
    inside = {}

    def action():
        with s.hold():
            first = s.trainer.step_count
            time.sleep(0.15)
            inside["still"] = s.trainer.step_count == first  # nobody else trained
            s.step(10)
            inside["after"] = s.trainer.step_count == first + 10

    thread = threading.Thread(target=action)
    thread.start()
    thread.join(20)
    assert inside == {"still": True, "after": True}
    wait_until(lambda: s.owner.running)
    s.pause()


def test_pause_inside_a_hold_is_kept():
    s = Session()
    s.speed = 0
    s.play()
    with s.hold():
        s.pause()
    time.sleep(0.05)
    assert not s.playing and not s.owner.running


def test_play_inside_a_hold_starts_after_it():
    s = Session()
    s.speed = 0
    with s.hold():
        s.play()
        s.step(2)
        assert s.trainer.step_count == 2
    wait_until(lambda: s.trainer.step_count > 4)
    s.pause()


def test_a_picture_is_a_copy_nothing_writes():
    s = Session()
    s.step(3)
    picture = s.picture()
    theta = picture.theta.copy()
    s.step(5)
    assert np.array_equal(picture.theta, theta) and picture.step == 3
    assert len(picture.history()["step"]) == 3
    assert picture.trainer_id == s.picture().trainer_id
    s.set(rows=4)
    assert s.picture().trainer_id != picture.trainer_id


def test_rewind_keeps_older_pictures_as_they_were():
    s = Session()
    s.step(25)
    picture = s.picture()
    losses = picture.history()["train_loss"].copy()
    s.rewind(10)
    s.step(20)
    assert s.trainer.step_count == 30
    np.testing.assert_array_equal(picture.history()["train_loss"], losses)


def test_speed_is_checked():
    s = Session()
    with pytest.raises(ValueError, match="speed"):
        s.speed = -1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread nice values: Linux")
def test_background_threads_run_at_a_lower_priority_and_play_does_not():
    from galton.playing import BACKGROUND_NICE, lower_priority

    def nice():
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    mine = nice()
    seen = {}

    def background():
        lower_priority()
        seen["job"] = nice()

    thread = threading.Thread(target=background)
    thread.start()
    thread.join()
    assert seen["job"] == max(mine, BACKGROUND_NICE)
    assert nice() == mine  # only the thread that asked

    session = Session()
    original = session.trainer.step

    def step():
        seen["play"] = nice()
        return original()

    session.trainer.step = step
    session.play()
    deadline = time.perf_counter() + 10
    while "play" not in seen and time.perf_counter() < deadline:
        time.sleep(0.01)
    session.pause()
    # Play holds the lock the UI thread waits for between two steps: never put off.
    assert seen["play"] == mine
