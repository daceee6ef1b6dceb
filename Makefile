VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= rasid.db

.PHONY: run test install clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/rasid analyze examples/astana --db $(DB)

test: install
	$(PY) -m pytest

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
