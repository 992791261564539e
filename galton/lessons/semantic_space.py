"""Lesson 13, the semantic space: words as vectors, similar words near each other, and
king − man + woman ≈ queen — measured on an embedding the app builds itself.

1. Stated features (galton.core.embedding.stated_vectors): five named measures chosen by us;
   the analogy holds exactly because we wrote it in.
2. A corpus of 1,000 bags of words the app generates (which words go with which person; 15 %
   of the attribute words swapped for random ones; two filler words each).
3. The embedding learns from co-occurrence alone (PPMI, truncated SVD to ``dims`` numbers per
   word): Jordan comes out near Kobe, far from Fei-Fei Li — nobody told it they play
   basketball.
4. king − man + woman: its nearest word, the three input words left out (the usual rule, which
   the text states), is queen; also prince → princess, boy → girl.
5. The same offset as a function over vectors, f(v) = v − man + woman, applied to every male
   person word.
"""

from __future__ import annotations

import numpy as np

from galton.core import embedding
from galton.lessons.base import Lesson, Param, Step
from galton.lessons.figure import Curve, Figure, Note, Plot, Table
from galton.lessons.kit import conclude

SENTENCES = 1000
DIMS = 6
MALE = ("king", "prince", "boy")
COUNTERPART = {"king": "queen", "prince": "princess", "boy": "girl"}
ANALOGY_WORDS = MALE
SAMPLE = 8                       # sentences shown
NEIGHBOURS = 5
#: Two arrows count as pointing "almost the same way" above this cosine.
PARALLEL = 0.9


def _word(run, w: str) -> str:
    return run.text(f"word:{w}")


# --- step 1: stated features ---------------------------------------------------------------------
def stated(run):
    e = embedding.stated_embedding()
    target = e.analogy("king", "man", "woman")
    run.values.update(
        st_target=" ".join(f"{v:g}" for v in target),
        st_queen=" ".join(f"{v:g}" for v in e.vector("queen")),
        st_gap=float(np.linalg.norm(target - e.vector("queen"))),
        st_jk=float(np.linalg.norm(e.vector("jordan") - e.vector("kobe"))),
        st_jf=float(np.linalg.norm(e.vector("jordan") - e.vector("feifei"))),
        n_features=len(embedding.FEATURES))


def stated_figure(run):
    words, vectors = embedding.stated_vectors()
    rows = [[_word(run, w), *(f"{v:g}" for v in vec)]
            for w, vec in zip(words, vectors, strict=True)]
    highlight = [words.index(w) for w in ("king", "man", "woman", "queen")]
    return Figure.of(Table(run.text("stated_title"),
                           [run.text("word"), *(run.text(f"feature:{f}")
                                                for f in embedding.FEATURES)],
                           rows, highlight))


# --- step 2: the corpus --------------------------------------------------------------------------
def _corpus(run):
    return embedding.corpus(int(run.params["sentences"]), seed=0)


def make_corpus(run):
    sentences = _corpus(run)
    vocab = embedding.vocabulary(sentences)
    counts = embedding.cooccurrence(sentences, vocab)
    ix = {w: i for i, w in enumerate(vocab)}

    def met(a, b) -> int:           # a small corpus may lack a word: then they never met
        return int(counts[ix[a], ix[b]]) if a in ix and b in ix else 0

    run.values.update(
        n_sentences=len(sentences), n_words=len(vocab), corpus=sentences,
        king_crown=met("king", "crown"), king_she=met("king", "she"),
        queen_she=met("queen", "she"), jordan_dunk=met("jordan", "dunk"),
        feifei_dunk=met("feifei", "dunk"))


def corpus_figure(run):
    sentences = run.values.get("corpus") or embedding.corpus(SAMPLE, seed=0)
    rows = [[str(i + 1), " ".join(_word(run, w) for w in s)]
            for i, s in enumerate(sentences[:SAMPLE])]
    return Figure.of(Table(run.text("corpus_title"), ["#", run.text("sentence")], rows))


# --- step 3: learning the vectors ----------------------------------------------------------------
def _learned(run):
    if "embedding" not in run.values:
        learn(run)
    return run.values["embedding"]


def learn(run):
    sentences = run.values.get("corpus") if run.values.get("n_sentences") == int(
        run.params["sentences"]) else None
    if sentences is None:
        make_corpus(run)
        sentences = run.values["corpus"]
    dims = int(run.params["dims"])
    e, singular = embedding.embed(sentences, dims)
    run.values.update(
        embedding=e, dims_used=dims, kept=float(np.sum(singular[:dims] ** 2)
                                                 / np.sum(singular ** 2)),
        cos_jk=e.cosine("jordan", "kobe"), cos_jf=e.cosine("jordan", "feifei"),
        cos_kq=e.cosine("king", "queen"), cos_kb=e.cosine("king", "basketball"),
        near_jordan=_word(run, e.nearest("jordan", 1, exclude=("jordan",),
                                         among=embedding.PEOPLE)[0][0]))
    v = run.values
    conclude(run, "close", "near" if v["cos_jk"] > v["cos_jf"] else "far")


def similar_near(run) -> bool:
    return run.values.get("cos_jk", 0.0) > run.values.get("cos_jf", 1.0)


