"""What the window shows for the names the core stores: scenario choices (``cross_entropy``,
``sgd``, ``zeros``…), ball colours and classes (``red``, ``stay``…), features, surfaces and
slice axes. The stored value never changes (scenario files, scripts and the console keep
``"sgd"``); only the text shown is translated.

A combo box of choices keeps the value as the item's data (``fill`` and ``select``), so
reading it never depends on the language.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox


class Names(QObject):
    """The translated names (tr() needs a QObject class as its context)."""

    def choices(self) -> dict:
        return {
            # data
            "colors": self.tr("colors"), "picnic": self.tr("picnic"), "xor": self.tr("xor"),
            "csv": self.tr("csv"),
            # board
            "zeros": self.tr("zeros"), "normal": self.tr("normal"),
            # training
            "cross_entropy": self.tr("cross_entropy"), "mse": self.tr("mse"),
            "sgd": self.tr("sgd"), "adagrad": self.tr("adagrad"),
            "rmsprop": self.tr("rmsprop"), "adam": self.tr("adam"), "adamw": self.tr("adamw"),
            "constant": self.tr("constant"), "cosine": self.tr("cosine"),
            "step": self.tr("step", "schedule"), "exponential": self.tr("exponential"),
            # the landscape's surfaces and colour maps
            "pond": self.tr("pond"), "bowl": self.tr("bowl"),
            "elongated_bowl": self.tr("elongated_bowl"), "himmelblau": self.tr("himmelblau"),
            "rosenbrock": self.tr("rosenbrock"), "rastrigin": self.tr("rastrigin"),
            "saddle": self.tr("saddle"), "plateau": self.tr("plateau"),
            "viridis": self.tr("viridis"), "cividis": self.tr("cividis"),
            "magma": self.tr("magma"), "turbo": self.tr("turbo"),
        }

    def data_names(self) -> dict:
        """Classes and features of the built-in datasets (galton.core.datasets)."""
        return {
            "red": self.tr("red"), "green": self.tr("green"), "blue": self.tr("blue"),
            "yellow": self.tr("yellow"), "purple": self.tr("purple"),
            "orange": self.tr("orange"), "cyan": self.tr("cyan"), "pink": self.tr("pink"),
            "stay": self.tr("stay"), "go": self.tr("go"),
            "same sign": self.tr("same sign"), "different sign": self.tr("different sign"),
            "weather": self.tr("weather"), "family": self.tr("family"),
            "parking": self.tr("parking"), "hue_cos": self.tr("hue_cos"),
            "hue_sin": self.tr("hue_sin"), "weight": self.tr("weight", "ball feature"),
            "size": self.tr("size", "ball feature"),
        }

    def presets(self) -> dict:
        """The titles of the scenarios in assets/scenarios (File > Presets)."""
        # ... and the name every scenario has until someone names it (galton.core.schema).
        return {"untitled": self.tr("untitled"),
                "Five noisy colours, mini-batches": self.tr("Five noisy colours, mini-batches"),
                "The weekend picnic": self.tr("The weekend picnic"),
                "Sort three colours": self.tr("Sort three colours"),
                "XOR needs depth": self.tr("XOR needs depth")}

    def cup(self, index: int) -> str:
        """A cup no class owns (more cups than colours)."""
        return self.tr("cup {}").format(index)

    def axis(self, label: str) -> str:
        """A slice axis or surface name the core wrote in English (galton.core.directions,
        galton.core.landscape)."""
        patterns = (
            (r"peg \((\d+), (\d+)\) weight (\d+)", self.tr("peg ({0}, {1}) weight {2}")),
            (r"peg \((\d+), (\d+)\) bias", self.tr("peg ({0}, {1}) bias")),
            (r"random direction (\d) \(filter-normalised\)",
             self.tr("random direction {0} (filter-normalised)")),
            (r"random direction (\d)", self.tr("random direction {0}")),
            (r"PC(\d) \(([\d.]+)% of the path\)", self.tr("PC{0} ({1}% of the path)")),
            (r"board slice \(coordinates\)", self.tr("board slice (one peg)")),
            (r"board slice \(random\)", self.tr("board slice (random directions)")),
            (r"board slice \(pca\)", self.tr("board slice (PCA of the path)")),
        )
        for pattern, text in patterns:
            match = re.fullmatch(pattern, label)
            if match:
                return text.format(*match.groups())
        return self.choices().get(label, label)


_names: Names | None = None


def names() -> Names:
    global _names
    if _names is None:
        _names = Names()
    return _names


def shown(value: str) -> str:
    """The text shown for a stored name: a choice, a class, a feature, an axis."""
    n = names()
    return n.data_names().get(value) or n.presets().get(value) or n.axis(value)


def fill(combo: QComboBox, values) -> None:
    """Items showing the translated names, each holding its stored value as data."""
    combo.clear()
    for value in values:
        combo.addItem(shown(value), value)


def select(combo: QComboBox, value) -> None:
    """Show the item holding ``value`` (added if missing, e.g. "csv" once balls are imported)."""
    index = combo.findData(value)
    if index < 0:
        combo.addItem(shown(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
