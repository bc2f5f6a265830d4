# Sonodesk developer commands. `make run` and `make test` set everything up on a fresh
# Debian/Ubuntu machine: a virtualenv in .venv, the project, and the Debian packages it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Playback needs PortAudio; the Qt offscreen platform needs the GL/xkb/font libraries.
DEBIAN_RUNTIME := libportaudio2 libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 \
                  libglib2.0-0 fonts-dejavu-core

.PHONY: run test setup system-deps lint format bench package package-test sandbox clean

run: setup
	$(BIN)/sonodesk

test: setup
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

setup: $(STAMP) system-deps

system-deps:
	@sh packaging/linux/ensure-debian-packages.sh $(DEBIAN_RUNTIME)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $@

lint: setup
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests

format: setup
	$(BIN)/ruff format app tests
	$(BIN)/ruff check --fix app tests

# The performance benchmarks (not part of `make test`): prints a table, writes bench/results.json.
# Options: ONLY=startup,envelope (any of startup responsiveness ttfs envelope polling library
# memory export), QUICK=1 (fewer repeats, a smoke run), RUNS=N (repeats for every benchmark).
# Benchmark 8 compares with Debian's ffmpeg: installed here when missing and root; otherwise
# the exact command is printed and benchmark 8 reports "skipped: ffmpeg missing".
bench: setup
	@sh packaging/linux/ensure-debian-packages.sh ffmpeg || \
		echo "sonodesk: could not install ffmpeg; benchmark 8 will be skipped"
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py \
		$(if $(ONLY),--only $(ONLY)) $(if $(QUICK),--quick) $(if $(RUNS),--runs $(RUNS))

sandbox: setup
	$(BIN)/sonodesk sandbox --port 8787

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
