# Two commands on a fresh machine:
#   make run   - install what is needed, then launch galton
#   make test  - install what is needed, then run the whole test suite
# and for developers:
#   make lint  - ruff (style and bugs), lint-imports (the layers, Qt only in galton.qt), mypy
# Both bootstrap a local virtual environment in .venv (see scripts/bootstrap.sh).

VENV ?= .venv
PY := $(VENV)/bin/python
export NUMBA_CACHE_DIR ?= $(CURDIR)/.cache/numba
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: run test lint setup bench package clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/bootstrap.sh
	bash scripts/bootstrap.sh "$(VENV)"
	touch $@

run: setup
	$(VENV)/bin/galton $(ARGS)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

# Configured in pyproject.toml ([tool.ruff], [tool.importlinter], [tool.mypy]).
lint: setup
	$(VENV)/bin/ruff check
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# The kernel benchmarks with their JAX reference (the `bench` extra, ~600 MB, installed here
# only); see docs/performance.md for the other benchmark scripts.
bench: setup
	$(PY) -m pip install -q -e ".[bench]" 2>&1 | grep -v "is ignored" || true
	$(PY) benchmarks/bench_kernels.py

# The frozen desktop app in dist/galton/ (and, on Linux, dist/galton-VERSION-linux-ARCH.tar.gz
# with the menu entry, icons and install.sh). See packaging/README.md.
package: setup
	$(PY) packaging/build.py

clean:
	rm -rf $(VENV) .cache build dist .pytest_cache
