"""galton.heap: the window's long-lived objects are kept out of Python's full collections, and
only where the application asked for it."""

import gc

from galton import heap


def test_nothing_is_frozen_unless_the_application_asked():
    before = gc.get_freeze_count()
    assert not heap.enabled()
    assert heap.keep_long_lived() == 0
    assert gc.get_freeze_count() == before


def test_kept_objects_are_out_of_the_full_collections_walk():
    # 300,000 objects made to stay (as a window's are): a full collection walks them all,
    # until they are kept out of it.
    kept = [[i] for i in range(300_000)]
    heap.enable()
    try:
        gc.collect()
        walked = {id(o) for o in gc.get_objects(generation=2)}
        assert id(kept[0]) in walked and id(kept) in walked  # a full collection walks them
        assert heap.keep_long_lived() >= len(kept)
        walked = {id(o) for o in gc.get_objects(generation=2)}
        assert id(kept[0]) not in walked and id(kept) not in walked  # ... and now does not
        garbage = [[]]
        garbage[0].append(garbage)  # a cycle made after the freeze is still collected
        del garbage
        assert gc.collect() >= 1
    finally:
        heap.enable(False)
        gc.unfreeze()
    assert kept[-1] == [299_999]
