"""How much galton reads: the limits every loader checks before it does the work.

A file is read by people who did not write it (a scenario shared in class, a checkpoint
downloaded with a lesson), so none of them may make galton take unbounded memory or time.
The numbers are far above what any lesson or classroom run needs; docs/files.md lists them
with the formats. The scenario's per-field limits are in galton.core.scenario.LIMITS.
"""

from __future__ import annotations

#: Balls in a dataset (generated, CSV, or the batch order of a checkpoint).
MAX_BALLS = 1_000_000
#: Board rows times balls: the work of one full-batch step grows with both.
MAX_ROWS_X_BALLS = 20_000_000
#: Board rows (galton.core.board.MAX_ROWS) and features per ball.
MAX_ROWS = 512
MAX_FEATURES = 1_000

#: Scenario files (.toml): size, nesting of tables and arrays, length of a text field.
MAX_SCENARIO_BYTES = 1_000_000
MAX_SCENARIO_NESTING = 8

#: CSV files of balls.
MAX_CSV_BYTES = 200_000_000

#: Checkpoints (.npz): the file, its entries, the metadata, all entries once decompressed, and
#: the history they may hold (per-step records of files from galton 0.1, which kept every step;
#: buckets of older steps).
MAX_CHECKPOINT_BYTES = 2**30
MAX_CHECKPOINT_ENTRIES = 128
MAX_CHECKPOINT_DIRECTORY = 256 * 1024
MAX_CHECKPOINT_META = 1_000_000
MAX_CHECKPOINT_DECOMPRESSED = 2**31
MAX_HISTORY_RECORDS = 5_000_000
MAX_HISTORY_BUCKETS = 1_000_000
