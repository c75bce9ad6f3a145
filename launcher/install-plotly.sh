#!/usr/bin/env bash
# Installs Plotly's basic bundle (scatter, bar and pie traces: all the page draws) from npm at the version the page
# pins (Page.PLOTLY_VERSION) into build/plotly/, for tests and offline pages:
# render --plotly build/plotly/node_modules/plotly.js-basic-dist-min/plotly-basic.min.js
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(sed -n 's/.*PLOTLY_VERSION = "\([0-9.]*\)".*/\1/p' "$root/lib/page/Page.java")
[ -n "$version" ] || { echo "install-plotly: PLOTLY_VERSION not found in lib/page/Page.java" >&2; exit 1; }
package=plotly.js-basic-dist-min
target="$root/build/plotly/node_modules/$package"
if [ -f "$target/plotly-basic.min.js" ] && grep -q "\"version\": \"$version\"" "$target/package.json"; then
  echo "install-plotly: $package@$version already in build/plotly"
  exit 0
fi
npm install --prefix "$root/build/plotly" --no-save --no-audit --no-fund "$package@$version"
