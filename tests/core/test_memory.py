"""The memory arithmetic of training: the article's Falcon-180B numbers and the 16 bytes per
parameter of mixed-precision Adam; the trainer's own bytes measured."""

import pytest

import galton
from galton import datasets
from galton.core import memory
from galton.core.optim import SGD, Adam


def test_falcon_180b_weights_gradients_adam_and_checkpoints():
    bill = memory.bill(180e9, "bf16", "adam")
    assert bill.weights == 360e9 == bill.gradients            # the article's 360 GB
    assert bill.optimizer == 180e9 * 8 and bill.master == 180e9 * 4
    assert bill.per_parameter == 16 and memory.human(bill.total) == "2.88 TB"
    assert memory.checkpoints(180e9, "bf16", 10) == 3.6e12    # the article's 3.6 TB
    assert memory.human(memory.checkpoints(180e9, "bf16", 10)) == "3.6 TB"


@pytest.mark.parametrize(("precision", "optimizer", "per"), [
    ("fp32", "sgd", 8), ("fp32", "momentum", 12), ("fp32", "adam", 16),
    ("bf16", "sgd", 2 + 2 + 4), ("fp16", "momentum", 2 + 2 + 4 + 4)])
def test_bytes_per_parameter(precision, optimizer, per):
    assert memory.bill(1e6, precision, optimizer).per_parameter == per


def test_the_hessian_of_175_billion_parameters():
    assert memory.hessian_bytes(105, "fp64") == 105 * 105 * 8
    assert memory.hessian_bytes(175e9, "fp32") == pytest.approx(1.225e23)
    assert memory.human(1.225e23) == "1.2·10²³ bytes"
    assert memory.human(1.225e23, "字节") == "1.2·10²³ 字节"
    assert memory.power_of_ten(3.0625e22) == "3.1·10²²"
    assert memory.human(840) == "840 bytes" and memory.human(88200) == "88.2 kB"


def test_what_a_trainer_really_holds():
    data = datasets.colors(30, colors=3, seed=0)
    board = galton.Board(3, data.features, 3)
    for optimizer, arrays in ((SGD(0.1), 0), (SGD(0.1, momentum=0.9), 1), (Adam(0.1), 2)):
        trainer = galton.Trainer(galton.Board(3, data.features, 3), data, optimizer)
        trainer.step()
        got = memory.measured(trainer)
        assert got["parameters"] == board.n_parameters == 30
        assert got["weights"] == got["gradients"] == 240
        assert got["optimizer_arrays"] == arrays and got["optimizer"] == 240 * arrays


def test_bad_input_names_the_field():
    with pytest.raises(ValueError, match="precision must be one of"):
        memory.bill(1e9, "fp8")
    with pytest.raises(ValueError, match="at least 1"):
        memory.bill(0)
