"""Next-token balls (galton.core.tokens) and Session.use_data, which trains a board on them."""

import numpy as np
import pytest

from galton.core import tokens
from galton.core.datasets import DatasetError
from galton.recorder import Recorder
from galton.scripting import run_script
from galton.session import Session

SENTENCE = "今天天气很好"


def test_the_pairs_are_the_articles():
    assert [str(p) for p in tokens.pairs(SENTENCE)] == [
        "BEGIN→今", "今→天", "今天→天", "今天天→气", "今天天气→很", "今天天气很→好",
        "今天天气很好→END"]
    assert tokens.pairs(SENTENCE)[3].context == ("今", "天", "天")
    assert tokens.vocabulary(SENTENCE) == ("今", "天", "气", "很", "好", "END")
    assert tokens.last_tokens(SENTENCE) == ("BEGIN", "今", "天", "气", "很", "好")


def test_features_tell_every_context_apart_and_the_last_token_alone_does_not():
    data = tokens.dataset(SENTENCE)
    assert data.feature_names == ("last=BEGIN", "last=今", "last=天", "last=气", "last=很",
                                  "last=好", "position")
    assert data.class_names == tokens.vocabulary(SENTENCE)
    assert data.y.tolist() == [0, 1, 1, 2, 3, 4, 5]
    np.testing.assert_array_equal(data.X[2], [0, 0, 1, 0, 0, 0, 2])   # 今天: last 天, 2 read
    np.testing.assert_array_equal(data.X[3], [0, 0, 1, 0, 0, 0, 3])   # 今天天: last 天, 3 read
    assert len({tuple(x) for x in data.X}) == 7
    last = tokens.dataset(SENTENCE, last_only=True)
    assert last.features == 6 and len({tuple(x) for x in last.X}) == 6
    np.testing.assert_array_equal(last.X[2], last.X[3])              # same ball, cups 天 and 气
    assert last.y[2] != last.y[3]


def test_bad_sentences_are_refused_with_a_reason():
    with pytest.raises(DatasetError, match="at least one token"):
        tokens.pairs("  ")
    with pytest.raises(DatasetError, match="must be text"):
        tokens.pairs(42)
    with pytest.raises(DatasetError, match="not in the sentence"):
        tokens.features(SENTENCE, ("雨",))
    assert [str(p) for p in tokens.pairs("a b")] == ["BEGIN→a", "a→b", "ab→END"]


def test_the_session_trains_a_board_on_balls_made_in_memory():
    session = Session()
    seen = []
    for name in ("data", "board", "params"):
        session.events.connect(name, lambda s, name=name: seen.append(name))
    session.set(rows=5, lr=1.0)
    seen.clear()
    session.use_data(tokens.dataset_fields(SENTENCE))
    assert seen == ["data", "board", "params"]
    assert session.data.name == "next tokens of 今天天气很好" and session.test_set is None
    assert (session.board.rows, session.board.features, session.board.cups) == (5, 7, 6)
    # the untrained board spreads every ball binomially, one bin per cup
    np.testing.assert_allclose(session.board.cup_probabilities(session.data.X[5:6])[0],
                               np.array([1, 5, 10, 10, 5, 1]) / 32, rtol=1e-14)
    session.step(300)
    assert session.board.cup_probabilities(session.data.X[5:6])[0, 4] > 0.9
    session.lr = 0.5                       # training settings keep the balls
    session.set(rows=6)                    # so does a new board
    assert session.data.name.startswith("next tokens") and session.board.features == 7
    assert session.drop(7).cups.shape == (7,)
    session.set(colors=2)                  # a data setting builds the scenario's balls again
    assert session.data.name == "colors(2)"


def test_use_data_refuses_what_is_not_balls_and_changes_nothing():
    session = Session()
    board = session.board
    with pytest.raises(TypeError, match="Dataset or a dict"):
        session.use_data([[1, 2]])
    with pytest.raises(DatasetError):
        session.use_data({**tokens.dataset_fields(SENTENCE), "y": [0, 1]})
    assert session.board is board and session.data.name == "colors(3)"


def test_show_as_script_replays_use_data_bit_for_bit(tmp_path):
    session = Session()
    recorder = Recorder(session)
    session.set(rows=5, lr=1.0)
    session.use_data(tokens.dataset_fields(SENTENCE))
    session.step(20)
    path = tmp_path / "session.py"
    path.write_text(recorder.script(), encoding="utf-8")
    again = run_script(path)["session"]
    assert again.data.class_names == session.data.class_names
    assert np.array_equal(again.board.theta, session.board.theta)
