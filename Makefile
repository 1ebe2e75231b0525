# CloudCensus. `make dev` runs the whole product locally; `make test` runs
# every test CI runs. Every tool a target needs is installed by the target
# itself, idempotently, into .cache/ (ignored by git).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT      := $(abspath .)
CACHE     := $(ROOT)/.cache
TOOLS     := $(CACHE)/tools
BUILD     := $(CACHE)/build
export CLOUDCENSUS_TOOLS_DIR := $(TOOLS)
# jsii compares this with Node's major version.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
CDK_VERSION := 2.1148.1
CDK     := $(TOOLS)/cdk/node_modules/.bin/cdk
CDK_RUN := AWS_EC2_METADATA_DISABLED=true CDK_DISABLE_VERSION_CHECK=true CDK_DISABLE_CLI_TELEMETRY=true $(CDK)

# Lambdas: every folder under functions/ with a main.go, but the local binary.
LAMBDAS := $(sort $(filter-out local,$(notdir $(patsubst %/main.go,%,$(wildcard functions/*/main.go)))))
# Debian packages the tests drive: the office suite renders reports, the
# browser runs the console's end-to-end tests.
APT_PACKAGES := libreoffice-writer poppler-utils fonts-liberation chromium fonts-dejavu-core

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

.PHONY: tools
tools: ## install the local stand-ins and test tools into .cache/tools
	@bash functions/local/tools/install.sh $(TOOLS) $(APT_PACKAGES)

.PHONY: dev-tools
dev-tools:
	@bash functions/local/tools/install.sh $(TOOLS)

$(CACHE)/bin/cloudcensus: FORCE
	@mkdir -p $(CACHE)/bin
	go build -o $@ ./functions/local

# The console is rebuilt only when a source of it changed, or the API it is
# typed against: its types are generated from the Go sources (npm run
# gen:api rewrites web/src/api/generated/ only when the API changed), so
# when only Go sources changed, the build is skipped unless they did.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) $(wildcard web/index.html web/package.json web/package-lock.json web/vite.config.ts web/tsconfig*.json) \
	$(shell find functions/internal functions/local -name '*.go' ! -name '*_test.go')

web/dist/index.html: $(WEB_SOURCES)
	cd web && { cmp -s package-lock.json node_modules/.ci-lock.json || { npm ci --no-audit --no-fund --silent && cp package-lock.json node_modules/.ci-lock.json; }; }
	cd web && npm run --silent gen:api
	cd web && { $(if $(filter-out %.go,$?),false,true) && [ ! src/api/generated/schema.d.ts -nt dist/index.html ] && [ ! src/api/generated/contract.ts -nt dist/index.html ] || npm run --silent build; }
	@touch $@

.PHONY: web
web: web/dist/index.html ## build the console into web/dist

.PHONY: dev
dev: dev-tools web $(CACHE)/bin/cloudcensus ## run the whole product locally (Ctrl-C stops everything)
	@exec $(CACHE)/bin/cloudcensus serve

.PHONY: test
test: tools lint test-go test-web test-infra ## run every test CI runs

.PHONY: test-go
test-go:
	go test -race -timeout 40m ./...

.PHONY: test-web
test-web: $(CACHE)/bin/cloudcensus
	bash web/scripts/test.sh $(CACHE)/bin/cloudcensus

.PHONY: test-infra
test-infra: synth
	cd infra && go test -count=1 ./...

$(CDK):
	npm install --prefix $(TOOLS)/cdk --no-audit --no-fund --silent aws-cdk@$(CDK_VERSION)

# The contract: the facts Go, the console and the CDK share (routes,
# functions and their environment, workflow substitutions, object keys,
# permissions, error codes), printed by the Go code that defines them.
.PHONY: contract
contract: $(CACHE)/bin/cloudcensus
	@mkdir -p $(BUILD)
	$(CACHE)/bin/cloudcensus contract > $(BUILD)/contract.json.tmp && mv $(BUILD)/contract.json.tmp $(BUILD)/contract.json

.PHONY: synth
synth: $(CDK) build web contract ## synthesize the CDK app offline into cdk.out (cdk-nag errors fail it)
	$(CDK_RUN) synth --quiet --no-notices

.PHONY: deploy
deploy: $(CDK) build web contract ## build and deploy to the caller's account and region
	$(CDK_RUN) bootstrap
	$(CDK_RUN) deploy CloudCensus --require-approval never --outputs-file $(CACHE)/cdk-outputs.json
	@python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["CloudCensus"]; print("Console:", o["ConsoleUrl"]); print("API:    ", o["ApiUrl"]); print("First admin: make admin ADMIN_USERNAME=<name> ADMIN_EMAIL=<email>")' $(CACHE)/cdk-outputs.json

.PHONY: admin
admin: ## create the first admin of a deployed stack (ADMIN_USERNAME, ADMIN_EMAIL)
	@test -f $(CACHE)/cdk-outputs.json || { echo "run make deploy first"; exit 1; }
	go run ./functions/local admin --outputs $(CACHE)/cdk-outputs.json --username "$(ADMIN_USERNAME)" --email "$(ADMIN_EMAIL)"

.PHONY: lint
lint: ## go vet and staticcheck (pinned)
	go vet ./...
	$(TOOLS)/bin/staticcheck ./...

.PHONY: bench
bench: tools ## run the benchmarks (figures are ratios measured in one run)
	go test -run '^$$' -bench . -benchmem -timeout 60m ./functions/...

.PHONY: build
build: $(CACHE)/bin/cloudcensus ## every Lambda as bootstrap for provided.al2023 arm64, with the files it ships, zipped, in .cache/build
	@mkdir -p $(BUILD)
	@for fn in $(LAMBDAS); do \
		echo "build $$fn"; \
		rm -rf $(BUILD)/$$fn; \
		GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -ldflags='-s -w' \
			-o $(BUILD)/$$fn/bootstrap ./functions/$$fn; \
	done
	@$(CACHE)/bin/cloudcensus bundle $(BUILD)
	@for fn in $(LAMBDAS); do \
		rm -f $(BUILD)/$$fn.zip; (cd $(BUILD)/$$fn && python3 -m zipfile -c ../$$fn.zip *); \
	done
	@for fn in $(LAMBDAS); do \
		stat -c %s $(BUILD)/$$fn/bootstrap $(BUILD)/$$fn.zip | paste -sd' ' | \
			awk -v fn=$$fn '{printf "  %-14s bootstrap %5.1f MB  zip %5.1f MB\n", fn, $$1/1048576, $$2/1048576}'; \
	done

.PHONY: report-preview
report-preview: tools ## render the demo scan's report to .cache/preview (docx, pdf, png pages); TEMPLATE=file.docx uses that template
	@mkdir -p $(CACHE)/preview
	@rm -f $(CACHE)/preview/page-*.png
	go run ./functions/local report-demo $(if $(TEMPLATE),--template "$(abspath $(TEMPLATE))") $(CACHE)/preview/demo.docx
	soffice --headless -env:UserInstallation=file://$(CACHE)/preview/lo-profile --convert-to pdf --outdir $(CACHE)/preview $(CACHE)/preview/demo.docx >/dev/null
	pdftoppm -r 80 -png $(CACHE)/preview/demo.pdf $(CACHE)/preview/page
	@echo "pages in $(CACHE)/preview: $$(ls $(CACHE)/preview/page-*.png | wc -l)"

.PHONY: clean
clean: ## remove build output (keeps tools and local data)
	rm -rf $(BUILD) $(CACHE)/bin web/dist

.PHONY: FORCE
FORCE:
