"""What a lesson file's steps can do: the verbs of ``do = [...]``.

Each action is a small table with one verb and its options, e.g. ``{ train = "steps" }`` or
``{ drop = 300, seed = 0 }``. A number may be written as a number or as an expression over the
lesson's values and parameters (``"steps"``, ``"2 * balls"``). :data:`VERBS` is the vocabulary
(docs/authoring.md lists it; a test keeps the two in step): for each verb the kind of its
value, its options, and the values it computes (named ``AS_...`` after its ``as`` option).

Everything goes through the Session (so the window follows, "Show as script" records it and
the checks read it), or, for the landscape, through the dock's own jobs (data/landscape.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from galton.core import scenario as scenarios
from galton.core import schema
from galton.core.optim import OPTIMIZERS
from galton.core.quantity import Quantity
from galton.lessons.data import landscape as LS

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
OPTIMIZER_NAMES = tuple(OPTIMIZERS)


@dataclass(frozen=True)
class Verb:
    value: str              # the kind of the verb's own value (see _KINDS)
    options: dict           # option -> kind
    outputs: tuple = ()     # values it computes, as AS_output
    default_as: str = ""
    help: str = ""
    choices: dict = field(default_factory=dict)   # option (or "" for the value) -> choices


VERBS = {
    "scenario": Verb("scenario", {}, help="load a scenario: a preset's name (e.g. "
                     "\"sort_three_colours\"), a .toml file next to the lesson, or its tables"),
    "set": Verb("settings", {}, help="change settings, e.g. { rows = 3, optimizer = \"adam\" } "
                "(only those that differ; numbers may be expressions)"),
    "lr": Verb("number", {}, help="the step size, keeping the optimizer's state and history"),
    "reset": Verb("flag", {}, help="back to the initial pegs (true)"),
    "train": Verb("whole", {}, help="take this many training steps"),
    "drop": Verb("whole", {"seed": "whole", "from": "text"}, choices={"from": ("test", "train")},
                 help="drop this many balls (seed: the same balls every time; from: \"test\" "
                      "or \"train\" balls)"),
    "turn": Verb("pair", {"weights": "numbers", "bias": "number"},
                 help="turn the peg [row, slot] by hand: its weights and/or bias"),
    "data": Verb("file", {"label": "text", "test_fraction": "number"},
                 help="train on the balls of a CSV file next to the lesson"),
    "roll": Verb("surface", {"optimizer": "text", "lr": "number", "momentum": "number",
                             "nesterov": "bool", "start": "pair", "steps": "whole", "as": "name"},
                 outputs=("path", "xs", "ys", "losses", "x", "y", "loss", "steps", "lr",
                          "status"),
                 default_as="roll", choices={"optimizer": OPTIMIZER_NAMES},
                 help="roll a ball down a classic surface (or a formula in x and y)"),
    "slice": Verb("text", {"row": "whole", "slot": "whole", "feature": "whole", "span": "number",
                           "surface": "surface", "as": "name"},
                  outputs=("minima", "min_loss", "min_x", "min_y", "centre_loss"),
                  default_as="slice", choices={"": LS.SLICE_KINDS},
                  help="open a landscape: \"peg\" (turn one peg), \"random\" directions, or "
                       "\"surface\" (a classic surface); finds its minima"),
    "race": Verb("text", {"on": "surface", "lr": "number", "steps": "whole", "as": "name"},
                 outputs=("winner", "winner_index", "final", "best_loss", "racers"),
                 default_as="race", choices={"": LS.RACE_KINDS},
                 help="race \"optimizers\" or \"step_sizes\" on a slice (by its name) or a "
                      "surface, as the landscape's Race tab"),
    "sweep": Verb("surface", {"momentum": "number", "as": "name"},
                  outputs=("lrs", "losses", "threshold", "sharpness", "first_divergent",
                           "best_lr", "best_loss"),
                  default_as="sweep",
                  help="the step-size sweep on a slice (by its name) or a surface, with its "
                       "2/λ_max line"),
}

#: Settings ``set`` accepts (numbers may be given as expressions), as galton.core.schema
#: describes them.
SETTINGS = schema.settings()


class ActionError(ValueError):
    """An action that cannot be used: ``where`` (the step and option) and ``message``."""

    def __init__(self, where: str, message: str = ""):
        if not message:  # one text "where: message" (as other ValueErrors are written)
            where, _, message = where.partition(": ")
        self.where, self.message = where, message
        super().__init__(f"{where}: {message}")


@dataclass
class Action:
    verb: str
    value: object                 # checked and parsed (numbers may be Quantity)
    options: dict
    where: str

    @property
    def name(self) -> str:
        return self.options.get("as", VERBS[self.verb].default_as)

    def outputs(self) -> list[str]:
        return [f"{self.name}_{o}" for o in VERBS[self.verb].outputs]


# --- reading ---------------------------------------------------------------------------------
def read(raw, where: str, parse) -> Action:
    """An Action from its table; ``parse(text, where)`` reads an expression (and reports it).
    Raises ActionError naming ``where`` and the option."""
    if not isinstance(raw, dict):
        raise ActionError(f"{where}: an action is a table like {{ train = 100 }}, got {raw!r}")
    verb = next(iter(raw), None)  # the verb comes first: { roll = "bowl", lr = 0.1 }
    if verb not in VERBS:
        raise ActionError(f"{where}: an action begins with a verb, one of {', '.join(VERBS)}; "
                          f"got {verb!r}")
    spec = VERBS[verb]
    here = f"{where}.{verb}"
    value = _option(spec.value, raw[verb], here, parse, spec.choices.get(""))
    options = {}
    for key, item in raw.items():
        if key == verb:
            continue
        if key not in spec.options:
            known = ", ".join(spec.options) or "none"
            raise ActionError(f"{where}: {verb} has no option {key!r}; its options: {known}")
        options[key] = _option(spec.options[key], item, f"{where}.{key}", parse,
                               spec.choices.get(key))
    return Action(verb, value, options, where)


def _option(kind, value, where, parse, choices=None):
    if kind in ("number", "whole"):
        return _number(value, where, parse, kind)
    if kind == "pair":
        if not isinstance(value, list) or len(value) != 2:
            raise ActionError(f"{where}: must be two numbers [a, b], got {value!r}")
        return [_number(v, f"{where}[{i}]", parse, "number") for i, v in enumerate(value)]
    if kind == "numbers":
        if not isinstance(value, list) or not value:
            raise ActionError(f"{where}: must be a list of numbers, got {value!r}")
        return [_number(v, f"{where}[{i}]", parse, "number") for i, v in enumerate(value)]
    if kind == "flag":
        if value is not True:
            raise ActionError(f"{where}: write true, got {value!r}")
        return True
    if kind == "bool":
        if not isinstance(value, bool):
            raise ActionError(f"{where}: must be true or false, got {value!r}")
        return value
    if kind == "name":
        if not isinstance(value, str) or not NAME.match(value):
            raise ActionError(f"{where}: must be a name of letters, digits and _, got {value!r}")
        return value
    if kind in ("text", "file", "surface"):
        if not isinstance(value, str) or not value.strip():
            raise ActionError(f"{where}: must be text, got {value!r}")
        if choices and value not in choices:
            raise ActionError(f"{where}: must be one of {', '.join(choices)}, got {value!r}")
        return value
    if kind == "scenario":
        if isinstance(value, dict):
            scenarios.from_dict(value, where)
            return value
        if not isinstance(value, str) or not value.strip():
            raise ActionError(f"{where}: a preset's name, a .toml file or scenario tables, "
                              f"got {value!r}")
        return value
    if kind == "settings":
        if not isinstance(value, dict) or not value:
            raise ActionError(f"{where}: must be a table of settings like {{ rows = 3 }}, "
                              f"got {value!r}")
        out = {}
        for key, item in value.items():
            if key not in SETTINGS:
                raise ActionError(f"{where}: unknown setting {key!r}; known: "
                                  f"{', '.join(sorted(SETTINGS))}")
            if SETTINGS[key].numeric and isinstance(item, str):
                out[key] = _number(item, f"{where}.{key}", parse, "number")
                continue
            try:  # a value written out is checked now, as the scenario checks it
                out[key] = SETTINGS[key].check(item, key)
            except ValueError as exc:
                raise ActionError(where, str(exc)) from None
        return out
    raise AssertionError(kind)  # pragma: no cover - VERBS only names the kinds above


def _number(value, where, parse, kind):
    if isinstance(value, str):
        return parse(value, where)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ActionError(f"{where}: must be a number or an expression in quotes, got {value!r}")
    if kind == "whole" and value != int(value):
        raise ActionError(f"{where}: must be a whole number, got {value!r}")
    return value


def expressions(action: Action):
    """(where, Quantity) of every expression the action holds."""
    def walk(value, where):
        if isinstance(value, Quantity):
            yield where, value
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, f"{where}[{i}]")
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, f"{where}.{k}")
    yield from walk(action.value, f"{action.where}.{action.verb}")
    for key, value in action.options.items():
        yield from walk(value, f"{action.where}.{key}")


# --- doing -----------------------------------------------------------------------------------
def run(action: Action, lesson_run, value_of) -> None:
    """Do ``action`` on the run's session; ``value_of(x)`` gives a number or an expression's
    value now."""
    getattr(_Doer(action, lesson_run, value_of), f"do_{action.verb}")(action.value)


class _Doer:
    def __init__(self, action, lesson_run, value_of):
        self.action, self.run, self.value_of = action, lesson_run, value_of
        self.session = lesson_run.session
        self.opts = action.options

    def number(self, value) -> float:
        v = self.value_of(value)
        if isinstance(v, (bool, str, np.bool_)) or np.ndim(v):
            raise ActionError(f"{self.action.where}: expected a number, got {v!r}")
        return float(v)

    def whole(self, value) -> int:
        v = self.number(value)
        if not v.is_integer():
            raise ActionError(f"{self.action.where}: expected a whole number, got {v!r}")
        return int(v)

    def opt(self, key, default, kind="number"):
        if key not in self.opts:
            return default
        return getattr(self, kind)(self.opts[key])

    def file(self, name: str) -> Path:
        path = Path(name)
        if not path.is_absolute():
            path = self.run.lesson.folder / path
        return path

    def store(self, outputs: dict) -> None:
        # Public numbers as NAME_key (the text may quote them); the objects figures and later
        # actions need as _NAME:key (private: never saved, never shown).
        name = self.action.name
        for key, value in outputs.items():
            self.run.values[f"_{name}{key}" if key.startswith(":") else f"{name}_{key}"] = value

    # --- the session ----------------------------------------------------------------------
    def do_scenario(self, value):
        self.session.load_scenario(scenario_tables(value, self.run.lesson.folder))

    def do_set(self, settings):
        changes = {}
        for key, value in settings.items():
            if isinstance(value, Quantity):
                value = self.value_of(value)
                if SETTINGS[key].kind == "whole" and float(value).is_integer():
                    value = int(value)
                else:
                    value = float(value)
            current = self.session.scenario[_table(key)].get(key)
            if current != value:
                changes[key] = value
        if changes:
            self.session.set(**changes)

    def do_lr(self, value):
        lr = self.number(value)
        if self.session.lr != lr:
            self.session.lr = lr  # keeps the optimizer's state and the history

    def do_reset(self, _):
        self.session.reset()

    def do_train(self, value):
        self.session.step(self.whole(value))

    def do_drop(self, value):
        seed = self.opt("seed", None, "whole")
        self.session.drop(self.whole(value), seed=seed, which=self.opts.get("from", "test"))

    def do_turn(self, value):
        row, slot = (self.whole(v) for v in value)
        weights = self.opts.get("weights")
        if weights is not None:
            weights = [self.number(w) for w in weights]
        bias = self.opt("bias", None)
        self.session.turn_peg(row, slot, weights=weights, bias=bias)

    def do_data(self, name):
        path = self.file(name)
        if not path.is_file():
            raise ActionError(f"{self.action.where}: no CSV file {path}")
        changes = {"dataset": "csv", "path": str(path.resolve()),
                   "label": self.opts.get("label", "label")}
        if "test_fraction" in self.opts:
            changes["test_fraction"] = self.number(self.opts["test_fraction"])
        self.session.set(**changes)

    # --- the landscape --------------------------------------------------------------------
    def surface(self, text: str):
        """A slice computed earlier in the lesson (by its name), else a classic surface."""
        stored = self.run.values.get(f"_{text}:surface")
        return stored if stored is not None else LS.surface_named(text)

    def do_roll(self, text):
        from galton.core import optim, surfaces

        name = self.opts.get("optimizer", "sgd")
        hyper = {"lr": self.opt("lr", 0.1)}
        if name == "sgd":
            hyper.update(momentum=self.opt("momentum", 0.0),
                         nesterov=bool(self.opts.get("nesterov", False)))
        surface = self.surface(text)
        start = (tuple(self.number(v) for v in self.opts["start"]) if "start" in self.opts
                 else surface.default_start)
        # As a racer: the ball keeps flying after it diverges, so the learner sees it.
        path = surfaces.descend(surface, optim.make_optimizer(name, **hyper), start,
                                self.opt("steps", 100, "whole"), stop_on_divergence=False)
        self.store({"path": path.points, "xs": path.points[:, 0].copy(),
                    "ys": path.points[:, 1].copy(), "losses": path.values,
                    "x": float(path.points[-1, 0]), "y": float(path.points[-1, 1]),
                    "loss": float(path.values[-1]), "steps": int(path.steps),
                    "lr": float(hyper["lr"]), "status": path.status,
                    ":surface_of": surface})

    def do_slice(self, kind):
        if kind == "surface":
            surface = LS.surface_named(self.opts.get("surface", "pond"))
        else:
            if "surface" in self.opts:
                raise ActionError(f"{self.action.where}: a {kind} slice of the board takes no "
                                  f"surface")
            surface = LS.board_slice(self.session, kind, row=self.opt("row", 0, "whole"),
                                     slot=self.opt("slot", 0, "whole"),
                                     feature=self.opt("feature", 0, "whole"),
                                     span=self.opt("span", None))
        xs, ys, Z, minima = LS.landscape(surface)
        lowest = minima[0] if minima else None
        self.store({"minima": len(minima),
                    "min_loss": float(lowest.loss) if lowest else float("nan"),
                    "min_x": float(lowest.x) if lowest else float("nan"),
                    "min_y": float(lowest.y) if lowest else float("nan"),
                    "centre_loss": float(surface.f(surface.default_start)),
                    ":surface": surface, ":grid": (xs, ys, Z), ":minima": minima})
        self.run.values["_last_slice"] = self.action.name

    def do_race(self, kind):
        surface = self.surface(self.opts.get("on", self._last_slice()))
        racers = LS.race(surface, kind, self.opt("lr", LS.RACE_LR),
                         self.opt("steps", LS.RACE_STEPS, "whole"))
        best = LS.winner(racers)
        finals = np.array([r.path.values[-1] for r in racers], dtype=np.float64)
        self.store({"winner": racers[best].label if best >= 0 else "",
                    "winner_index": best, "final": finals,
                    "best_loss": float(finals[best]) if best >= 0 else float("nan"),
                    "racers": len(racers), ":racers": racers, ":surface_of": surface})

    def do_sweep(self, text):
        surface = self.surface(text)
        result = LS.sweep(surface, self.opt("momentum", 0.0))
        finals = result.final_losses
        ok = np.isfinite(finals)
        best = int(np.flatnonzero(ok)[np.argmin(finals[ok])]) if ok.any() else -1
        first = result.first_divergent()
        self.store({"lrs": result.lrs, "losses": finals, "threshold": float(result.threshold),
                    "sharpness": float(result.sharpness),
                    "first_divergent": float("nan") if first is None else float(first),
                    "best_lr": float(result.lrs[best]) if best >= 0 else float("nan"),
                    "best_loss": float(finals[best]) if best >= 0 else float("nan"),
                    ":sweep": result})

    def _last_slice(self) -> str:
        name = self.run.values.get("_last_slice")
        if name is None:
            raise ActionError(f"{self.action.where}: race on what? Give on = a slice's name "
                              f"or a surface, or open a slice first")
        return name


def _table(key: str) -> str:
    return SETTINGS[key].table


def scenario_tables(value, folder: Path) -> dict:
    """Scenario tables from a preset's name, a .toml file (relative to ``folder``) or tables;
    a CSV path inside becomes absolute, so the tables work from anywhere."""
    from galton.resources import asset_path

    if isinstance(value, dict):
        scenario = scenarios.from_dict(value, "scenario")
        base = folder
    else:
        path = Path(value)
        if path.suffix != ".toml":
            try:
                path = asset_path("scenarios", f"{value}.toml")
            except FileNotFoundError:
                presets = sorted(p.stem for p in asset_path("scenarios").glob("*.toml"))
                raise ActionError(f"no preset {value!r}; the presets: {', '.join(presets)} "
                                  f"(or give a .toml file)") from None
        elif not path.is_absolute():
            path = folder / path
        scenario = scenarios.load(path)
        base = path.parent
    tables = {t: dict(v) for t, v in scenario.values.items()}
    if tables["data"]["dataset"] == "csv":
        csv = Path(tables["data"]["path"])
        tables["data"]["path"] = str(csv if csv.is_absolute() else (base / csv).resolve())
    return tables