def _map(run, e, title) -> Plot:
    people = tuple(embedding.PEOPLE)
    xy = embedding.plane(np.array([e.vector(w) for w in people]))
    if xy.shape[1] < 2:
        xy = np.column_stack([xy[:, 0], np.zeros(len(people))])
    plot = Plot(title=title, xlabel=run.text("axis1"), ylabel=run.text("axis2"),
                equal_aspect=True)
    female = np.array(["female" in embedding.PEOPLE[w] for w in people])
    plot.curves.append(Curve(xy[~female, 0], xy[~female, 1], run.text("male"), "blue",
                             "points"))
    plot.curves.append(Curve(xy[female, 0], xy[female, 1], run.text("female"), "orange",
                             "points"))
    for w, (x, y) in zip(people, xy, strict=True):
        plot.notes.append(Note(float(x), float(y), _word(run, w), "black", False))
    return plot, dict(zip(people, xy, strict=True))


def learn_figure(run):
    if "embedding" not in run.values:
        return Figure.of(Plot(title=run.text("map_title", dims=int(run.params["dims"])),
                              xlabel=run.text("axis1"), ylabel=run.text("axis2")))
    plot, _ = _map(run, run.values["embedding"],
                   run.text("map_title", dims=run.values["dims_used"]))
    return Figure.of(plot)       # the cosines are in the text: the map gets the whole width


# --- step 4: the analogy -------------------------------------------------------------------------
def analogy(run):
    e = _learned(run)
    a = run.params["word"]
    inputs = (a, "man", "woman")
    target = e.analogy(*inputs)
    best = e.nearest(target, NEIGHBOURS, exclude=inputs)
    everyone = e.nearest(target, NEIGHBOURS)
    run.values.update(
        an_word=_word(run, a), an_expected=_word(run, COUNTERPART[a]),
        an_best=_word(run, best[0][0]), an_best_key=best[0][0], an_cos=best[0][1],
        an_second=_word(run, best[1][0]), an_second_cos=best[1][1],
        an_rank_all=[w for w, _ in everyone].index(best[0][0]) + 1,
        an_top_all=_word(run, everyone[0][0]), an_top_all_cos=everyone[0][1],
        an_neighbours=best, an_all=everyone, an_inputs=inputs)
    conclude(run, "an_inputs_note", "first" if run.values["an_rank_all"] == 1 else "later")
    conclude(run, "an_why", "works" if best[0][0] == COUNTERPART[a] else "fails")


def analogy_found(run) -> bool:
    """The nearest word to a − man + woman (inputs left out) is a's female counterpart, on
    the embedding learned now."""
    return ("an_best_key" in run.values
            and run.values["an_best_key"] == COUNTERPART[run.values["an_inputs"][0]])


def analogy_figure(run):
    if "an_neighbours" not in run.values:
        return Figure.of(Table(run.text("neighbours_title"),
                               [run.text("word"), "cos", ""], []))
    e = run.values["embedding"]
    a = run.values["an_inputs"][0]
    b = COUNTERPART[a]
    plot, xy = _map(run, e, run.text("arrows_title"))
    for start, end, color in (("man", "woman", "grey"), (a, b, "red")):
        plot.curves.append(Curve([xy[start][0], xy[end][0]], [xy[start][1], xy[end][1]],
                                 f"{_word(run, start)} → {_word(run, end)}", color, "line"))
    rows = [[_word(run, w), f"{c:.3f}", run.text("input") if w in run.values["an_inputs"]
             else ""] for w, c in run.values["an_all"]]
    top = [i for i, (w, _) in enumerate(run.values["an_all"]) if w == b]
    return Figure.of(plot, Table(run.text("neighbours_title", word=_word(run, a)),
                                 [run.text("word"), "cos", ""], rows, top))


# --- step 5: a function over vectors ------------------------------------------------------------
def apply_function(run):
    e = _learned(run)
    offset = e.vector("woman") - e.vector("man")
    rows, hits = [], 0
    for w in MALE:
        got = e.nearest(e.vector(w) + offset, 1, exclude=(w, "man", "woman"))[0]
        hits += got[0] == COUNTERPART[w]
        rows.append((w, got[0], got[1]))
    run.values.update(fn_rows=rows, fn_hits=hits, fn_total=len(MALE),
                      fn_offset_cos=e.cosine(e.vector("queen") - e.vector("king"), offset))
    conclude(run, "fn_parallel", "yes" if run.values["fn_offset_cos"] > PARALLEL else "no")


def function_figure(run):
    rows = [[_word(run, w), _word(run, got), f"{c:.3f}", _word(run, COUNTERPART[w])]
            for w, got, c in run.values.get("fn_rows", [])]
    return Figure.of(Table(run.text("function_title"),
                           [run.text("input_word"), run.text("output_word"), "cos",
                            run.text("expected")], rows))


LESSON = Lesson(
    name="semantic_space",
    number=13,
    steps=(
        Step("stated", action=stated, figure=stated_figure),
        Step("corpus", action=make_corpus, figure=corpus_figure,
             params=(Param("sentences", SENTENCES, low=100, high=5000, step=100,
                           integer=True),)),
        Step("learn", action=learn, check=similar_near, figure=learn_figure,
             params=(Param("dims", DIMS, low=1, high=16, step=1, integer=True),)),
        Step("analogy", action=analogy, check=analogy_found, figure=analogy_figure,
             params=(Param("word", "king", choices=ANALOGY_WORDS),)),
        Step("function", action=apply_function, figure=function_figure),
    ),
)
