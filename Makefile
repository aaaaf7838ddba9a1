# cartagena: two commands for a new user.
#   make run   installs what is missing, builds, checks and writes the Cartagena+40 feeds into out/
#   make test  installs what is missing and runs the test suite
#   make install    release build of cartagena, with bash/zsh/fish completion, into PREFIX (see below)
#   make uninstall  removes exactly what make install put there
SHELL := /bin/bash
SWIFT ?= swift
OUT ?= out
CONFIG ?= debug
BIN = .build/$(CONFIG)/cartagena
APT_PACKAGES = libical-dev libqrencode-dev tzdata pkg-config
# make print-check only: a real browser to print A4 PDFs, poppler to read them, zbar to scan QR codes.
PRINT_PACKAGES = chromium poppler-utils zbar-tools

.PHONY: run test build deps clean help install uninstall fuzz fuzz-smoke bench consumers consumer-deps print-check

help:
	@echo "make run    build, check the embedded Cartagena+40 programme and write feeds into $(OUT)/"
	@echo "make test   run the tests, then the consumer suite (calendar libraries and a CalDAV server)"
	@echo "make install    release build into $(PREFIX)/bin, with bash, zsh and fish completion (PREFIX=DIR to change)"
	@echo "make uninstall  remove what make install put into $(PREFIX)"
	@echo "make fuzz   fuzz every reader for FUZZ_SECONDS each (default 600)"
	@echo "make bench  time the planner against the shared anchors"
	@echo "make print-check  print every agenda and desk document to A4 PDF in Chromium and check the pages"

# Install libical-dev, libqrencode-dev, tzdata and pkg-config with apt-get when missing; do nothing when present.
deps:
	@missing=""; \
	pkg-config --exists libical 2>/dev/null || missing="$$missing libical-dev pkg-config"; \
	pkg-config --exists libqrencode 2>/dev/null || missing="$$missing libqrencode-dev"; \
	[ -e /usr/share/zoneinfo/Europe/Zurich ] || missing="$$missing tzdata"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null || exit 1; \
	  else \
	    echo "missing:$$missing. Run: sudo apt-get update && sudo apt-get install -y $(APT_PACKAGES)"; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG) --product cartagena

run: build
	$(BIN) check
	$(BIN) feeds --out $(OUT)
	$(BIN) agenda --all --lang en --out $(OUT)/agendas/en
	$(BIN) agenda --all --lang es --out $(OUT)/agendas/es

# make install: the release build (the one the performance figures use) into $(PREFIX)/bin, its
# completion scripts where bash-completion, zsh and fish look for them below PREFIX, and the embedded
# programme and templates into $(PREFIX)/share/cartagena, where the installed binary finds them
# (so that `cartagena check` and completion work from any folder). PREFIX is ~/.local for a user
# (put ~/.local/bin on PATH) and /usr/local for root. DESTDIR is prepended to every path, for packaging.
ifeq ($(shell id -u),0)
PREFIX ?= /usr/local
else
PREFIX ?= $(HOME)/.local
endif
INSTALL_BIN = $(DESTDIR)$(PREFIX)/bin
INSTALL_SHARE = $(DESTDIR)$(PREFIX)/share/cartagena
BASH_COMPLETION = $(DESTDIR)$(PREFIX)/share/bash-completion/completions/cartagena
ZSH_COMPLETION = $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_cartagena
FISH_COMPLETION = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/cartagena.fish
# The data files installed with the binary: the same list for install and uninstall.
SHARED_DATA = $(shell find Calendars Templates -type f ! -name '*.ledger.json' ! -name '*.lock' | LC_ALL=C sort)

install: deps
	$(SWIFT) build -c release --product cartagena
	install -d $(INSTALL_BIN) $(dir $(BASH_COMPLETION)) $(dir $(ZSH_COMPLETION)) $(dir $(FISH_COMPLETION))
	install -m 755 .build/release/cartagena $(INSTALL_BIN)/cartagena
	.build/release/cartagena --generate-completion-script bash > $(BASH_COMPLETION)
	.build/release/cartagena --generate-completion-script zsh > $(ZSH_COMPLETION)
	.build/release/cartagena --generate-completion-script fish > $(FISH_COMPLETION)
	@for f in $(SHARED_DATA); do install -D -m 644 "$$f" "$(INSTALL_SHARE)/$$f" || exit 1; done
	@echo "installed $(INSTALL_BIN)/cartagena (version $$(.build/release/cartagena --version)) and its completion for bash, zsh and fish"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) echo "note: $(PREFIX)/bin is not on PATH; add it: export PATH=\"$(PREFIX)/bin:\$$PATH\"";; esac

