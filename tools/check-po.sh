#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails unless po/es.po translates every string the sources mark today: the
# template is regenerated from POTFILES.in and merged, so a new string that
# es.po does not have yet counts as untranslated.
set -eu
top=${1:-$(dirname "$0")/..}
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=$(grep -v '^#' po/POTFILES.in | sed '/^[[:space:]]*$/d')
# shellcheck disable=SC2086
xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
  -o "$tmp/comedores.pot" $files 2>"$tmp/xgettext.log" || { cat "$tmp/xgettext.log"; exit 1; }
msgmerge --quiet --no-fuzzy-matching -o "$tmp/es.po" po/es.po "$tmp/comedores.pot"
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/es.po" 2>&1)
echo "$stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    LC_ALL=C msgattrib --untranslated --only-fuzzy "$tmp/es.po" 2>/dev/null | head -n 60 || true
    msgattrib --untranslated "$tmp/es.po" | grep '^msgid' | head -n 40
    exit 1 ;;
esac
