#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fills po/es.po from a table of translations (a Python file defining T:
msgid or (context, msgid) -> msgstr, or [singular, plural]) after merging it
with the current template. Strings already translated are kept; those the
table lacks are listed and left empty. A maintainer's helper, not a build
step: es.po is the file of record."""
import re, subprocess, sys, runpy

def unquote(lines):
    raw = ''.join(re.match(r'^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?)?\s*"(.*)"$', l).group(1) for l in lines)
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), raw)

def quote(s):
    s = s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
    return '"' + s + '"'

def main(pot, po, table):
    T = runpy.run_path(table)['T']
    subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--update', '--backup=none', po, pot], check=True)
    text = open(po, encoding='utf-8').read()
    blocks = text.split('\n\n')
    out, missing = [], []
    for b in blocks:
        lines = b.split('\n')
        fields = {}
        order = []
        cur = None
        for l in lines:
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) ', l)
            if m:
                cur = m.group(1); fields[cur] = [l]; order.append(cur)
            elif l.startswith('"') and cur:
                fields[cur].append(l)
        if 'msgid' not in fields or unquote(fields['msgid']) == '':
            out.append(b); continue
        msgid = unquote(fields['msgid'])
        ctx = unquote(fields['msgctxt']) if 'msgctxt' in fields else None
        key = (ctx, msgid) if ctx else msgid
        already = all(unquote(fields[k]) for k in order if k.startswith('msgstr'))
        comments = [l for l in lines if l.startswith('#') and not l.startswith('#, fuzzy') and not l.startswith('#~')]
        if any(l.startswith('#~') for l in lines):
            continue  # obsolete
        if key not in T:
            if not already:
                missing.append(key)
            out.append(b); continue
        tr = T[key]
        new = comments[:]
        if ctx: new.append('msgctxt ' + quote(ctx))
        new.append('msgid ' + quote(msgid))
        if 'msgid_plural' in fields:
            new.append('msgid_plural ' + quote(unquote(fields['msgid_plural'])))
            assert isinstance(tr, list), key
            for i, t in enumerate(tr):
                new.append(f'msgstr[{i}] ' + quote(t))
        else:
            assert isinstance(tr, str), key
            new.append('msgstr ' + quote(tr))
        out.append('\n'.join(new))
    open(po, 'w', encoding='utf-8').write('\n\n'.join(out).rstrip('\n') + '\n')
    for k in missing:
        print('untranslated:', k)
    return 1 if missing else 0

if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:4]))
