import { describe, expect, it } from 'vitest';
import { checkPattern } from './check';

const errorsOf = (p: string) => checkPattern(p).filter((x) => x.severity === 'error');

describe('valid STIX 2.1 patterns', () => {
  const valid: string[] = [
    // every comparison operator
    "[ipv4-addr:value = '198.51.100.1']",
    "[ipv4-addr:value == '198.51.100.1']",
    "[ipv4-addr:value != '198.51.100.1']",
    "[ipv4-addr:value <> '198.51.100.1']",
    '[file:size < 1024]',
    '[file:size <= 1024]',
    '[file:size > 1024]',
    '[file:size >= 1024]',
    "[file:name IN ('a.exe', 'b.exe', 'c.dll')]",
    '[network-traffic:dst_port IN (80, 443, 8080)]',
    "[file:name LIKE 'invoice%.pdf']",
    "[file:name MATCHES '^[a-z]+\\\\.exe$']",
    "[email-message:from_ref.value MATCHES '(?i).+\\\\@example\\\\.com$']",
    "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
    "[ipv4-addr:value ISSUPERSET '198.51.100.7/32']",
    '[EXISTS windows-registry-key:values]',
    "[file:name NOT = 'a']",
    "[file:name NOT IN ('a', 'b')]",
    "[file:name NOT LIKE 'a%']",
    "[file:name NOT MATCHES 'x']",
    "[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']",
    // every constant kind
    "[file:name = 'it\\'s \\\\ here']",
    '[file:size = 0]',
    '[file:size = +12]',
    '[x-acme:delta = -5]',
    '[x-acme:ratio = 0.5]',
    '[x-acme:ratio = -1.25]',
    '[x-acme:ratio = .5]',
    '[process:is_hidden = true]',
    '[process:is_hidden = false]',
    "[file:created = t'2020-01-31T23:59:59Z']",
    "[file:created > t'2020-01-31T23:59:59.123456Z']",
    "[file:magic_number_hex = h'ffd8ffe000104a46']",
    "[artifact:payload_bin = b'SGVsbG8gd29ybGQ=']",
    "[artifact:payload_bin = b'']",
    // object paths: nested, quoted, list indexes and *
    "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4']",
    "[email-message:to_refs[0].value = 'a@example.com']",
    "[email-message:to_refs[*].value = 'a@example.com']",
    "[network-traffic:protocols[-1] = 'tcp']",
    "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
    "[windows-registry-key:values[*].name = 'Run']",
    "[file:'name' = 'x']",
    // comparison AND/OR and parentheses
    "[file:name = 'a' AND file:size > 10]",
    "[file:name = 'a' OR ipv4-addr:value = '10.0.0.1']",
    "[(file:name = 'a' OR file:name = 'b') AND file:size > 10]",
    "[file:size > 10 AND (file:name = 'a' OR url:value = 'b')]",
    // observation operators and qualifiers
    "[file:name = 'a'] AND [ipv4-addr:value = '10.0.0.1']",
    "[file:name = 'a'] OR [file:name = 'b']",
    "[file:name = 'a'] FOLLOWEDBY [file:name = 'b']",
    "([file:name = 'a'] OR [file:name = 'b']) FOLLOWEDBY [url:value = 'http://x.example/']",
    "[file:name = 'a'] WITHIN 300 SECONDS",
    "[file:name = 'a'] WITHIN 2.5 SECONDS",
    "[file:name = 'a'] REPEATS 5 TIMES",
    "[file:name = 'a'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
    "([file:name = 'a'] FOLLOWEDBY [file:name = 'b']) REPEATS 2 TIMES WITHIN 60 SECONDS",
    "[file:name = 'a'] REPEATS 2 TIMES START t'2016-06-01T00:00:00Z' STOP t'2016-06-01T00:00:01Z'",
    // whitespace and comments
    "  [ file:name='a' ]  /* a comment */ AND // another\n [file:size>1]",
    // custom object types
    "[x-acme-widget:serial = 'A1']",
  ];
  it.each(valid)('accepts %s', (p) => {
    expect(errorsOf(p)).toEqual([]);
  });
});

