/**
 * A recursive-descent parser for STIX 2.1 patterns (§9), following the precedence of the
 * STIXPattern.g4 grammar: observation expressions joined by AND, then OR, then FOLLOWEDBY, each
 * optionally qualified (WITHIN n SECONDS, REPEATS n TIMES, START t'…' STOP t'…'); inside the
 * brackets, comparison expressions joined by AND, then OR, with parentheses and NOT.
 */
import { PatternSyntaxError, tokenize, type Token } from './lexer';

/** One step of an object path after the first property: `.name` or `[index]` (`*` for any). */
export type PathStep = { kind: 'property'; name: string } | { kind: 'index'; index: number | '*' };

/** `type:property.step[0]…` with its span. */
export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
  typeToken: Token;
  start: number;
  end: number;
}

/** A constant on the right of a comparison. */
export interface Constant {
  kind: 'string' | 'int' | 'float' | 'bool' | 'timestamp' | 'hex' | 'binary';
  value: string | number | boolean;
  token: Token;
}

/** The comparison operators (`=`, `!=`, `<`, …, and the word operators). */
export type ComparisonOperator =
  '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

/** A comparison expression (inside brackets). */
export type Comparison =
  | {
      kind: 'test';
      path: ObjectPath;
      negated: boolean;
      operator: ComparisonOperator;
      operatorToken: Token;
      constants: Constant[];
    }
  | { kind: 'exists'; path: ObjectPath }
  | { kind: 'and'; operands: Comparison[] }
  | { kind: 'or'; operands: Comparison[] };

/** A qualifier of an observation expression. */
export type Qualifier =
  | { kind: 'within'; seconds: number; token: Token }
  | { kind: 'repeats'; times: number; token: Token }
  | { kind: 'startstop'; start: Token; stop: Token };

/** An observation expression. */
export type Observation =
  | { kind: 'simple'; comparison: Comparison; start: number; end: number }
  | { kind: 'and'; operands: Observation[] }
  | { kind: 'or'; operands: Observation[] }
  | { kind: 'followedby'; operands: Observation[] }
  | { kind: 'qualified'; observation: Observation; qualifier: Qualifier };

const OPERATOR_KEYWORDS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

/** How deeply brackets and parentheses may nest: bounds the parser's recursion on hostile input. */
export const MAX_NESTING = 64;

