/**
 * Checks a STIX pattern (§9): its syntax (./parser.ts), then what the grammar cannot say —
 * qualifier values, timestamp constants, operators against constant kinds, object types, and the
 * same object type across comparisons joined by AND. Every problem carries its span.
 */
import { parseTimestamp } from '../../../taxii/timestamps';
import { isStixType } from '../identifiers';
import type { Severity } from '../problem';
import { OBSERVABLE_TYPES } from '../type-definitions';
import { PatternSyntaxError, type Token } from './lexer';
import { parsePattern, type Comparison, type Observation, type ObjectPath } from './parser';

/** One problem of a pattern: 0-based offsets into the pattern text. */
export interface PatternProblem {
  severity: Severity;
  rule: string;
  message: string;
  start: number;
  end: number;
}

/** Every problem of `pattern` (empty when it is a valid STIX 2.1 pattern). */
export function checkPattern(pattern: string): PatternProblem[] {
  let ast: Observation;
  try {
    ast = parsePattern(pattern);
  } catch (error) {
    if (error instanceof PatternSyntaxError) {
      return [
        {
          severity: 'error',
          rule: 'pattern-syntax',
          message: error.message,
          start: error.start,
          end: error.end,
        },
      ];
    }
    throw error;
  }
  const problems: PatternProblem[] = [];
  const add = (
    severity: Severity,
    rule: string,
    message: string,
    at: { start: number; end: number },
  ): void => {
    problems.push({ severity, rule, message, start: at.start, end: at.end });
  };
  checkObservation(ast, add);
  return problems;
}

type Add = (
  severity: Severity,
  rule: string,
  message: string,
  at: { start: number; end: number },
) => void;

function checkTimestampToken(token: Token, add: Add): string | undefined {
  const inner = token.value as string;
  if (parseTimestamp(inner) === undefined) {
    add(
      'error',
      'pattern-timestamp',
      `t'${inner}' is not a STIX timestamp: write t'YYYY-MM-DDTHH:MM:SS[.fraction]Z' in UTC with a real date and time (§9.2)`,
      token,
    );
    return undefined;
  }
  return inner;
}

function checkObservation(o: Observation, add: Add): void {
  switch (o.kind) {
    case 'simple':
      checkComparison(o.comparison, add);
      checkSameTypeUnderAnd(o.comparison, add);
      return;
    case 'and':
    case 'or':
    case 'followedby':
      o.operands.forEach((x) => checkObservation(x, add));
      return;
    case 'qualified': {
      checkObservation(o.observation, add);
      const q = o.qualifier;
      if (q.kind === 'within' && !(q.seconds > 0)) {
        add(
          'error',
          'pattern-qualifier',
          `WITHIN needs a positive number of seconds, not ${q.token.text} (§9.5)`,
          q.token,
        );
      } else if (q.kind === 'repeats' && !(q.times > 0)) {
        add(
          'error',
          'pattern-qualifier',
          `REPEATS needs a positive whole number, not ${q.token.text} (§9.5)`,
          q.token,
        );
      } else if (q.kind === 'startstop') {
        const start = checkTimestampToken(q.start, add);
        const stop = checkTimestampToken(q.stop, add);
        if (start && stop && parseTimestamp(stop)!.key <= parseTimestamp(start)!.key) {
          add(
            'error',
            'pattern-qualifier',
            `STOP t'${stop}' must be later than START t'${start}' (§9.5)`,
            { start: q.start.start, end: q.stop.end },
          );
        }
      }
      return;
    }
  }
}

function checkPath(path: ObjectPath, add: Add): void {
  const t = path.objectType;
  if (!isStixType(t)) {
    add(
      'error',
      'pattern-object-path',
      `${JSON.stringify(t)} is not a valid object type: use 3–250 characters of a–z, 0–9 and single hyphens (§9.2, §3.1)`,
      path.typeToken,
    );
  } else if (!OBSERVABLE_TYPES.has(t) && !t.startsWith('x-')) {
    add(
      'warning',
      'pattern-object-type',
      `${t} is not a STIX 2.1 cyber-observable type: check the spelling (e.g. ipv4-addr, domain-name, file), or use a custom x- type (§9.2, §6)`,
      path.typeToken,
    );
  }
}

function checkComparison(c: Comparison, add: Add): void {
  if (c.kind === 'and' || c.kind === 'or') {
    c.operands.forEach((x) => checkComparison(x, add));
    return;
  }
  checkPath(c.path, add);
  if (c.kind === 'exists') return;
  const op = c.operator;
  for (const k of c.constants) {
    const kind = k.kind;
    if (kind === 'timestamp') checkTimestampToken(k.token, add);
    if ((op === '<' || op === '<=' || op === '>' || op === '>=') && kind === 'bool') {
      add(
        'error',
        'pattern-operator',
        `${op} orders values and cannot compare with ${k.token.text}: use = or != for booleans (§9.3)`,
        k.token,
      );
    }
    if (
      (op === 'LIKE' || op === 'MATCHES' || op === 'ISSUBSET' || op === 'ISSUPERSET') &&
      kind !== 'string'
    ) {
      add(
        'error',
        'pattern-operator',
        `${op} takes a 'string' constant, not ${k.token.text} (§9.3)`,
        k.token,
      );
    }
  }
  const first = c.constants[0];
  if (op === 'MATCHES' && first?.kind === 'string') {
    try {
      // Closest JavaScript reading of PCRE: no 'u' flag (identity escapes such as \@ are fine), and
      // inline option groups such as (?i) removed, as JavaScript has none.
      new RegExp((first.value as string).replace(/\(\?[imsxU]+\)/g, ''));
    } catch {
      add(
        'warning',
        'pattern-regex',
        `${first.token.text} may not be a valid regular expression (PCRE): check brackets, quantifiers and escapes (§9.3)`,
        first.token,
      );
    }
  }
  if ((op === 'ISSUBSET' || op === 'ISSUPERSET') && first?.kind === 'string') {
    if (!/^[0-9.]+(?:\/\d{1,2})?$|^[0-9a-fA-F:]+(?:\/\d{1,3})?$/.test(first.value as string)) {
      add(
        'warning',
        'pattern-operator',
        `${op} compares IP address ranges: ${first.token.text} should be an address or CIDR block, e.g. '198.51.100.0/24' (§9.3)`,
        first.token,
      );
    }
  }
}

// §9.4: comparison expressions joined by AND (within one observation) are about one object type.
// An OR group counts as the type of its first comparison, as the OASIS stix2 library reads it.
function rootPath(c: Comparison): ObjectPath {
  return c.kind === 'and' || c.kind === 'or' ? rootPath(c.operands[0]!) : c.path;
}

function checkSameTypeUnderAnd(c: Comparison, add: Add): void {
  if (c.kind !== 'and' && c.kind !== 'or') return;
  c.operands.forEach((x) => checkSameTypeUnderAnd(x, add));
  if (c.kind !== 'and') return;
  const first = rootPath(c.operands[0]!).objectType;
  for (const operand of c.operands.slice(1)) {
    const p = rootPath(operand);
    if (p.objectType !== first) {
      add(
        'error',
        'pattern-object-type-mix',
        `comparisons joined by AND must be about one object type, but this one is about ${p.objectType} and an earlier one about ${first}: split them into two observation expressions ([…] AND […]) (§9.4)`,
        p.typeToken,
      );
      return;
    }
  }
}
