# cartagena: two commands for a new user.
#   make run   installs what is missing, builds, checks and writes the Cartagena+40 feeds into out/
#   make test  installs what is missing and runs the test suite
SHELL := /bin/bash
SWIFT ?= swift
OUT ?= out
CONFIG ?= debug
BIN = .build/$(CONFIG)/cartagena
APT_PACKAGES = libical-dev tzdata pkg-config

.PHONY: run test build deps clean help

help:
	@echo "make run    build, check the embedded Cartagena+40 programme and write feeds into $(OUT)/"
	@echo "make test   run the tests"

# Install libical-dev, tzdata and pkg-config with apt-get when missing; do nothing when present.
deps:
	@missing=""; \
	pkg-config --exists libical 2>/dev/null || missing="$$missing libical-dev pkg-config"; \
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

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

clean:
	rm -rf .build $(OUT)
