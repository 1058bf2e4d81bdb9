#!/usr/bin/env python3
"""gen_registry.py - turn data/*.tsv into registry_tables.c

Usage: gen_registry.py OUTPUT.c suites.tsv groups.tsv sigalgs.tsv
           alerts.tsv extensions.tsv   (inputs in any order, known by name)

Every row is validated (column count, code syntax and range, unique codes,
unique OpenSSL names, known flags/versions/strength/kind words, printable
names).  On the first batch of errors the script prints "file:line: reason"
for each and exits 1, so the build fails with a message naming the row.
The output holds static const arrays sorted by code and one accessor per
table, declared in src/lib/tls/registry_tables.h.
"""
import os
import re
import sys

SUITE_FLAGS = {'aead': 'MT_SUITE_AEAD', 'fs': 'MT_SUITE_FS',
               'export': 'MT_SUITE_EXPORT', 'anon': 'MT_SUITE_ANON',
               'null': 'MT_SUITE_NULL', 'scsv': 'MT_SUITE_SCSV',
               'openssl': 'MT_SUITE_OPENSSL'}
VERSIONS = {'ssl3': 'MT_VBIT_SSL3', 'tls10': 'MT_VBIT_TLS10',
            'tls11': 'MT_VBIT_TLS11', 'tls12': 'MT_VBIT_TLS12',
            'tls13': 'MT_VBIT_TLS13'}
STRENGTHS = {'NONE': 'MT_STRENGTH_NONE', 'EXPORT': 'MT_STRENGTH_EXPORT',
             'LOW': 'MT_STRENGTH_LOW', 'MEDIUM': 'MT_STRENGTH_MEDIUM',
             'HIGH': 'MT_STRENGTH_HIGH'}
KINDS = {'ec': 'MT_GROUP_EC', 'ecx': 'MT_GROUP_ECX',
         'ffdhe': 'MT_GROUP_FFDHE', 'hybrid': 'MT_GROUP_HYBRID',
         'other': 'MT_GROUP_OTHER'}
# table name -> (columns, maximum code)
TABLES = {
    'suites': (['code', 'iana', 'openssl', 'kx', 'au', 'enc', 'enc_bits',
                'mac', 'flags', 'versions', 'strength'], 0xffff),
    'groups': (['code', 'name', 'openssl', 'kind', 'bits'], 0xffff),
    'sigalgs': (['code', 'name'], 0xffff),
    'alerts': (['code', 'name', 'text'], 0xff),
    'extensions': (['code', 'name'], 0xffff),
}
NAME_RE = re.compile(r'^[A-Za-z0-9_./()+ -]{1,80}$')


class Errors:
    def __init__(self):
        self.msgs = []

    def add(self, where, msg):
        self.msgs.append('%s: %s' % (where, msg))


def parse_code(s, maxv):
    if re.fullmatch(r'0x[0-9A-Fa-f]{1,4}', s):
        v = int(s, 16)
    elif re.fullmatch(r'[0-9]{1,5}', s):
        v = int(s, 10)
    else:
        return None
    return v if v <= maxv else None


def parse_int(s, maxv):
    if not re.fullmatch(r'[0-9]{1,5}', s):
        return None
    v = int(s)
    return v if v <= maxv else None


def parse_list(s, known):
    """'-' or a comma list of words in known; None if malformed."""
    if s == '-':
        return []
    words = s.split(',')
    if any(w not in known for w in words) or len(set(words)) != len(words):
        return None
    return words


def read_table(path, name, errs):
    cols, maxcode = TABLES[name]
    rows = []
    seen = {}
    seen_ossl = {}
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            where = '%s:%d' % (path, lineno)
            line = line.rstrip('\n')
            if line == '' or line.startswith('#'):
                continue
            fields = line.split('\t')
            if len(fields) != len(cols):
                errs.add(where, '%d columns, want %d (%s)' %
                         (len(fields), len(cols), ' '.join(cols)))
                continue
            row = dict(zip(cols, fields))
            row['where'] = where
            code = parse_code(row['code'], maxcode)
            if code is None:
                errs.add(where, 'bad code %r' % row['code'])
                continue
            row['code'] = code
            if code in seen:
                errs.add(where, 'duplicate code 0x%04X (first at %s)' %
                         (code, seen[code]))
                continue
            seen[code] = where
            for c in cols[1:]:
                if c in ('flags', 'versions'):
                    continue
                if not NAME_RE.match(row[c]):
                    errs.add(where, 'bad %s %r' % (c, row[c]))
            if 'openssl' in row and row['openssl'] != '-':
                o = row['openssl'].lower()
                if o in seen_ossl:
                    errs.add(where, 'duplicate openssl name %s (first at %s)'
                             % (row['openssl'], seen_ossl[o]))
                seen_ossl[o] = where
            check_row(name, row, where, errs)
            rows.append(row)
    rows.sort(key=lambda r: r['code'])
    return rows