/** Parses `text` as a STIX pattern. Throws PatternSyntaxError at the first error. */
export function parsePattern(text: string): Observation {
  const tokens = tokenize(text);
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === '(' || t.kind === '[') depth++;
    else if (t.kind === ')' || t.kind === ']') depth--;
    if (depth > MAX_NESTING) {
      throw new PatternSyntaxError(
        `brackets and parentheses nest more than ${MAX_NESTING} deep: simplify the pattern`,
        t.start,
        t.end,
      );
    }
  }
  return new Parser(tokens).pattern();
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  private get peek(): Token {
    return this.tokens[this.i]!;
  }

  // A method, not the getter, so TypeScript does not narrow the kind across next().
  private kind(): Token['kind'] {
    return this.tokens[this.i]!.kind;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private isKeyword(word: string): boolean {
    return this.kind() === 'keyword' && this.peek.text === word;
  }

  private fail(expected: string, token = this.peek): never {
    const found = token.kind === 'end' ? 'the end of the pattern' : `${JSON.stringify(token.text)}`;
    throw new PatternSyntaxError(
      `expected ${expected}, found ${found}`,
      token.start,
      Math.max(token.end, token.start + 1),
    );
  }

  private expect(kind: Token['kind'], what: string): Token {
    if (this.kind() !== kind) this.fail(what);
    return this.next();
  }

  pattern(): Observation {
    if (this.kind() === 'end')
      this.fail("an observation expression such as [ipv4-addr:value = '10.0.0.1']");
    const result = this.followedBy();
    if (this.kind() !== 'end') {
      if (this.kind() === ']' || this.kind() === ')') {
        throw new PatternSyntaxError(
          `unbalanced ${JSON.stringify(this.peek.text)}: nothing opened it`,
          this.peek.start,
          this.peek.end,
        );
      }
      this.fail('AND, OR, FOLLOWEDBY or a qualifier (WITHIN, REPEATS, START)');
    }
    return result;
  }

  private followedBy(): Observation {
    return this.chain('FOLLOWEDBY', 'followedby', () => this.obsOr());
  }

  private obsOr(): Observation {
    return this.chain('OR', 'or', () => this.obsAnd());
  }

  private obsAnd(): Observation {
    return this.chain('AND', 'and', () => this.qualified());
  }

  private chain(
    word: string,
    kind: 'and' | 'or' | 'followedby',
    operand: () => Observation,
  ): Observation {
    const operands = [operand()];
    while (this.isKeyword(word)) {
      this.next();
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0]! : ({ kind, operands } as Observation);
  }

  private qualified(): Observation {
    let observation = this.observation();
    for (;;) {
      const qualifier = this.qualifier();
      if (!qualifier) return observation;
      observation = { kind: 'qualified', observation, qualifier };
    }
  }

  private qualifier(): Qualifier | undefined {
    if (this.isKeyword('WITHIN')) {
      this.next();
      const n = this.peek;
      if (n.kind !== 'int' && n.kind !== 'float') this.fail('a number of seconds after WITHIN');
      this.next();
      if (!this.isKeyword('SECONDS')) this.fail('SECONDS after WITHIN and its number');
      this.next();
      return { kind: 'within', seconds: n.value as number, token: n };
    }
    if (this.isKeyword('REPEATS')) {
      this.next();
      const n = this.peek;
      if (n.kind !== 'int') this.fail('a whole number after REPEATS');
      this.next();
      if (!this.isKeyword('TIMES')) this.fail('TIMES after REPEATS and its number');
      this.next();
      return { kind: 'repeats', times: n.value as number, token: n };
    }
    if (this.isKeyword('START')) {
      this.next();
      const start = this.expect('timestamp', "a timestamp t'…' after START");
      if (!this.isKeyword('STOP')) this.fail('STOP after START and its timestamp');
      this.next();
      const stop = this.expect('timestamp', "a timestamp t'…' after STOP");
      return { kind: 'startstop', start, stop };
    }
    return undefined;
  }

  private observation(): Observation {
    const open = this.peek;
    if (open.kind === '[') {
      this.next();
      const comparison = this.compOr();
      if (this.kind() !== ']') {
        if (this.kind() === 'end') {
          throw new PatternSyntaxError(
            "unbalanced '[': close the observation expression with ']'",
            open.start,
            open.end,
          );
        }
        this.fail("']', AND or OR");
      }
      const close = this.next();
      return { kind: 'simple', comparison, start: open.start, end: close.end };
    }
    if (open.kind === '(') {
      this.next();
      const inner = this.followedBy();
      if (this.kind() !== ')') {
        if (this.kind() === 'end') {
          throw new PatternSyntaxError("unbalanced '(': close it with ')'", open.start, open.end);
        }
        this.fail("')', AND, OR or FOLLOWEDBY");
      }
      this.next();
      return inner;
    }
    if (open.kind === 'identifier' && this.tokens[this.i + 1]?.kind === ':') {
      throw new PatternSyntaxError(
        "a comparison must sit inside an observation expression: wrap it in '[' and ']'",
        open.start,
        open.end,
      );
    }
    return this.fail("'[' to start an observation expression, or '('");
  }

  private compOr(): Comparison {
    const operands = [this.compAnd()];
    while (this.isKeyword('OR')) {
      this.next();
      operands.push(this.compAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  private compAnd(): Comparison {
    const operands = [this.propTest()];
    while (this.isKeyword('AND')) {
      this.next();
      operands.push(this.propTest());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  private propTest(): Comparison {
    const t = this.peek;
    if (t.kind === '(') {
      this.next();
      const inner = this.compOr();
      if (this.kind() !== ')') {
        if (this.kind() === 'end' || this.kind() === ']') {
          throw new PatternSyntaxError("unbalanced '(': close it with ')'", t.start, t.end);
        }
        this.fail("')', AND or OR");
      }
      this.next();
      return inner;
    }
    if (t.kind === 'keyword' && t.text === 'EXISTS') {
      this.next();
      return { kind: 'exists', path: this.objectPath() };
    }
    const path = this.objectPath();
    let negated = false;
    if (this.isKeyword('NOT')) {
      this.next();
      negated = true;
    }
    const op = this.peek;
    const operator = operatorOf(op);
    if (!operator) {
      if (op.kind === 'keyword' && op.text.toUpperCase() !== op.text)
        this.fail('a comparison operator');
      const lower = op.kind === 'identifier' && OPERATOR_KEYWORDS.has(op.text.toUpperCase());
      this.fail(
        lower
          ? `a comparison operator (operators are upper case: ${op.text.toUpperCase()})`
          : 'a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)',
      );
    }
    this.next();
    return {
      kind: 'test',
      path,
      negated,
      operator,
      operatorToken: op,
      constants: this.constantsFor(operator),
    };
  }

  private constantsFor(operator: ComparisonOperator): Constant[] {
    if (operator === 'IN') {
      const open = this.peek;
      if (open.kind !== '(')
        this.fail("a set of constants in parentheses after IN, e.g. ('a', 'b')");
      this.next();
      const constants: Constant[] = [];
      if (this.kind() !== ')') {
        constants.push(this.constant(operator));
        while (this.kind() === ',') {
          this.next();
          constants.push(this.constant(operator));
        }
      }
      if (this.kind() !== ')') {
        if (this.kind() === 'end' || this.kind() === ']') {
          throw new PatternSyntaxError(
            "unbalanced '(' of the IN set: close it with ')'",
            open.start,
            open.end,
          );
        }
        this.fail("',' or ')' in the IN set");
      }
      this.next();
      return constants;
    }
    return [this.constant(operator)];
  }

  private constant(operator: ComparisonOperator): Constant {
    const t = this.peek;
    switch (t.kind) {
      case 'string':
      case 'int':
      case 'float':
      case 'bool':
      case 'timestamp':
      case 'hex':
      case 'binary':
        this.next();
        return { kind: t.kind, value: t.value!, token: t };
      default:
        return this.fail(
          `a constant after ${operator} (a 'string', a number, true/false, t'…', h'…' or b'…')`,
        );
    }
  }

  private objectPath(): ObjectPath {
    const typeToken = this.peek;
    if (typeToken.kind !== 'identifier') {
      this.fail('an object path such as file:name or ipv4-addr:value');
    }
    this.next();
    if (this.kind() !== ':')
      this.fail(
        `':' after the object type ${JSON.stringify(typeToken.text)}, then a property (e.g. ${typeToken.text}:value)`,
      );
    this.next();
    const steps: PathStep[] = [];
    const first = this.peek;
    if (first.kind === 'identifier' && !first.text.includes('-'))
      steps.push({ kind: 'property', name: first.text });
    else if (first.kind === 'string') steps.push({ kind: 'property', name: first.value as string });
    else if (first.kind === 'identifier')
      throw new PatternSyntaxError(
        `property name ${JSON.stringify(first.text)} has a hyphen: quote it as '${first.text}'`,
        first.start,
        first.end,
      );
    else this.fail("a property name after the object type and ':'");
    this.next();
    let end = first.end;
    for (;;) {
      if (this.kind() === '.') {
        this.next();
        const p = this.peek;
        if (p.kind === 'identifier' && !p.text.includes('-'))
          steps.push({ kind: 'property', name: p.text });
        else if (p.kind === 'string') steps.push({ kind: 'property', name: p.value as string });
        else if (p.kind === 'identifier')
          throw new PatternSyntaxError(
            `property name ${JSON.stringify(p.text)} has a hyphen: quote it as '${p.text}'`,
            p.start,
            p.end,
          );
        else this.fail("a property name after '.'");
        end = this.next().end;
      } else if (this.kind() === '[') {
        const open = this.next();
        const idx = this.peek;
        if (idx.kind === '*') steps.push({ kind: 'index', index: '*' });
        else if (idx.kind === 'int') steps.push({ kind: 'index', index: idx.value as number });
        else this.fail("a list index (a whole number or *) inside '[' ']'");
        this.next();
        if (this.kind() !== ']') {
          if (this.kind() === 'end')
            throw new PatternSyntaxError(
              "unbalanced '[' of a list index: close it with ']'",
              open.start,
              open.end,
            );
          this.fail("']' after the list index");
        }
        end = this.next().end;
      } else break;
    }
    return { objectType: typeToken.text, steps, typeToken, start: typeToken.start, end };
  }
}

function operatorOf(t: Token): ComparisonOperator | undefined {
  switch (t.kind) {
    case 'EQ':
      return '=';
    case 'NEQ':
      return '!=';
    case 'LT':
      return '<';
    case 'LE':
      return '<=';
    case 'GT':
      return '>';
    case 'GE':
      return '>=';
    case 'keyword':
      return OPERATOR_KEYWORDS.has(t.text) ? (t.text as ComparisonOperator) : undefined;
    default:
      return undefined;
  }
}
