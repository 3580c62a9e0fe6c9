import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DOVECOT = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
const DOVEADM = process.env.DOVEADM_BIN ?? '/usr/bin/doveadm';

export interface TestMailServer {
  host: string;
  imapPort: number;
  lmtpPort: number;
  user: string;
  password: string;
  /** Delivers a raw RFC 5322 message to the mailbox over LMTP (real protocol, real socket). */
  deliver(raw: string | Buffer, recipient?: string, envelopeFrom?: string): Promise<void>;
  /** `doveadm -c <conf> …`; returns stdout. */
  doveadm(...args: string[]): Promise<string>;
  /** The UIDVALIDITY of a mailbox as Dovecot reports it. */
  uidValidity(mailbox?: string): Promise<number>;
  /** Gives the mailbox a new UIDVALIDITY (every message gets a new UID, as after a server migration). */
  resetUidValidity(mailbox?: string): Promise<number>;
  /** Drops every IMAP connection of the user (the client sees the socket close). */
  kick(): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function idOf(name: string): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    run('id', ['-u', name]),
    run('id', ['-g', name]),
  ]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

async function waitForPort(port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
      s.connect(port, '127.0.0.1');
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on ${port}: ${log()}`);
}

/** Speaks LMTP (RFC 2033) to deliver one message; rejects on any non-2xx/3xx reply. */
async function lmtpDeliver(port: number, from: string, to: string, raw: Buffer): Promise<void> {
  const socket = new Socket();
  let buffer = '';
  const waiters: Array<(line: string) => void> = [];
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let nl: number;
    while ((nl = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 2);
      // multi-line replies ("250-…") end with "250 …"
      if (/^\d{3} /.test(line)) waiters.shift()?.(line);
    }
  });
  const reply = () => new Promise<string>((resolve) => waiters.push(resolve));
  const expect = async (pending: Promise<string>, code: string) => {
    const line = await pending;
    if (!line.startsWith(code)) throw new Error(`LMTP: expected ${code}, got ${line}`);
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', () => resolve());
  });
  try {
    await expect(reply(), '220');
    const send = (line: string) => {
      const r = reply();
      socket.write(`${line}\r\n`);
      return r;
    };
    await expect(send('LHLO test.local'), '250');
    await expect(send(`MAIL FROM:<${from}>`), '250');
    await expect(send(`RCPT TO:<${to}>`), '250');
    await expect(send('DATA'), '354');
    // normalise to CRLF and dot-stuff
    const body = raw.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const done = reply();
    socket.write(Buffer.from(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`, 'latin1'));
    await expect(done, '250');
    socket.write('QUIT\r\n');
  } finally {
    socket.end();
  }
}

/**
 * What Dovecot 2.3 advertises after login, without IDLE: a server that cannot push new mail
 * (some hosted and older servers), so the client has to poll.
 */
export const CAPABILITIES_WITHOUT_IDLE =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS ' +
  'THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS ' +
  'LIST-EXTENDED I18NLEVEL=1 ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE LITERAL+';

export interface DovecotOptions {
  /** false: `imap_capability` without IDLE (default true: Dovecot's own list, IDLE included). */
  idle?: boolean;
}

/**
 * Debian's Dovecot on spare loopback ports, configured from scratch in a temporary directory:
 * one user (passwd-file, plain password), maildir storage, IMAP and LMTP without TLS. Started as a
 * child (`dovecot -F`) and stopped by `close()`.
 */
export async function startDovecot(options: DovecotOptions = {}): Promise<TestMailServer> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-dovecot-'));
  const [imapPort, lmtpPort] = [await freePort(), await freePort()];
  const user = 'zayavki@agency.test';
  const password = 'Imap-Passw0rd-тест';
  const root = process.getuid?.() === 0;
  const mailUser = root ? await idOf('nobody') : { uid: process.getuid!(), gid: process.getgid!() };
  const me = userInfo().username;
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`);
  chmodSync(dir, 0o755);
  if (root) chownSync(join(dir, 'mail'), mailUser.uid, mailUser.gid);
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      `info_log_path = ${dir}/dovecot.log`,
      'protocols = imap lmtp',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `default_internal_user = ${root ? 'dovecot' : me}`,
      `default_login_user = ${root ? 'dovenull' : me}`,
      `first_valid_uid = ${Math.min(mailUser.uid, 500)}`,
      'lmtp_save_to_detail_mailbox = no',
      'recipient_delimiter = +',
      `mail_location = maildir:${dir}/mail/%u`,
      `mail_uid = ${mailUser.uid}`,
      `mail_gid = ${mailUser.gid}`,
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${dir}/users`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${dir}/mail/%u`,
      '}',
      'service imap-login {',
      `  inet_listener imap {\n    address = 127.0.0.1\n    port = ${imapPort}\n  }`,
      '  inet_listener imaps {\n    port = 0\n  }',
      '}',
      'service lmtp {',
      `  inet_listener lmtp {\n    address = 127.0.0.1\n    port = ${lmtpPort}\n  }`,
      '}',
      'service doveadm {\n  unix_listener doveadm-server {\n    mode = 0600\n  }\n}',
      'namespace inbox {\n  inbox = yes\n}',
      ...(options.idle === false ? [`imap_capability = ${CAPABILITIES_WITHOUT_IDLE}`] : []),
      '',
    ].join('\n'),
  );
  const logText = () => {
    try {
      return readFileSync(join(dir, 'dovecot.log'), 'utf8').slice(-2000);
    } catch {
      return '(no log)';
    }
  };
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(imapPort, () => `${stderr}\n${logText()}`);
  await waitForPort(lmtpPort, () => `${stderr}\n${logText()}`);

  const doveadm = async (...args: string[]) => (await run(DOVEADM, ['-c', conf, ...args])).stdout;
  const uidValidity = async (mailbox = 'INBOX') => {
    const out = await doveadm('-f', 'flow', 'mailbox', 'status', '-u', user, 'uidvalidity', mailbox);
    const m = /uidvalidity=(\d+)/.exec(out);
    if (!m) throw new Error(`no uidvalidity in "${out}"`);
    return Number(m[1]);
  };
  return {
    host: '127.0.0.1',
    imapPort,
    lmtpPort,
    user,
    password,
    deliver: (raw, recipient = user, envelopeFrom = 'sender@example.test') =>
      lmtpDeliver(lmtpPort, envelopeFrom, recipient, Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8')),
    doveadm,
    uidValidity,
    async resetUidValidity(mailbox = 'INBOX') {
      const before = await uidValidity(mailbox);
      const next = before + 1000;
      await doveadm('mailbox', 'update', '-u', user, '--uid-validity', String(next), mailbox);
      return uidValidity(mailbox);
    },
    async kick() {
      await doveadm('kick', user);
    },
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
