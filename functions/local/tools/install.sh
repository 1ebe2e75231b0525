#!/usr/bin/env bash
# Installs, idempotently, every tool the local stack and the tests need into
# the ignored cache folder, so a fresh clone on a fresh machine needs nothing
# installed by hand. Usage: install.sh TOOLS_DIR [apt-packages...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: install.sh TOOLS_DIR}
shift || true
mkdir -p "$dir/bin"
dir=$(cd "$dir" && pwd)

apt_install() {
	local missing=()
	for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "installing ${missing[*]} with apt-get" >&2
	local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
command -v node >/dev/null 2>&1 || apt_install nodejs npm
[ $# -gt 0 ] && apt_install "$@"

# DynamoDB Local: the AWS jar shipped inside an npm package.
ddb="$dir/dynamodb"
if [ ! -f "$ddb/package/emulator/DynamoDBLocal.jar" ]; then
	rm -rf "$ddb" && mkdir -p "$ddb"
	(cd "$ddb" && npm pack --silent amplify-dynamodb-simulator@2.9.30 >/dev/null && tar xzf amplify-dynamodb-simulator-*.tgz && rm -f ./*.tgz)
fi

# versitygw (S3 that checks SigV4) and staticcheck, at pinned versions.
gobin() { # name module@version
	if [ ! -x "$dir/bin/$1" ] || [ "$(cat "$dir/bin/.$1.version" 2>/dev/null)" != "$2" ]; then
		GOBIN="$dir/bin" go install "$2"
		echo "$2" >"$dir/bin/.$1.version"
	fi
}
gobin versitygw github.com/versity/versitygw/cmd/versitygw@v1.8.0
gobin staticcheck honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Node tools (cognito-local, aws-local-stepfunctions, asl-validator) from
# the committed lockfile.
npmdir="$dir/node"
mkdir -p "$npmdir"
if ! cmp -s "$here/package-lock.json" "$npmdir/package-lock.json" || [ ! -d "$npmdir/node_modules" ]; then
	cp "$here/package.json" "$here/package-lock.json" "$npmdir/"
	(cd "$npmdir" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
# moto's server: the AWS emulator nobody here wrote, for the scanners'
# conformance test (functions/internal/conformance).
if ! python3 -c 'import moto.server' 2>/dev/null; then
	command -v pip3 >/dev/null 2>&1 || apt_install python3-pip
	echo "installing moto[server]==5.2.1 with pip" >&2
	pip3 install --quiet 'moto[server]==5.2.1' 2>/dev/null || pip3 install --quiet --break-system-packages 'moto[server]==5.2.1'
fi
echo "tools ready in $dir" >&2
