"""Session.add_cup: a trained board gets one more cup (every peg kept) and new balls to train
on — where fine-tuning a new colour starts; recorded by Show as script and replayed exactly."""

import numpy as np
import pytest

from galton.core import finetune
from galton.recorder import Recorder
from galton.scripting import run_script
from galton.session import Session


def _fields(data) -> dict:
    return {"X": data.X.tolist(), "y": data.y.tolist(), "feature_names": data.feature_names,
            "class_names": data.class_names, "class_colors": data.class_colors,
            "name": data.name}


def _four_colours(session, n=40):
    new = finetune.add_color(session.train_set, n, seed=1)
    return finetune.mix(new, session.train_set, 1.0, seed=0)


def test_add_cup_keeps_every_peg_and_trains_on_the_new_balls():
    session = Session()
    session.step(30)
    theta = session.board.theta.copy()
    seen = []
    for name in ("data", "board", "params"):
        session.events.connect(name, lambda s, name=name: seen.append(name))
    data = _four_colours(session)
    session.add_cup(data)
    assert seen == ["data", "board", "params"]
    assert session.board.cups == 4 and session.board.rows == 6
    np.testing.assert_array_equal(session.board.theta, theta)
    np.testing.assert_array_equal(session.board.bin_to_cup, [0, 0, 1, 1, 2, 2, 3])
    assert session.train_set is data and session.test_set is None
    assert session.trainer.step_count == 0
    session.step(5)
    assert session.trainer.history.train_loss.size == 5


def test_add_cup_takes_a_map_and_dataset_fields():
    session = Session()
    session.add_cup(_fields(_four_colours(session)), bin_to_cup=[0, 0, 1, 1, 1, 2, 3])
    np.testing.assert_array_equal(session.board.bin_to_cup, [0, 0, 1, 1, 1, 2, 3])
    assert session.data.class_names == ("red", "green", "blue", "yellow")


def test_add_cup_refuses_what_does_not_fit_and_changes_nothing():
    session = Session()
    board, data = session.board, session.data
    with pytest.raises(ValueError, match="4 classes"):
        session.add_cup(session.train_set)             # 3 classes: no new colour
    with pytest.raises(TypeError, match="Dataset"):
        session.add_cup([[1, 2]])
    with pytest.raises(ValueError, match="contiguous"):
        session.add_cup(_four_colours(session), bin_to_cup=[0, 1, 0, 1, 2, 2, 3])
    assert session.board is board and session.data is data


def test_show_as_script_replays_add_cup_bit_for_bit(tmp_path):
    session = Session()
    recorder = Recorder(session)
    session.step(20)
    session.add_cup(_fields(_four_colours(session, 20)))
    session.step(10)
    path = tmp_path / "session.py"
    path.write_text(recorder.script(), encoding="utf-8")
    again = run_script(path)["session"]
    assert again.board.cups == 4
    assert np.array_equal(again.board.theta, session.board.theta)