def check_row(name, row, where, errs):
    if name == 'suites':
        if row['iana'] == '-':
            errs.add(where, 'iana name is required')
        v = parse_int(row['enc_bits'], 0xffff)
        if v is None:
            errs.add(where, 'bad enc_bits %r' % row['enc_bits'])
        row['enc_bits'] = v
        fl = parse_list(row['flags'], SUITE_FLAGS)
        if fl is None:
            errs.add(where, 'bad flags %r (known: %s)' %
                     (row['flags'], ','.join(SUITE_FLAGS)))
        row['flags'] = fl or []
        vs = parse_list(row['versions'], VERSIONS)
        if vs is None:
            errs.add(where, 'bad versions %r (known: %s)' %
                     (row['versions'], ','.join(VERSIONS)))
        row['versions'] = vs or []
        if row['strength'] not in STRENGTHS:
            errs.add(where, 'bad strength %r (known: %s)' %
                     (row['strength'], ' '.join(STRENGTHS)))
        if 'scsv' in row['flags'] and row['versions']:
            errs.add(where, 'an SCSV has no versions')
        if 'aead' in row['flags'] and row['mac'] != 'AEAD':
            errs.add(where, 'flag aead but mac %s' % row['mac'])
        if 'null' in row['flags'] and row['strength'] != 'NONE':
            errs.add(where, 'flag null but strength %s' % row['strength'])
        if 'export' in row['flags'] and ('tls11' in row['versions'] or
                                         'tls12' in row['versions'] or
                                         'tls13' in row['versions']):
            errs.add(where, 'export suites end with TLS 1.0')
    elif name == 'groups':
        if row['kind'] not in KINDS:
            errs.add(where, 'bad kind %r (known: %s)' %
                     (row['kind'], ' '.join(KINDS)))
        v = parse_int(row['bits'], 0xffff)
        if v is None:
            errs.add(where, 'bad bits %r' % row['bits'])
        row['bits'] = v


def cstr(s):
    if s == '-':
        return 'NULL'
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def emit_list(words, table):
    return ' | '.join(table[w] for w in words) if words else '0'


def emit(out, tables, inputs):
    w = out.write
    w('/*\n * registry_tables.c - generated by tools/gen_registry.py from\n')
    for p in inputs:
        w(' *   data/%s\n' % os.path.basename(p))
    w(' * Do not edit; edit the .tsv files instead.\n */\n')
    w('#include <stddef.h>\n#include <stdint.h>\n\n')
    w('#include "mailtls/registry.h"\n#include "tls/registry_tables.h"\n\n')

    w('static const struct mt_suite suites[] = {\n')
    for r in tables['suites']:
        w('\t{ 0x%04X, %s, %s, %s, %s, %s, %d, %s,\n\t    %s,\n\t    %s,\n'
          '\t    %s },\n' % (
              r['code'], cstr(r['iana']), cstr(r['openssl']), cstr(r['kx']),
              cstr(r['au']), cstr(r['enc']), r['enc_bits'], cstr(r['mac']),
              emit_list(r['flags'], SUITE_FLAGS),
              emit_list(r['versions'], VERSIONS), STRENGTHS[r['strength']]))
    w('};\n\n')
    w('static const struct mt_group groups[] = {\n')
    for r in tables['groups']:
        w('\t{ 0x%04X, %s, %s, %s, %d },\n' % (
            r['code'], cstr(r['name']), cstr(r['openssl']),
            KINDS[r['kind']], r['bits']))
    w('};\n\n')
    w('static const struct mt_sigalg sigalgs[] = {\n')
    for r in tables['sigalgs']:
        w('\t{ 0x%04X, %s },\n' % (r['code'], cstr(r['name'])))
    w('};\n\n')
    w('static const struct mt_alert alerts[] = {\n')
    for r in tables['alerts']:
        w('\t{ %d, %s, %s },\n' % (r['code'], cstr(r['name']),
                                   cstr(r['text'])))
    w('};\n\n')
    w('static const struct mt_extension extensions[] = {\n')
    for r in tables['extensions']:
        w('\t{ 0x%04X, %s },\n' % (r['code'], cstr(r['name'])))
    w('};\n')
    for t, typ in (('suites', 'mt_suite'), ('groups', 'mt_group'),
                   ('sigalgs', 'mt_sigalg'), ('alerts', 'mt_alert'),
                   ('extensions', 'mt_extension')):
        w('\nconst struct %s *\nmt_registry_%s(size_t *n)\n{\n'
          '\t*n = sizeof(%s) / sizeof(%s[0]);\n\treturn %s;\n}\n' %
          (typ, t, t, t, t))


def main(argv):
    if len(argv) < 3:
        sys.stderr.write('usage: gen_registry.py OUTPUT.c TSV...\n')
        return 2
    output, inputs = argv[1], argv[2:]
    errs = Errors()
    tables = {}
    for p in inputs:
        name = os.path.splitext(os.path.basename(p))[0]
        if name not in TABLES:
            errs.add(p, 'unknown table (known: %s)' % ' '.join(TABLES))
            continue
        try:
            tables[name] = read_table(p, name, errs)
        except (OSError, UnicodeDecodeError) as e:
            errs.add(p, str(e))
    for name in TABLES:
        if name not in tables and not any(
                os.path.basename(p).startswith(name + '.') for p in inputs):
            errs.add(output, 'missing input %s.tsv' % name)
    if errs.msgs:
        for m in errs.msgs[:50]:
            sys.stderr.write('gen_registry: %s\n' % m)
        if len(errs.msgs) > 50:
            sys.stderr.write('gen_registry: ... %d more errors\n' %
                             (len(errs.msgs) - 50))
        return 1
    tmp = output + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as out:
        emit(out, tables, inputs)
    os.replace(tmp, output)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
