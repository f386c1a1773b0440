#!/usr/bin/env bash
# Installs what camsink's test suite needs and is missing: Debian packages (the DNS servers and clients the
# tests run as peers, Chromium for the page tests), dynalite from npm into .tools/, and AWS's cfn-lint.
# Exports CAMSINK_DYNALITE and CAMSINK_CFN_LINT. `./camsink test` sources it and calls provision_tests; run on its
# own (bash scripts/provision-tests.sh) it installs and prints the two variables.

PROV_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools"

prov_die() { echo "camsink: $*" >&2; exit 1; }

prov_as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else prov_die "need root to run: $*"; fi
}

provision_tests() {
  local -A need=(
    [dig]=bind9-dnsutils [kdig]=knot-dnsutils [unbound]=unbound [unbound-checkconf]=unbound
    [ldns-testns]=ldnsutils [dnsmasq]=dnsmasq [named-checkzone]=bind9-utils [named]=bind9 [nft]=nftables
    [chromium]=chromium [chromedriver]=chromium-driver [npm]=npm [curl]=curl
  )
  local missing=() cmd
  for cmd in "${!need[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || [[ -x "/usr/sbin/$cmd" ]] || missing+=("${need[$cmd]}")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    command -v apt-get >/dev/null 2>&1 || prov_die "missing packages: ${missing[*]} (no apt-get here: install them by hand)"
    echo "camsink: installing Debian packages: ${missing[*]}" >&2
    prov_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    prov_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [[ ! -x "$PROV_TOOLS/node_modules/.bin/dynalite" ]]; then
    echo "camsink: installing dynalite 4 from npm into .tools/" >&2
    mkdir -p "$PROV_TOOLS"
    (cd "$PROV_TOOLS" && npm install --no-audit --no-fund --loglevel=error dynalite@4 >/dev/null) \
      || prov_die "npm install dynalite@4 failed"
  fi
  export CAMSINK_DYNALITE="$PROV_TOOLS/node_modules/.bin/dynalite"
  # AWS's CloudFormation linter checks infra/template.yaml; it is a Python package (not in Debian or npm).
  find_cfn_lint() {
    local c
    for c in "${CAMSINK_CFN_LINT:-}" "$(command -v cfn-lint 2>/dev/null || true)" \
             "$HOME/.local/bin/cfn-lint" "$HOME/.pyenv/shims/cfn-lint"; do
      [[ -n "$c" && -x "$c" ]] && { echo "$c"; return 0; }
    done
    return 1
  }
  if ! find_cfn_lint >/dev/null; then
    echo "camsink: installing cfn-lint (Python) for the SAM template check" >&2
    if command -v pipx >/dev/null 2>&1; then pipx install cfn-lint >/dev/null
    else python3 -m pip install --quiet --user cfn-lint; fi \
      || echo "camsink: could not install cfn-lint (pipx install cfn-lint); the template lint test will fail" >&2
  fi
  if find_cfn_lint >/dev/null; then export CAMSINK_CFN_LINT="$(find_cfn_lint)"; fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  provision_tests
  echo "CAMSINK_DYNALITE=${CAMSINK_DYNALITE:-}"
  echo "CAMSINK_CFN_LINT=${CAMSINK_CFN_LINT:-}"
fi
