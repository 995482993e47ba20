# vnconv: `make demo` sets up and converts the sample; `make test` sets up and runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE := samples/000_ad5a731278720d44.txt
# An article with photos beside it (004_hoi_hoa_ban-1.jpg, -2.jpg, -3.png), drawn by
# tests/support/photos.py.
PHOTO_SAMPLE := samples/004_hoi_hoa_ban.txt
OUT    ?= out
MAN1   := $(VENV)/share/man/man1

.PHONY: install test fuzz demo samples bench digests docs man a11y clean

install: $(VENV)/.installed $(MAN1)/vnconv.1

# Reinstall whenever the project's dependencies change; the dask, s3 and heic extras too, so
# the cluster, object-store and HEIC photo tests run, and docs, so the suite builds the manual.
# Editable as a plain path in a .pth file (setuptools' "compat" mode; the code finds styles/
# beside the package itself): setuptools' default for this layout is an import hook whose
# own imports (pathlib, re) cost every Python start in the venv about 20 ms, which a
# user's installed vnconv never pays. A setuptools without the mode gets the default.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test,dask,s3,heic,docs]' --config-settings editable_mode=compat \
	  || $(BIN)/python -m pip install --quiet -e '.[test,dask,s3,heic,docs]'
	touch $@

# The man pages, vnconv(1) and one per command, from the Click commands (click-man), where
# `man` looks for a program's pages: .venv/share/man beside .venv/bin on PATH.
$(MAN1)/vnconv.1: $(VENV)/.installed convert/cli.py manual/man.py
	$(BIN)/python -m manual.man $(MAN1)

# The man pages for a package or /usr/local/share/man/man1: build/man/*.1.
man: install
	$(BIN)/python -m manual.man build/man
	@echo "man pages in build/man/ (make install also puts them in $(MAN1): man vnconv)"

# The manual: docs/*.md into site/ (open site/index.html); --strict makes a broken link
# or a missing generated part an error. Offline: nothing is fetched.
docs: install
	$(BIN)/mkdocs build --strict --quiet
	@echo "the manual: site/index.html"

# The suite runs on every CPU (pytest-xdist); PYTEST_ARGS="-n 0" runs it in one process.
test: install
	$(BIN)/python -m pytest -q -n auto $(PYTEST_ARGS)

# The property tests with random examples, 2,000 a test (the suite's own run is derandomised,
# tests/conftest.py): the search for new failures, not a gate. Takes tens of minutes.
fuzz: install
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q $(PYTEST_ARGS) $$(grep -rl "@given" tests)

demo: install
	$(BIN)/vnconv parse --outline $(SAMPLE)
	$(BIN)/vnconv parse --outline $(PHOTO_SAMPLE)
	$(BIN)/vnconv convert $(SAMPLE) $(PHOTO_SAMPLE) --to pdf,docx,epub,json -O $(OUT)
	@echo "open $(OUT)/$(notdir $(SAMPLE:.txt=.pdf)) and $(OUT)/$(notdir $(PHOTO_SAMPLE:.txt=.pdf)) (and .docx, .epub, .json)"

# Every sample converted into out/ through samples/Makefile (a call per chunk of articles; make -j works).
samples: install
	$(MAKE) -C samples OUT=$(abspath $(OUT)) VNCONV=$(abspath $(BIN))/vnconv

# Speed, not a test: every section of bench/run.py in order, (a) start-up to (k) large
# articles, printed as one table. A quick sanity run: make bench BENCH_ARGS=--quick;
# some sections only: BENCH_ARGS="--only ij" (see bench/run.py --help).
# A full run (no BENCH_ARGS) also writes its table to bench/results.md, which the manual's
# Speed page includes.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS) $(if $(strip $(BENCH_ARGS)),,--table bench/results.md)

# A sha256 for every output of every sample in every preset and format (SOURCE_DATE_EPOCH
# fixed): run it before and after a change that must not change behaviour, and diff.
digests: install
	$(BIN)/python -m tests.support.digests $(DIGESTS_ARGS)

# Ace by DAISY (EPUB accessibility) on the samples' EPUBs, their edition and an article
# with a table and lists: 0 violations is the goal. Ace comes from npm into build/ace
# (not the project's dependencies: Node, not Python); it runs on Debian's Chromium
# (apt-get install chromium). See tests/support/ace.py; A11Y_ARGS="--style newspaper".
ACE := build/ace/node_modules/.bin/ace-puppeteer

a11y: install $(ACE)
	$(BIN)/python -m tests.support.ace $(A11Y_ARGS)

$(ACE):
	npm install --ignore-scripts --no-audit --no-fund --prefix build/ace @daisy/ace@1.4.6

clean:
	rm -rf $(OUT) build dist site *.egg-info .pytest_cache .hypothesis
