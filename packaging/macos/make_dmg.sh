#!/usr/bin/env bash
# Wrap deskplan.app in a compressed disk image with a link to /Applications, so installing is
# dragging the icon across. Needs macOS (hdiutil). packaging/build.py runs it after the smoke run:
#   bash packaging/macos/make_dmg.sh dist/deskplan.app dist/installers/deskplan-0.1.0-macos.dmg
# The app is signed ad hoc only: see "Building the installers" in the README about signing.
set -euo pipefail

app=${1:?usage: make_dmg.sh path/to/deskplan.app output.dmg}
dmg=${2:?usage: make_dmg.sh path/to/deskplan.app output.dmg}

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
# ditto keeps the bundle's symlinks, permissions and extended attributes intact.
ditto "$app" "$staging/$(basename "$app")"
ln -s /Applications "$staging/Applications"

rm -f "$dmg"
mkdir -p "$(dirname "$dmg")"
hdiutil create -volname deskplan -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
hdiutil verify "$dmg"
