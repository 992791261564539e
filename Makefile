# Two commands on a fresh machine:
#   make run   - install what is needed, then launch galton
#   make test  - install what is needed, then run the whole test suite
# Both bootstrap a local virtual environment in .venv (see scripts/bootstrap.sh).

VENV ?= .venv
PY := $(VENV)/bin/python
export NUMBA_CACHE_DIR ?= $(CURDIR)/.cache/numba
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: run test setup bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/bootstrap.sh
	bash scripts/bootstrap.sh "$(VENV)"
	touch $@

run: setup
	$(VENV)/bin/galton $(ARGS)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) benchmarks/bench_kernels.py

clean:
	rm -rf $(VENV) .cache build dist .pytest_cache
