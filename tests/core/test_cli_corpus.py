"""No traceback on the command line, ever: each command over a corpus of bad inputs ends with
a one-line message and its documented exit code (docs/files.md). Training results are not
lost because a later write failed."""

import errno
import json
import os
import pickle
import re

import numpy as np
import pytest

import galton
from galton.cli import main
from galton.core.scaling import RESULT_FIELDS


def run(args, capsys):
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse's own errors (exit 2, one usage line)
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_clean(code, out, err, expected, message=None):
    assert "Traceback" not in out + err, err
    assert "Exception ignored" not in err
    assert code == expected, (code, err)
    if message is not None:
        assert re.search(message, err), err


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The corpus: bad files of every kind, made once."""
    d = tmp_path_factory.mktemp("corpus")
    data = galton.datasets.colors(60, seed=0)
    data.to_csv(d / "good.csv")
    (d / "semicolon.csv").write_text((d / "good.csv").read_text().replace(",", ";"))
    (d / "binary.csv").write_bytes(b"\xff\xfe\x00\x81garbage")
    (d / "empty.csv").write_text("")
    (d / "ragged.csv").write_text("a,b,label\n1,2\n")
    (d / "nan.csv").write_text("a,label\nnan,x\n1,y\n")
    (d / "folder.csv").mkdir()
    board = galton.Board(6, data.features, data.n_classes, seed=0)
    t = galton.Trainer(board, data, galton.optim.SGD(0.5), seed=0)
    t.run(3)
    t.save_checkpoint(d / "good.npz")
    with np.load(d / "good.npz", allow_pickle=False) as archive:
        entries = {n: archive[n] for n in archive.files}
    good_meta = json.loads(entries["meta"].tobytes())
    for name, change in {
        "board_text": lambda m: m.update(board="six rows"),
        "step_text": lambda m: m.update(step="three"),
        "optimizer_list": lambda m: m.update(optimizer=["SGD"]),
        "rng_none": lambda m: m.update(rng=None),
        "no_cursor": lambda m: m.pop("cursor"),
        "cursor_huge": lambda m: m.update(cursor=10**9),
        "negative_lr": lambda m: m.update(lr=-0.5),
        "hyper_text": lambda m: m["optimizer"].update(hyperparameters={"lr": "fast"}),
        "scalars_list": lambda m: m["optimizer"].update(scalars=[1, 2]),
        "bins_short": lambda m: m["board"].update(bin_to_cup=[0]),
        "schedule_bad": lambda m: m.update(schedule={"name": "nope"}),
    }.items():
        meta = json.loads(json.dumps(good_meta))
        change(meta)
        items = dict(entries, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))
        np.savez(d / f"{name}.npz", **items)
    deep = dict(entries, meta=np.frombuffer(("[" * 50_000 + "]" * 50_000).encode(), np.uint8))
    np.savez(d / "deep_json.npz", **deep)
    np.savez(d / "object.npz", meta=np.array([{"a": 1}], dtype=object))
    (d / "pickle.npz").write_bytes(pickle.dumps({"theta": 1}))
    (d / "random.npz").write_bytes(np.random.default_rng(0).bytes(3000))
    (d / "truncated.npz").write_bytes((d / "good.npz").read_bytes()[:500])
    (d / "deep.toml").write_text("[training]\nfreeze = " + "[" * 1000 + "]" * 1000 + "\n")
    (d / "range.toml").write_text("[board]\nrows = 0\n")
    (d / "huge.toml").write_text("[data]\nballs = 1000000000\n")
    (d / "notoml.toml").write_text("[board\n")
    (d / "binary.toml").write_bytes(b"\xff\xfe\x00")
    (d / "good.toml").write_text("[data]\nballs = 30\n[board]\nrows = 3\n")
    (d / "sweep_bad.csv").write_text("key,rows\nx,1\n")
    (d / "sweep_text.csv").write_text(",".join(RESULT_FIELDS) + "\n" +
                                      ",".join(["k"] + ["x"] * 13) + "\n")
    (d / "script_exit300.py").write_text("import sys\nsys.exit(300)\n")
    (d / "script_exit3.py").write_text("import sys\nsys.exit(3)\n")
    (d / "script_binary.py").write_bytes(b"\xff\xfe\x00")
    (d / "script_syntax.py").write_text("def (:\n")
    (d / "script_ok.py").write_text("print(session.board.rows)\n")
    os.mkfifo(d / "fifo")
    return d


TRAIN = [
    (["--dataset", "nope"], 2, "--dataset must be one of"),
    (["--dataset", "{d}/missing.csv"], 2, "missing.csv: file not found"),
    (["--dataset", "{d}/binary.csv"], 2, "binary.csv: not UTF-8 text"),
    (["--dataset", "{d}/empty.csv"], 2, "empty.csv: the file is empty"),
    (["--dataset", "{d}/ragged.csv"], 2, "ragged.csv line 2: expected 3 fields"),
    (["--dataset", "{d}/nan.csv"], 2, r"nan.csv line 2, column 'a': expected a finite number"),
    (["--dataset", "{d}/folder.csv"], 2, "folder.csv: cannot be read"),
    (["--dataset", "{d}/semicolon.csv"], 2, r"--delimiter ';' to galton train"),
    (["--test-fraction", "-0.5"], 2, "expected a share from 0 up to"),
    (["--test-fraction", "nan"], 2, "expected a share from 0 up to"),
    (["--test-fraction", "1"], 2, "expected a share from 0 up to"),
    (["--lr", "nan"], 2, "expected a finite number > 0"),
    (["--lr=-inf"], 2, "expected a finite number > 0"),
    (["--lr", "-1"], 2, "expected a finite number > 0"),
    (["--noise", "nan"], 2, "expected a finite number >= 0"),
    (["--momentum", "1"], 2, "expected a momentum"),
    (["--balls", "0"], 2, r"expected a whole number 1..1000000"),
    (["--balls", "1000000000"], 2, r"expected a whole number 1..1000000"),
    (["--rows", "0"], 2, "rows must be 1..512"),
    (["--rows", "500", "--balls", "100000"], 2, r"is more than 20,000,000"),
    (["--steps", "-1"], 2, "expected a whole number >= 0"),
    (["--seed", "-1"], 2, "expected a whole number"),
    (["--batch-size", "0"], 2, "expected a whole number"),
    (["--batch-size", "5000"], 2, "batch_size must be 1..45"),
    (["--delimiter", ";;"], 2, "expected one character"),
    (["--checkpoint", "{d}/no/such/folder/ck.npz"], 2, r"--checkpoint: .*does not exist"),
    (["--history", "{d}"], 2, r"--history: cannot write .*it is a folder"),
    (["--resume", "{d}/missing.npz"], 2, "missing.npz': file not found"),
    (["--resume", "{d}/random.npz"], 2, r"random.npz': not a .npz archive"),
    (["--resume", "{d}/pickle.npz"], 2, "pickled Python object, not a checkpoint"),
    (["--resume", "{d}/object.npz"], 2, "holds a pickled Python object"),
    (["--resume", "{d}/truncated.npz"], 2, "truncated or damaged"),
    (["--resume", "{d}/deep_json.npz"], 2, r"metadata is damaged \(nested too deeply\)"),
    (["--resume", "{d}/board_text.npz"], 2, "metadata field 'board' must be"),
    (["--resume", "{d}/step_text.npz"], 2, "metadata field 'step' must be"),
    (["--resume", "{d}/optimizer_list.npz"], 2, "metadata field 'optimizer' must be"),
    (["--resume", "{d}/rng_none.npz"], 2, "metadata field 'rng' must be"),
    (["--resume", "{d}/no_cursor.npz"], 2, "metadata lacks the field 'cursor'"),
    (["--resume", "{d}/cursor_huge.npz"], 2, "cursor must be 0..0"),
    (["--resume", "{d}/negative_lr.npz"], 2,
     r"good.npz|negative_lr.npz': its step size \(lr\) must be a finite number >= 0"),
    (["--resume", "{d}/hyper_text.npz"], 2, "metadata field 'optimizer' must be"),
    (["--resume", "{d}/scalars_list.npz"], 2, "metadata field 'optimizer' must be"),
    (["--resume", "{d}/bins_short.npz"], 2, "'board' must give cups"),
    (["--resume", "{d}/schedule_bad.npz"], 2, "schedule_bad.npz': schedule must be one of"),
    (["--resume", "{d}/good.npz", "--rows", "8"], 2, "leave out --rows to continue it"),
    (["--resume", "{d}/good.npz", "--optimizer", "adam"], 2, "leave out --optimizer"),
    (["--resume", "{d}/good.npz", "--dataset", "xor"], 2, "features"),
]


@pytest.mark.parametrize("args,code,message", TRAIN, ids=[" ".join(a) for a, _, _ in TRAIN])
def test_train_over_bad_inputs(files, capsys, args, code, message):
    args = [a.format(d=files) for a in args]
    result = run(["train", "--steps", "3", "--quiet", "--balls", "60", *args], capsys)
    assert_clean(*result, code, message)


def test_semicolon_csv_loads_with_the_delimiter_flag(files, capsys):
    code, out, err = run(["train", "--dataset", files / "semicolon.csv", "--delimiter", ";",
                          "--rows", "3", "--steps", "3", "--quiet"], capsys)
    assert_clean(code, out, err, 0)
    assert "semicolon: 60 balls" in out


def test_a_history_write_that_fails_does_not_lose_the_checkpoint(files, tmp_path, capsys):
    """/dev/full takes the history like a full disk would: ENOSPC, written through."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    ck = tmp_path / "ck.npz"
    code, out, err = run(["train", "--steps", "5", "--quiet", "--checkpoint", ck,
                          "--history", "/dev/full"], capsys)
    assert_clean(code, out, err, 1, r"the history was not written to /dev/full: No space left")
    assert "checkpoint written to" in out and "the checkpoint was written" in err
    assert galton.load_checkpoint(ck).step == 5
    code, out, err = run(["train", "--steps", "5", "--quiet", "--checkpoint", "/dev/full",
                          "--history", tmp_path / "h.csv"], capsys)
    assert_clean(code, out, err, 1, "the checkpoint was not written to /dev/full")
    assert len((tmp_path / "h.csv").read_text().splitlines()) == 6