describe('invalid STIX patterns, each with the position of the error', () => {
  const invalid: [string, RegExp, number, string][] = [
    // [pattern, message, start offset of the problem, rule]
    ["[file:name = 'a'", /unbalanced '\['/, 0, 'pattern-syntax'],
    ["file:name = 'a']", /wrap it in '\[' and '\]'/, 0, 'pattern-syntax'],
    ["[file:name = 'a']]", /unbalanced "\]"/, 17, 'pattern-syntax'],
    ["([file:name = 'a']", /unbalanced '\('/, 0, 'pattern-syntax'],
    ["[(file:name = 'a']", /unbalanced '\('/, 1, 'pattern-syntax'],
    ["[file:name IN ('a', 'b']", /unbalanced '\(' of the IN set/, 14, 'pattern-syntax'],
    ["[email-message:to_refs[0.value = 'x']", /'\]' after the list index/, 24, 'pattern-syntax'],
    ["[file:hashes[x] = 'a']", /list index/, 13, 'pattern-syntax'],
    ["[file = 'a']", /':' after the object type/, 6, 'pattern-syntax'],
    ["[file: = 'a']", /property name/, 7, 'pattern-syntax'],
    ["[file:hashes.SHA-256 = 'a']", /has a hyphen: quote it/, 13, 'pattern-syntax'],
    ["[file:name. = 'a']", /property name after '\.'/, 12, 'pattern-syntax'],
    ["[File_X:name = 'a']", /not a valid object type/, 1, 'pattern-object-path'],
    ["[file:name 'a']", /comparison operator/, 11, 'pattern-syntax'],
    ["[file:name like 'a%']", /operators are upper case: LIKE/, 11, 'pattern-syntax'],
    ["[file:name === 'a']", /constant after =/, 13, 'pattern-syntax'],
    ["[file:name =< 'a']", /constant after =/, 12, 'pattern-syntax'],
    ['[file:name = "a"]', /single quotes/, 13, 'pattern-syntax'],
    ["[file:name = 'a] ", /never closed/, 13, 'pattern-syntax'],
    ["[file:name = 'a\\n']", /only \\' and \\\\ are escapes/, 15, 'pattern-syntax'],
    ['[file:size LIKE 10]', /LIKE takes a 'string' constant/, 16, 'pattern-operator'],
    ['[file:size MATCHES 10]', /MATCHES takes a 'string' constant/, 19, 'pattern-operator'],
    ['[process:is_hidden > true]', /cannot compare with true/, 21, 'pattern-operator'],
    ["[file:name IN 'a']", /set of constants in parentheses/, 14, 'pattern-syntax'],
    ["[file:magic_number_hex = h'abc']", /pairs of hexadecimal digits/, 25, 'pattern-syntax'],
    ["[file:magic_number_hex = h'zz']", /pairs of hexadecimal digits/, 25, 'pattern-syntax'],
    ["[artifact:payload_bin = b'abc']", /not base64/, 24, 'pattern-syntax'],
    ["[file:created = t'2020-02-30T00:00:00Z']", /not a STIX timestamp/, 16, 'pattern-timestamp'],
    ["[file:created = t'2020-01-01 00:00:00']", /not a STIX timestamp/, 16, 'pattern-timestamp'],
    ['[file:size = 007]', /leading zero/, 13, 'pattern-syntax'],
    ["[file:name = 'a'] WITHIN 0 SECONDS", /positive number of seconds/, 25, 'pattern-qualifier'],
    ["[file:name = 'a'] WITHIN -5 SECONDS", /positive number of seconds/, 25, 'pattern-qualifier'],
    ["[file:name = 'a'] WITHIN 5", /SECONDS after WITHIN/, 26, 'pattern-syntax'],
    ["[file:name = 'a'] WITHIN SECONDS", /number of seconds after WITHIN/, 25, 'pattern-syntax'],
    ["[file:name = 'a'] REPEATS 0 TIMES", /positive whole number/, 26, 'pattern-qualifier'],
    ["[file:name = 'a'] REPEATS 2.5 TIMES", /whole number after REPEATS/, 26, 'pattern-syntax'],
    [
      "[file:name = 'a'] START t'2016-13-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
      /not a STIX timestamp/,
      24,
      'pattern-timestamp',
    ],
    [
      "[file:name = 'a'] START t'2016-07-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'",
      /STOP .* must be later than START/,
      24,
      'pattern-qualifier',
    ],
    [
      "[file:name = 'a'] START '2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
      /timestamp t'…' after START/,
      24,
      'pattern-syntax',
    ],
    ["[file:name = 'a'] START t'2016-06-01T00:00:00Z'", /STOP after START/, 47, 'pattern-syntax'],
    ["[file:name = 'a'] AND", /'\[' to start an observation/, 21, 'pattern-syntax'],
    [
      "[file:name = 'a'] [file:name = 'b']",
      /AND, OR, FOLLOWEDBY or a qualifier/,
      18,
      'pattern-syntax',
    ],
    [
      "[file:name = 'a'] and [file:name = 'b']",
      /AND, OR, FOLLOWEDBY or a qualifier/,
      18,
      'pattern-syntax',
    ],
    [
      "[file:name = 'a' AND ipv4-addr:value = '10.0.0.1']",
      /one object type/,
      21,
      'pattern-object-type-mix',
    ],
    [
      "[(url:value = 'a' OR file:name = 'b') AND file:size > 1]",
      /about file and an earlier one about url/,
      42,
      'pattern-object-type-mix',
    ],
    ['', /observation expression/, 0, 'pattern-syntax'],
    ['[]', /object path/, 1, 'pattern-syntax'],
    ["[file:name = 'a'] /* open", /comment/, 18, 'pattern-syntax'],
  ];
  it.each(invalid)('refuses %s', (p, message, start, rule) => {
    const errors = errorsOf(p);
    expect(errors.length, JSON.stringify(checkPattern(p))).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ rule, start });
    expect(errors[0]!.message).toMatch(message);
    expect(errors[0]!.end).toBeGreaterThan(errors[0]!.start);
  });
});

describe('hostile patterns', () => {
  it('refuses nesting deeper than 64 without exhausting the stack', () => {
    const deep = `${'('.repeat(100_000)}[file:name = 'a']${')'.repeat(100_000)}`;
    expect(errorsOf(deep)).toMatchObject([{ rule: 'pattern-syntax', start: 64 }]);
    const fine = `${'('.repeat(60)}[file:name = 'a']${')'.repeat(60)}`;
    expect(errorsOf(fine)).toEqual([]);
  });
});

describe('pattern warnings', () => {
  it('reads MATCHES as PCRE would: identity escapes and inline options raise no warning', () => {
    expect(
      checkPattern("[email-message:from_ref.value MATCHES '(?i).+\\\\@example\\\\.com$']"),
    ).toEqual([]);
  });

  it('warns of an unknown object type and an odd regular expression, without errors', () => {
    const p = checkPattern("[ipv4-address:value = 'x'] AND [file:name MATCHES '(unclosed']");
    expect(p.map((x) => [x.severity, x.rule, x.start])).toEqual([
      ['warning', 'pattern-object-type', 1],
      ['warning', 'pattern-regex', 50],
    ]);
  });
});
