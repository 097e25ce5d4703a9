import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, SECURITY_HEADERS } from './csp';

interface Finding {
  type: number;
  description: string;
  severity: number;
  directive: string;
}
interface CspEvaluatorModule {
  CspParser: new (csp: string) => { csp: unknown };
  CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): Finding[] };
  Version: { CSP3: unknown };
  Finding: { Severity: Record<'HIGH' | 'SYNTAX' | 'MEDIUM' | 'MEDIUM_MAYBE', number> };
}
const evaluator = createRequire(import.meta.url)('@doyensec/csp-evaluator') as CspEvaluatorModule;

describe('content security policy', () => {
  const findings = new evaluator.CspEvaluator(
    new evaluator.CspParser(CONTENT_SECURITY_POLICY).csp,
    evaluator.Version.CSP3,
  ).evaluate();

  it('has no high, syntax or medium finding from csp-evaluator', () => {
    const serious = findings.filter((f) => f.severity <= evaluator.Finding.Severity.MEDIUM);
    expect(serious).toEqual([]);
  });
  it("has only the explained 'self' note (we serve our own built files: no JSONP, no uploads)", () => {
    const rest = findings.map((f) => [f.directive, f.severity]);
    expect(rest).toEqual([['script-src', evaluator.Finding.Severity.MEDIUM_MAYBE]]);
  });
  it('allows nothing by default and no inline script, eval or remote origin anywhere', () => {
    expect(CSP_DIRECTIVES['default-src']).toEqual(["'none'"]);
    for (const [name, values] of Object.entries(CSP_DIRECTIVES)) {
      for (const v of values) {
        expect(["'self'", "'none'", 'data:'], `${name} ${v}`).toContain(v);
      }
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*|http:|https:|blob:/);
  });
  it('keeps data: to images only', () => {
    const withData = Object.entries(CSP_DIRECTIVES)
      .filter(([, v]) => v.includes('data:'))
      .map(([k]) => k);
    expect(withData).toEqual(['img-src']);
  });
  it('refuses framing, forms, base changes and plugins', () => {
    for (const d of ['frame-ancestors', 'form-action', 'base-uri', 'object-src', 'frame-src']) {
      expect(CSP_DIRECTIVES[d], d).toEqual(["'none'"]);
    }
  });
  it('is sent with nosniff and no referrer', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });
});