# Removes the files make install wrote, and the folders it made when they are left empty; a ledger
# that a run of feeds wrote beside the installed programme is kept (it records what was published).
uninstall:
	rm -f $(INSTALL_BIN)/cartagena $(BASH_COMPLETION) $(ZSH_COMPLETION) $(FISH_COMPLETION)
	@for f in $(SHARED_DATA); do rm -f "$(INSTALL_SHARE)/$$f"; done
	@find $(INSTALL_SHARE) -depth -type d -empty -delete 2>/dev/null || true
	@echo "removed cartagena from $(DESTDIR)$(PREFIX)"

# consumer-deps first: the Swift tests read the desk's workbook with the environment's openpyxl.
test: deps consumer-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest
	@$(MAKE) --no-print-directory consumers

# The consumer suite (Tests/Consumers): every feed of the debug build read by the calendar libraries
# pinned in Tests/Consumers/requirements.txt and by a Radicale CalDAV server on 127.0.0.1.
# The libraries live in a virtual environment under .build, made once (and again when the
# requirements change), so later runs need no network; Radicale is Debian's package.
PYTHON ?= python3
CONSUMERS_VENV = .build/consumers-venv
CONSUMERS_TIMEOUT ?= 1200
CONSUMERS_BIN ?= .build/debug/cartagena

$(CONSUMERS_VENV)/.installed: Tests/Consumers/requirements.txt
	@rm -rf $(CONSUMERS_VENV)
	@$(PYTHON) -m venv $(CONSUMERS_VENV) 2>/dev/null || { \
	  rm -rf $(CONSUMERS_VENV); \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; \
	  else echo "missing: python3-venv. Run: sudo apt-get install -y python3-venv"; exit 1; fi; \
	  $(PYTHON) -m venv $(CONSUMERS_VENV); }
	$(CONSUMERS_VENV)/bin/pip install -q --disable-pip-version-check -r Tests/Consumers/requirements.txt
	@touch $@

consumer-deps: $(CONSUMERS_VENV)/.installed
	@command -v radicale >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "installing: radicale"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq radicale >/dev/null || exit 1; \
	  else echo "missing: radicale. Run: sudo apt-get update && sudo apt-get install -y radicale"; exit 1; fi; }

consumers: consumer-deps
	@test -x $(CONSUMERS_BIN) || $(SWIFT) build --product cartagena
	timeout -k 30 $(CONSUMERS_TIMEOUT) $(CONSUMERS_VENV)/bin/python Tests/Consumers/run.py --bin $(CONSUMERS_BIN) --radicale "$$(command -v radicale)"

# libFuzzer on every reader (programme YAML, registrations CSV, delegation list, .ics), one after another.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS = programme registrations delegations ics ledger
fuzz: deps
	@for t in $(FUZZ_TARGETS); do Tests/Fuzz/run.sh $$t $(FUZZ_SECONDS) || exit 1; done

# CI: about a minute per target.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=60

# Timings against the shared anchors (not run by CI; see Benchmarks/README.md).
# The C anchor needs libjson-c-dev; the shared verify.py and Python anchor need icalendar 7.3.2.
bench: deps
	@pkg-config --exists json-c 2>/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjson-c-dev >/dev/null; } || { echo "missing libjson-c-dev. Run: sudo apt-get install -y libjson-c-dev"; exit 1; }
	@python3 -c "import icalendar, openpyxl" 2>/dev/null || python3 -m pip install -q -r Benchmarks/requirements.txt
	Benchmarks/run.sh --runs 5

# Every agenda (en, es) and desk document of the embedded programme and the sample registrations,
# printed to A4 PDF by headless Chromium and checked with poppler and zbar (see Tests/Print/print-check.py).
# Not part of make test: Chromium is heavy and the run takes a few minutes.
print-check: build
	@missing=""; \
	for t in chromium:chromium pdftotext:poppler-utils pdfinfo:poppler-utils pdftoppm:poppler-utils zbarimg:zbar-tools; do \
	  command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing:$$missing. Run: sudo apt-get update && sudo apt-get install -y $(PRINT_PACKAGES)"; exit 1; \
	  fi; \
	fi
	python3 Tests/Print/print-check.py $(BIN) .build/print-check

clean:
	rm -rf .build $(OUT)
