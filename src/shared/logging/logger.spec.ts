import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('keeps running on stdout and says why when LOG_DIR cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-logdir-'));
    try {
      // a path under a regular file can never be a directory, whoever runs the test (root included)
      writeFileSync(join(dir, 'not-a-dir'), 'x');
      const lines: Array<Record<string, unknown>> = [];
      const logger = createLogger(
        { log: { level: 'info', dir: join(dir, 'not-a-dir', 'logs') } },
        { console: false, sink: (l) => lines.push(l) },
      );
      logger.info('still logging');
      expect(lines.map((l) => [l.level, l.message])).toEqual([
        [
          'warn',
          expect.stringMatching(
            /^LOG_DIR .*not-a-dir\/logs is not writable \((ENOTDIR|EEXIST)\); logging to stdout only$/,
          ),
        ],
        ['info', 'still logging'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
