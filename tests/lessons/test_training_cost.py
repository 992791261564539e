"""Lesson 17, what training costs: 210 faucet turns agree with one backward pass; the
Hessian's size; Falcon-180B's memory; 4 accumulated pieces = one batch of 4×, to rounding;
data-parallel copies stay identical."""

from galton import lessons


def test_the_lessons_numbers():
    run = lessons.start("training_cost")
    v = run.play()
    assert (v["f_params"], v["f_evals"], v["f_balls"]) == (105, 210, 225)
    assert v["f_diff"] < 1e-8 and v["f_gpt3"] == "3.5·10¹¹"
    assert v["f_ratio"] > 10               # timing: ~300–600 measured; loose on a busy machine
    assert (v["n_entries"], v["n_grads"], v["n_asym"]) == (11025, 210, 0.0)
    assert v["n_negative"] > 0 and v["n_min"] < 0 < v["n_max"]
    assert v["n_gpt3_entries"] == "3.1·10²²" and v["n_gpt3_bytes"] == "1.2·10²³ bytes"
    assert v["n_uphill_case"] == ("uphill" if v["n_slope"] > 0 else "downhill")
    assert (v["m_weights"], v["m_grads"], v["m_opt"], v["m_master"]) == (
        "360 GB", "360 GB", "1.44 TB", "720 GB")
    assert v["m_total"] == "2.88 TB" and v["m_per"] == 16 and v["m_ckpt"] == "3.6 TB"
    assert (v["own_weights"], v["own_grads"], v["own_opt"], v["own_arrays"]) == (840, 840,
                                                                                  1680, 2)
    assert v["a_batch"] == 200 and v["a_diff"] <= 1e-15 and v["a_equal_case"] == "yes"
    assert v["a_weighted_diff"] <= 1e-15 and v["a_plain_diff"] > 1e-3
    assert v["a_sizes"] == "20 + 60 + 60 + 60"
    assert v["d_spread"] == 0 and v["d_vs_one"] <= 1e-15 and v["d_moved"] > 0.01
    assert run.check().passed


def test_the_memory_calculator_follows_its_settings():
    run = lessons.start("training_cost", lang="zh_CN")
    run.goto(2)
    run.do(billions=7.0, precision="fp32", optimizer="sgd", checkpoints=3)
    v = run.values
    assert v["m_count"] == "70 亿" and v["m_weights"] == "28 GB" and v["m_master"] == "0 字节"
    assert v["m_per"] == 8 and v["m_ckpt"] == "84 GB"


def test_the_accumulation_check_reads_its_own_measurement():
    run = lessons.start("training_cost")
    run.goto(3)
    assert not run.check().passed
    run.do(piece_balls=7)
    assert run.values["a_batch"] == 28 and run.check().passed
