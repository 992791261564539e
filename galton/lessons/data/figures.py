"""What a lesson file's steps draw: ``[[step.figure]]`` tables, one panel each, side by side.

Every panel becomes the lesson panel's own figure data (galton/lessons/figure.py), so a lesson
written as data is drawn exactly like the built-in ones. The kinds (:data:`KINDS`, listed in
docs/authoring.md): ``plot`` (curves of expressions), ``history`` (training's own series),
``histogram`` (balls per bin, per colour), ``board`` (each colour's share of each cup, or one
peg's weights), ``landscape`` (a surface or slice with the balls' trails) and ``table``.

Words (titles, axis names, legends) are keys of the lesson's ``[LANG.labels]`` or, failing
that, text used as it is (with ``{value}`` placeholders filled); the kinds' own words (bin,
balls, red cup…) have defaults in both languages, which a lesson's labels override. A curve,
trail, marker or row that reads a value not computed yet is left out, so a figure can be
drawn before "Do it".
"""

from __future__ import annotations

import numpy as np

from galton.core.quantity import Undefined
from galton.lessons import figure as F
from galton.lessons import text as texts
from galton.lessons.data import landscape as LS

#: kind -> the fields its table may hold (besides kind, title, xlabel, ylabel).
KINDS = {
    "plot": ("curves", "lines", "notes", "x_range", "y_range", "log_y", "equal_aspect",
             "x_ticks"),
    "history": ("series", "lines", "y_range", "log_y"),
    "histogram": ("counts", "expected"),
    "board": ("peg", "counts", "highlight"),
    "landscape": ("surface", "slice", "range", "grid", "trails", "race", "markers",
                  "log_height"),
    "table": ("columns", "rows", "highlight"),
}
COMMON = ("kind", "title", "xlabel", "ylabel")
#: Fields of the list items of a kind.
ITEMS = {
    "curves": ("x", "y", "label", "color", "style", "width"),
    "lines": ("at", "axis", "label", "color"),
    "notes": ("x", "y", "text", "color", "arrow"),
    "series": ("column", "label", "color", "style"),
    "trails": ("path", "label", "color"),
    "markers": ("x", "y", "label"),
}
#: Which of those fields hold expressions (the others are words or choices).
EXPRESSIONS = {"x", "y", "at", "counts", "peg", "x_range", "y_range", "range"}
HISTORY = {"train_loss": "red", "test_loss": "orange", "train_accuracy": "blue",
           "test_accuracy": "sky", "lr": "green", "grad_norm": "purple", "param_norm": "grey"}
LANDSCAPE_GRID = 41

#: The kinds' own words, in both languages; a lesson's [LANG.labels] may override any.
WORDS = {
    "en": {"bin": "bin", "balls": "balls", "all_balls": "all balls", "colour": "colour",
           "binomial": "binomial heap", "expected": "expected", "cups_title": "share of each "
           "colour in each cup", "step": "step", "feature": "feature", "weight": "weight",
           "bias": "bias", "train_loss": "loss", "test_loss": "test loss",
           "train_accuracy": "accuracy", "test_accuracy": "test accuracy", "lr": "step size η",
           "grad_norm": "gradient norm", "param_norm": "parameter norm",
           "ball": "{name} balls", "cup": "{name} cup"},
    "zh_CN": {"bin": "槽", "balls": "小球", "all_balls": "全部小球", "colour": "颜色",
              "binomial": "二项分布", "expected": "精确期望",
              "cups_title": "各色小球落入各杯子的比例",
              "step": "步数", "feature": "特征", "weight": "权重", "bias": "偏置",
              "train_loss": "损失", "test_loss": "测试损失", "train_accuracy": "准确率",
              "test_accuracy": "测试准确率", "lr": "步长 η", "grad_norm": "梯度范数",
              "param_norm": "参数范数", "ball": "{name}球", "cup": "{name}杯"},
}
COLOUR_WORDS = {"zh_CN": {"red": "红", "green": "绿", "blue": "蓝", "yellow": "黄",
                          "purple": "紫", "orange": "橙", "cyan": "青", "pink": "粉"}}


