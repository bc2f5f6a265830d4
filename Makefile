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
	$(BIN)/ruff check app tests packaging
	$(BIN)/ruff format --check app tests packaging
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
	$(BIN)/ruff check app tests packaging
	$(BIN)/ruff format --check app tests packaging

format: setup
	$(BIN)/ruff format app tests packaging
	$(BIN)/ruff check --fix app tests packaging

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

# The desktop app (packaging/README.md): `make package` builds dist/sonodesk/ (PyInstaller, one
# folder) and dist/sonodesk-<version>-linux-<arch>.tar.gz; `make package-test` also validates the
# metadata, runs the frozen app's --smoke in an empty home and installs the archive into a
# scratch one. Neither is part of `make test`; .ci/run runs both.
PACKAGE_STAMP := $(VENV)/.package-stamp
# PyInstaller reads libraries with objdump, build.sh strips with strip (binutils); the validators
# are the ones desktops and software centres use.
PACKAGE_DEBIAN := binutils
PACKAGE_TEST_DEBIAN := desktop-file-utils appstream

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,package]'
	@touch $@

package: setup $(PACKAGE_STAMP)
	@sh packaging/linux/ensure-debian-packages.sh $(PACKAGE_DEBIAN)
	sh packaging/linux/build.sh

package-test: package
	@sh packaging/linux/ensure-debian-packages.sh $(PACKAGE_TEST_DEBIAN)
	sh packaging/linux/package-test.sh

sandbox: setup
	$(BIN)/sonodesk sandbox --port 8787

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
