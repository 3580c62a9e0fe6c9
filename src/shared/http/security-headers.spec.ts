import type { Request, Response } from 'express';
import { securityHeaders } from './security-headers';

function run(): { headers: Map<string, string>; removed: string[]; nexts: number } {
  const headers = new Map<string, string>([['x-powered-by', 'Express']]);
  const removed: string[] = [];
  const res = {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => {
      removed.push(name.toLowerCase());
      headers.delete(name.toLowerCase());
    },
  } as unknown as Response;
  let nexts = 0;
  securityHeaders()({} as Request, res, () => {
    nexts += 1;
  });
  return { headers, removed, nexts };
}

describe('security headers (helmet recorded once)', () => {
  it('sets helmet’s headers with the app’s CSP on each response and calls next once', () => {
    const { headers, removed, nexts } = run();
    expect(nexts).toBe(1);
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("frame-src 'self' blob:");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(removed).toContain('x-powered-by');
    expect(headers.has('x-powered-by')).toBe(false);
  });
});