class Painter:
    """Draws one step's figure tables for a run; ``value(x)`` computes an expression."""

    def __init__(self, run, value):
        self.run, self.value = run, value
        self.labels = run.lesson.text(run.lang)["labels"]

    # --- words ---------------------------------------------------------------------------
    def word(self, text, **extra) -> str:
        if not text:
            return ""
        if text in self.labels:
            return self.run.text(text, **extra)
        default = WORDS.get(self.run.lang, WORDS["en"]).get(text)
        return texts.fill(default if default is not None else text,
                          {**self.run.context(), **extra})

    def colour_word(self, kind: str, c: int) -> str:
        """"red balls", "red cup": the lesson's ball_red / cup_red label, else the default."""
        name = str(self.run.session.data.class_names[c])
        key = f"{kind}_{name}"
        if key in self.labels:
            return self.run.text(key)
        shown = COLOUR_WORDS.get(self.run.lang, {}).get(name, name)
        return self.word(kind, name=shown)

    def colour(self, c: int):
        name = str(self.run.session.data.class_names[c])
        return name if name in F.COLORS else tuple(self.run.session.data.class_colors[c])

    # --- one panel -----------------------------------------------------------------------
    def panels(self, spec: dict) -> list:
        return getattr(self, f"_{spec['kind']}")(spec)

    def _axes(self, spec) -> dict:
        return {"title": self.word(spec.get("title", "")),
                "xlabel": self.word(spec.get("xlabel", "")),
                "ylabel": self.word(spec.get("ylabel", ""))}

    def _maybe(self, expr):
        try:
            return self.value(expr)
        except Undefined:
            return None

    def _lines(self, spec) -> list:
        out = []
        for item in spec.get("lines", ()):
            at = self._maybe(item["at"])
            if at is not None:
                out.append(F.Line(float(at), item.get("axis", "x"),
                                  self.word(item.get("label", "")), item.get("color", "grey")))
        return out

    def _range(self, spec, key):
        if key not in spec:
            return None
        pair = [self._maybe(v) for v in spec[key]]
        return None if None in pair else (float(pair[0]), float(pair[1]))

    def _plot(self, spec):
        plot = F.Plot(**self._axes(spec), log_y=bool(spec.get("log_y", False)),
                      equal_aspect=bool(spec.get("equal_aspect", False)),
                      x_range=self._range(spec, "x_range"), y_range=self._range(spec, "y_range"))
        for item in spec.get("curves", ()):
            x, y = self._maybe(item["x"]), self._maybe(item["y"])
            if x is None or y is None:
                continue
            plot.curves.append(F.Curve(x, y, self.word(item.get("label", "")),
                                       item.get("color", "blue"), item.get("style", "line"),
                                       float(item.get("width", 2.0))))
        for item in spec.get("notes", ()):
            x, y = self._maybe(item["x"]), self._maybe(item["y"])
            if x is not None and y is not None:
                plot.notes.append(F.Note(float(x), float(y), self.word(item.get("text", "")),
                                         item.get("color", "black"),
                                         bool(item.get("arrow", True))))
        plot.lines = self._lines(spec)
        if "x_ticks" in spec:
            plot.x_ticks = [(float(x), self.word(t)) for x, t in spec["x_ticks"]]
        return [plot]

    def _history(self, spec):
        h = self.run.session.trainer.history
        plot = F.Plot(**self._axes({"xlabel": "step", **spec}),
                      y_range=self._range(spec, "y_range"), log_y=bool(spec.get("log_y", False)))
        if len(h):
            steps = h.step.astype(np.float64)
            for item in spec.get("series", ()):
                column = item["column"]
                values = getattr(h, column).astype(np.float64)
                ok = np.isfinite(values)
                plot.curves.append(F.Curve(steps[ok], values[ok],
                                           self.word(item.get("label", column)),
                                           item.get("color", HISTORY[column]),
                                           item.get("style", "line")))
        plot.lines = self._lines(spec)
        return [plot]

    def _histogram(self, spec):
        session = self.run.session
        bins = np.arange(session.board.n_bins)
        plot = F.Plot(**self._axes({"xlabel": "bin", "ylabel": "balls", **spec}))
        counts = self._maybe(spec["counts"])
        same_board = True
        if counts is not None:
            counts = np.asarray(counts, dtype=np.float64)
            # The counts' own bins: a drop made before the learner changed the rows keeps its
            # own; only colours the data still has are named.
            bins = np.arange(counts.shape[1])
            same_board = len(bins) == session.board.n_bins
            total = counts.sum()
            plot.curves.append(F.Curve(bins, counts.sum(axis=0), self.word("all_balls"),
                                       "grey", "bars"))
            for c in range(min(counts.shape[0], session.data.n_classes)):
                plot.curves.append(F.Curve(bins, counts[c], self.colour_word("ball", c),
                                           self.colour(c), "line+points"))
            expected = spec.get("expected")
            if expected == "binomial":
                from math import comb

                rows = len(bins) - 1
                p = np.array([comb(rows, j) for j in range(rows + 1)],
                             dtype=np.float64) / 2 ** rows
                plot.curves.append(F.Curve(bins, total * p, self.word("binomial"), "black",
                                           "dash"))
            elif expected == "board" and same_board:
                pool = session.test_set if session.test_set is not None else session.train_set
                p = session.board.bin_probabilities(pool.X).mean(axis=0)
                plot.curves.append(F.Curve(bins, total * p, self.word("expected"), "black",
                                           "dash"))
        if same_board:
            cups = session.board.cup_layout
            for c in range(1, cups.cups):  # a line between neighbouring cups
                plot.lines.append(F.Line(cups.lo[c] - 0.5, "x", "", "grey"))
        return [plot]

    def _board(self, spec):
        if "peg" in spec:
            return self._peg(spec)
        session = self.run.session
        n = session.board.cups
        table = F.Table(title=self.word(spec.get("title", "cups_title")),
                        columns=[self.word("colour")] + [self.colour_word("cup", k)
                                                         for k in range(n)],
                        highlight=list(spec.get("highlight", ())))
        if "counts" in spec:
            counts = self._maybe(spec["counts"])
            if counts is None:
                table.highlight = []
                return [table]
            counts = np.asarray(counts, dtype=np.float64)
            shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
            # A drop from before the learner changed the colours: the colours both have.
            n = min(n, *shares.shape)
            shares = shares[:n, :n]
            table.columns = table.columns[:n + 1]
        else:
            pool = session.test_set if session.test_set is not None else session.train_set
            Q = session.board.cup_probabilities(pool.X)
            shares = np.array([Q[pool.y == c].mean(axis=0) if np.any(pool.y == c)
                               else np.full(n, np.nan) for c in range(n)])
        for c in range(shares.shape[0]):
            table.rows.append([self.colour_word("ball", c)] + [f"{s:.0%}" for s in shares[c]])
        return [table]

    def _peg(self, spec):
        board = self.run.session.board
        where = [self._maybe(v) for v in spec["peg"]]
        row = min(int(where[0] or 0), board.rows - 1)
        slot = min(int(where[1] or 0), row)
        theta = board.theta[board.peg_index(row, slot)]
        names = self.run.session.data.feature_names
        rows = [[self.word(f"feature_{n}") if f"feature_{n}" in self.labels else str(n),
                 f"{w:+.2f}"] for n, w in zip(names, theta, strict=False)]
        rows.append([self.word("bias"), f"{theta[-1]:+.2f}"])
        return [F.Table(title=self.word(spec.get("title", ""), peg_row=row, peg_slot=slot),
                        columns=[self.word("feature"), self.word("weight")], rows=rows,
                        highlight=[int(np.argmax(np.abs(theta[:-1])))])]

    def _landscape(self, spec):
        run = self.run
        if "slice" in spec:
            name = spec["slice"]
            surface = run.values.get(f"_{name}:surface")
            grid = run.values.get(f"_{name}:grid")
            if surface is None:
                return []  # the slice is opened by "Do it"
            xs, ys, Z = grid
            minima = run.values.get(f"_{name}:minima", [])
            markers = [(m.x, m.y, m.loss, "") for m in minima[:1]]
        else:
            surface = LS.surface_named(spec.get("surface", "bowl"))
            (x0, x1), (y0, y1) = surface.default_range
            if "range" in spec:
                x0, x1 = (float(self.value(v)) for v in spec["range"])
                y0, y1 = x0, x1
            n = int(spec.get("grid", LANDSCAPE_GRID))
            xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
            Z = surface.value(*np.meshgrid(xs, ys))
            markers = []
        for item in spec.get("markers", ()):
            x, y = self._maybe(item["x"]), self._maybe(item["y"])
            if x is not None and y is not None:
                markers.append((float(x), float(y), surface.f((float(x), float(y))),
                                self.word(item.get("label", ""))))
        trails = []
        for item in spec.get("trails", ()):
            path = run.values.get(f"{item['path']}_path")
            losses = run.values.get(f"{item['path']}_losses")
            if path is not None and losses is not None:
                trails.append(F.Trail(path, losses, self.word(item.get("label", "")),
                                      item.get("color", "red")))
        if "race" in spec:
            for racer in run.values.get(f"_{spec['race']}:racers", ()):
                trails.append(F.Trail(racer.path.points, racer.path.values, racer.label,
                                      tuple(int(255 * c) for c in racer.color)))
        axes = self._axes(spec)
        return [F.Surface(xs, ys, Z, title=axes["title"], xlabel=axes["xlabel"] or "x",
                          ylabel=axes["ylabel"] or "y", trails=trails, markers=markers,
                          log_height=bool(spec.get("log_height", False)))]

    def _table(self, spec):
        table = F.Table(title=self.word(spec.get("title", "")),
                        columns=[self.word(c) for c in spec.get("columns", ())],
                        highlight=list(spec.get("highlight", ())))
        for row in spec.get("rows", ()):
            cells = [self.word(c) for c in row]
            if not any("…" in c for c in cells):  # a row of numbers not computed yet: later
                table.rows.append(cells)
        return [table]