@pytest.mark.parametrize("fault", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_read_only_permission_and_full_disk_while_writing(tmp_path, capsys, monkeypatch, fault):
    """As root a chmod'ed folder is still writable, so the fault is made at the rename."""
    real = os.replace

    def failing(src, dst):
        if str(dst).endswith(".csv"):
            raise OSError(fault, os.strerror(fault), str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    ck, hist = tmp_path / "ck.npz", tmp_path / "h.csv"
    code, out, err = run(["train", "--steps", "4", "--quiet", "--checkpoint", ck,
                          "--history", hist], capsys)
    assert_clean(code, out, err, 1, re.escape(os.strerror(fault)))
    assert ck.exists() and not hist.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["ck.npz"]  # no temporary file left


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders: tested through os.replace")
def test_a_read_only_folder_is_found_before_training(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, out, err = run(["train", "--steps", "3", "--quiet", "--checkpoint",
                              folder / "ck.npz"], capsys)
    finally:
        folder.chmod(0o755)
    assert_clean(code, out, err, 2, "is not writable")


RUN = [
    (["{d}/missing.py"], 2, "cannot read the script"),
    (["{d}"], 2, "cannot read the script"),
    (["{d}/script_binary.py"], 2, "cannot read the script"),
    (["{d}/script_syntax.py"], 1, r"script_syntax.py, line 1: invalid syntax"),
    (["--scenario", "{d}/missing.toml", "{d}/script_ok.py"], 2, "missing.toml: file not found"),
    (["--scenario", "{d}/deep.toml", "{d}/script_ok.py"], 2, "nested 1000 levels deep"),
    (["--scenario", "{d}/range.toml", "{d}/script_ok.py"], 2, r"\[board\] rows must be 1..512"),
    (["--scenario", "{d}/huge.toml", "{d}/script_ok.py"], 2, r"\[data\] balls must be"),
    (["--scenario", "{d}/notoml.toml", "{d}/script_ok.py"], 2, "not valid TOML"),
    (["--scenario", "{d}/binary.toml", "{d}/script_ok.py"], 2, "not UTF-8 text"),
    (["{d}/script_exit300.py"], 1, "exit status 300 is beyond 0..255"),
    (["{d}/script_exit3.py"], 3, "stopped: exit status 3"),
]


@pytest.mark.parametrize("args,code,message", RUN, ids=[" ".join(a) for a, _, _ in RUN])
def test_run_over_bad_inputs(files, capsys, args, code, message):
    result = run(["run", *[a.format(d=files) for a in args]], capsys)
    assert_clean(*result, code, message)


EXPORT = [
    (["{d}/missing.toml", "-o", "{d}/x.gif"], 2, "missing.toml: file not found"),
    (["{d}/deep.toml", "-o", "{d}/x.gif"], 2, "nested 1000 levels deep"),
    (["{d}/range.toml", "-o", "{d}/x.gif"], 2, r"\[board\] rows must be 1..512"),
    (["{d}/huge.toml", "-o", "{d}/x.gif"], 2, r"\[data\] balls must be"),
    (["{d}/binary.toml", "-o", "{d}/x.gif"], 2, "not UTF-8 text"),
    (["{d}/good.toml", "-o", "{d}/x.txt"], 2, "unknown format"),
    (["{d}/good.toml", "-o", "{d}/no/folder/x.gif"], 2, "does not exist"),
    (["{d}/good.toml", "-o", "{d}/fifo", "--format", "gif"], 2, "is a device, a FIFO"),
    (["{d}/good.toml", "-o", "{d}/x.mp4", "--size", "99999x2"], 2, "width must be between"),
    (["{d}/good.toml", "-o", "{d}/x.mp4", "--size", "big"], 2, "size must be WIDTHxHEIGHT"),
    (["{d}/good.toml", "-o", "{d}/x.gif", "--fps", "0"], 2, "fps must be between"),
    (["{d}/good.toml", "-o", "{d}/x.gif", "--hold", "nan"], 2, "hold must be a number"),
]


@pytest.mark.parametrize("args,code,message", EXPORT, ids=[" ".join(a) for a, _, _ in EXPORT])
def test_export_over_bad_inputs(files, capsys, args, code, message):
    result = run(["export", *[a.format(d=files) for a in args], "--quiet"], capsys)
    assert_clean(*result, code, message)


SCALING = [
    (["run", "--rows", "0", "-o", "{d}/s.csv", "--workers", "0"], 2, "rows must be 1..64"),
    (["run", "--rows", "x", "-o", "{d}/s.csv"], 2, "expected whole numbers"),
    (["run", "--rows", "1", "--lr", "-1", "-o", "{d}/s.csv"], 2, "expected a finite number > 0"),
    (["run", "--rows", "1", "--workers", "-2", "-o", "{d}/s.csv"], 2, "expected a whole number"),
    (["run", "--rows", "1", "-o", "{d}/no/folder/s.csv", "--workers", "0"], 2, "does not exist"),
    (["run", "--rows", "1", "-o", "{d}", "--workers", "0"], 2, "it is a folder"),
    (["run", "--rows", "1", "-o", "{d}/sweep_bad.csv", "--workers", "0"], 2, "missing columns"),
    (["run", "--rows", "1", "-o", "{d}/binary.csv", "--workers", "0"], 2, "not UTF-8 text"),
    (["fit", "{d}/missing.csv"], 2, "file not found"),
    (["fit", "{d}/sweep_bad.csv"], 2, "not a galton scaling results file"),
    (["fit", "{d}/sweep_text.csv"], 2, "expected whole numbers in rows"),
    (["fit", "{d}/binary.csv"], 2, "not UTF-8 text"),
    (["fit", "{d}/folder.csv"], 2, "cannot be read"),
    (["fit", "{d}/good.csv", "--bootstrap", "-1"], 2, "expected a whole number"),
]


@pytest.mark.parametrize("args,code,message", SCALING, ids=[" ".join(a) for a, _, _ in SCALING])
def test_scaling_over_bad_inputs(files, capsys, args, code, message):
    result = run(["scaling", *[a.format(d=files) for a in args]], capsys)
    assert_clean(*result, code, message)


def test_an_internal_error_is_one_line_too(capsys, monkeypatch):
    from galton import train_cli

    def broken(args):
        raise KeyError("a bug")

    monkeypatch.setattr(train_cli, "main", broken)
    monkeypatch.delenv("GALTON_TRACEBACK", raising=False)
    code, out, err = run(["train"], capsys)
    assert_clean(code, out, err, 1, r"internal error: KeyError: 'a bug' \(a bug in galton; "
                                    "GALTON_TRACEBACK=1 shows where\\)")
    assert len(err.strip().splitlines()) == 1


def test_a_script_that_fails_shows_its_own_lines_only(files, tmp_path, capsys):
    script = tmp_path / "deep.py"
    script.write_text("def f(n):\n    return f(n + 1)\n\nf(0)\n")
    code, _, err = run(["run", script], capsys)
    assert code == 1 and "RecursionError" in err and "deep.py, line 2" in err
    assert "galton/scripting.py" not in err and "galton/cli.py" not in err
