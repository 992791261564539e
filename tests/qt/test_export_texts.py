"""The words painted into exported frames (issue 20): over the landscape none covers another or
leaves its panel, at 640x360 and 1280x720, in English and 简体中文 (the rectangles measured are
the ones the frame painter paints, galton.qt.export_labels); and they are in the window's
language: cup names, axis names, caption and titles."""

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QRectF

from galton.core import tokens
from galton.export.plan import make_plan
from galton.export.run import ExportJob
from galton.lessons.next_token import SENTENCE, VOCAB
from galton.qt.export_frames import FramePainter
from galton.qt.export_labels import shorter
from galton.render.landscape import LandscapeRenderer
from galton.session import Session


@pytest.fixture(params=["en", "zh_CN"])
def lang(request, qapp):
    from galton.qt.app import install_translation

    translator = install_translation(qapp, request.param)
    yield request.param
    if translator is not None:
        qapp.removeTranslator(translator)
    install_translation(qapp, "en")


def colours():
    return Session()


def lesson_12():
    session = Session()
    session.set(rows=5)
    session.use_data(tokens.dataset_fields(SENTENCE))
    return session


def painter_for(tmp_path, session, size, layout="combined", steps=300):
    plan = make_plan(tmp_path / "x.mp4", layout=layout, size=size, steps=steps, fps=30)
    job = ExportJob(plan, session, frame_painter=FramePainter, gl=False)
    job.prepare()
    return job


def problems(texts, width, height) -> list:
    panel = QRectF(0, 0, width, height)
    rects = texts.rects()
    out = [f"{what} leaves the {width}x{height} panel: {r}" for what, r in rects
           if not panel.contains(r)]
    out += [f"{a} and {b} overlap" for k, (a, ra) in enumerate(rects)
            for b, rb in rects[k + 1:] if ra.intersects(rb)]
    return out


@pytest.mark.parametrize("size", [(640, 360), (1280, 720)])
@pytest.mark.parametrize("make", [colours, lesson_12])
def test_landscape_words_keep_clear_of_each_other_and_inside_the_panel(
        tmp_path, lang, size, make):
    job = painter_for(tmp_path, make(), size)
    try:
        painter = job.painter
        _, _, w, h = (round(v) for v in painter.rects["landscape"])
        scene = painter.scene
        # The 3-D picture's words: placed from the renderer's surface, which needs no OpenGL
        # (the export's LandscapeFrames gives its renderer the same surface).
        renderer = LandscapeRenderer()
        renderer.set_surface(scene.xs, scene.ys, scene.Z)
        found = []
        for frame in (0, job.plan.frames - 1):
            texts = painter.landscape_texts(frame, renderer)
            kinds = [t.kind for t in texts.texts]
            assert kinds.count("title") == 1 and kinds.count("name") == 2, kinds
            assert texts.bar is not None
            found += problems(texts, w, h)
            # Each axis is named: in full, or without its bracketed note where that does not
            # fit (the title then says how much of the path the plane holds).
            names = [t.text for t in texts.texts if t.kind == "name"]
            for painted, full in zip(names, painter.axis_names, strict=True):
                assert painted in (full, shorter(full)), (painted, full)
            if names != list(painter.axis_names):
                title = next(t.text for t in texts.texts if t.kind == "title")
                assert "%" in title, title
        # Without OpenGL: the flat map's title.
        found += problems(painter.landscape_texts(0), w, h)
        assert not found, "\n".join(found)
    finally:
        job.close()


def test_frames_use_the_window_language_for_cups_axes_and_captions(tmp_path, lang):
    job = painter_for(tmp_path, colours(), (640, 360), steps=30)
    try:
        painter = job.painter
        zh = lang == "zh_CN"
        assert painter.cup_names == (("红", "绿", "蓝") if zh else ("red", "green", "blue"))
        assert painter.board_picture(0).cup_names == painter.cup_names  # what is painted
        assert painter.words["step"] == ("第 {0} / {1} 步" if zh else "step {0} / {1}")
        assert painter.words["loss_bar"] == ("损失" if zh else "loss")
        assert all(name.startswith("主成分" if zh else "PC") for name in painter.axis_names)
        titles = [t.text for t in painter.landscape_texts(0).texts if t.kind == "title"]
        assert titles and titles[0].startswith("损失地形" if zh else "loss landscape")
        # A scenario nobody named is "untitled", in the window's language; a name someone
        # gave stays as it is.
        assert painter.title == ("未命名" if zh else "untitled")
        from galton.qt.export_words import caption_title

        assert caption_title("my class, 3 colours") == "my class, 3 colours"
        painter.render(0)  # and it paints
    finally:
        job.close()


def test_token_cups_are_named_by_their_tokens_in_both_languages(tmp_path, lang):
    from galton.lessons.next_token import PRESET

    session = Session()
    session.load_scenario(PRESET)  # as starting the lesson does: the scenario is named by it
    session.use_data(tokens.dataset_fields(SENTENCE))
    job = painter_for(tmp_path, session, (640, 360), layout="board", steps=5)
    try:
        assert job.painter.cup_names == VOCAB
        # The caption's title: the lesson's name in the window's language.
        assert job.painter.title == ("预测下一个词元" if lang == "zh_CN"
                                     else "Next-token prediction")
    finally:
        job.close()


@pytest.mark.parametrize("size", [(640, 360), (1280, 720)])
@pytest.mark.parametrize("layout", ["combined", "presentation"])
def test_the_chart_title_and_legend_keep_clear_of_each_other(tmp_path, lang, size, layout):
    # In Chinese the title 训练 ran into the legend's 训练损失 at 640x360: the room it was
    # given counted the chart's right margin, where the legend never goes.
    job = painter_for(tmp_path, colours(), size, layout=layout, steps=10)
    try:
        _, _, w, h = job.painter.rects["chart"]
        heading = job.painter.chart_heading(w, h)
        assert len([m for *_, m in heading if m is not None]) == 3  # the legend, whole
        rects = [(text, rect) for text, _, rect, _, _ in heading]
        panel = QRectF(0, 0, w, h)
        found = [f"{a!r} leaves the chart" for a, r in rects if not panel.contains(r)]
        found += [f"{a!r} and {b!r} overlap" for k, (a, ra) in enumerate(rects)
                  for b, rb in rects[k + 1:] if ra.intersects(rb)]
        assert not found, "\n".join(found)
    finally:
        job.close()


def test_an_orbiting_camera_keeps_the_words_clear_at_every_frame(tmp_path, lang):
    # Centred on their anchors, the axis names of this clip ran into the colour bar or out
    # of the 640x360 frame's landscape panel in 96 of its 301 frames.
    plan = make_plan(tmp_path / "x.mp4", layout="combined", size=(640, 360), steps=300,
                     orbit=360)
    job = ExportJob(plan, colours(), frame_painter=FramePainter, gl=False)
    job.prepare()
    try:
        painter = job.painter
        _, _, w, h = (round(v) for v in painter.rects["landscape"])
        renderer = LandscapeRenderer()
        renderer.set_surface(painter.scene.xs, painter.scene.ys, painter.scene.Z)
        found = []
        for frame in range(0, plan.frames, 3):
            texts = painter.landscape_texts(frame, renderer)
            assert [t.kind for t in texts.texts].count("name") == 2
            found += [f"frame {frame}: {p}" for p in problems(texts, w, h)]
        assert not found, "\n".join(found[:20])
    finally:
        job.close()
