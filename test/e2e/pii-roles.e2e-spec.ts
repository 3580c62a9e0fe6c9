import { clientBody } from '../support/clients';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { PDF_BYTES, postFile, userWithToken } from '../support/uploads';

/** Personal data that must not leak from one role to another: passport search, attachments, application contacts. */
describe('personal data between roles (e2e)', () => {
  let t: TestApp;
  let adminToken: string;
  let accountant: string;
  let operator: string;
  let clientId: string;
  let passport: { series: string; number: string };

  beforeAll(async () => {
    t = await startTestApp();
    adminToken = (
      await t.client().POST('/api/v1/auth/login', {
        body: { email: 'admin@test.agency', password: 'Admin-Passw0rd-for-tests' },
      })
    ).data!.accessToken;
    accountant = (await userWithToken(t, 'accountant')).token;
    operator = (await userWithToken(t, 'operator')).token;
    const c = clientBody({ fullName: 'Паспортов Пётр Петрович' });
    passport = c.passport;
    const r = await t.admin.POST('/api/v1/clients', { body: c.body as never });
    clientId = r.data!.id;
  });
  afterAll(() => t.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses read loosely
  async function get(path: string, token: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json() };
  }

  async function newApplication(): Promise<string> {
    const r = await t.admin.POST('/api/v1/applications', {
      body: {
        source: 'manual',
        text: 'Хотим в Рим',
        contact: { name: 'Анна Петрова', phone: '+7 912 345-67-89', email: 'anna.petrova@example.ru' },
        payload: { message: 'паспорт 4510 123456' },
      },
    });
    return r.data!.id;
  }

  describe('searching clients by passport', () => {
    const passportQuery = () => encodeURIComponent(`${passport.series} ${passport.number}`);

    it('answers 403 when the accountant (no clients.read-pii) searches by ?passport=', async () => {
      const r = await get(`/api/v1/clients?passport=${passportQuery()}`, accountant);
      expect(r.status).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain(clientId);
    });

    it('finds the client when the operator (clients.read-pii) searches by ?passport=', async () => {
      const r = await get(`/api/v1/clients?passport=${passportQuery()}`, operator);
      expect(r.status).toBe(200);
      expect(r.body.items.map((i: { id: string }) => i.id)).toEqual([clientId]);
    });

    it('does not match the passport when the accountant puts it in ?q=', async () => {
      const asAccountant = await get(`/api/v1/clients?q=${passportQuery()}`, accountant);
      expect(asAccountant.status).toBe(200);
      expect(asAccountant.body.total).toBe(0);
      const asOperator = await get(`/api/v1/clients?q=${passportQuery()}`, operator);
      expect(asOperator.body.items.map((i: { id: string }) => i.id)).toEqual([clientId]);
    });
  });

  describe('application attachments', () => {
    let applicationId: string;
    let attachmentId: string;

    beforeAll(async () => {
      applicationId = await newApplication();
      const up = await postFile(t, adminToken, `/api/v1/applications/${applicationId}/attachments`, {
        bytes: PDF_BYTES,
        name: 'паспорт 4510 123456.pdf',
        type: 'application/pdf',
      });
      expect(up.status).toBe(201);
      attachmentId = up.body.id as string;
    });

    it('answers 403 when the accountant (applications.read only) asks for an attachment link', async () => {
      const r = await get(
        `/api/v1/applications/${applicationId}/attachments/${attachmentId}/download`,
        accountant,
      );
      expect(r.status).toBe(403);
    });

    it('gives the operator (clients.read-pii, as for client files) the link when asked', async () => {
      const r = await get(
        `/api/v1/applications/${applicationId}/attachments/${attachmentId}/download`,
        operator,
      );
      expect(r.status).toBe(200);
      expect(r.body.url).toEqual(expect.any(String));
    });
  });

  describe("an application's contact", () => {
    let applicationId: string;

    beforeAll(async () => {
      applicationId = await newApplication();
    });

    async function piiReads(): Promise<Array<{ role: string; diff: { fields: string[]; via: string } }>> {
      const r = await get(
        `/api/v1/audit?entity=application&entityId=${applicationId}&action=pii.read&limit=50`,
        adminToken,
      );
      return r.body.items;
    }

    it('is masked, without payload and not audited as a read, when the accountant reads it', async () => {
      const r = await get(`/api/v1/applications/${applicationId}`, accountant);
      expect(r.status).toBe(200);
      expect(r.body.access).toBe('masked');
      expect(r.body.contact.name).toBe('Анна Петрова');
      expect(r.body.contact.phone).not.toContain('345');
      expect(r.body.contact.email).not.toBe('anna.petrova@example.ru');
      expect(r.body.payload).toEqual({});
      expect(JSON.stringify(r.body)).not.toContain('123456');
    });

    it('is shown in full and audited as pii.read naming the fields when the operator reads it', async () => {
      const r = await get(`/api/v1/applications/${applicationId}`, operator);
      expect(r.body.access).toBe('full');
      expect(r.body.contact).toMatchObject({ phone: '+7 912 345-67-89', email: 'anna.petrova@example.ru' });
      expect(r.body.payload).toEqual({ message: 'паспорт 4510 123456' });
      const reads = await eventually(async () => {
        const items = await piiReads();
        return items.some((e) => e.role === 'operator') ? items : null;
      });
      const entry = reads.find((e) => e.role === 'operator')!;
      expect(entry.diff).toMatchObject({
        via: 'getApplication',
        fields: expect.arrayContaining(['contact.phone', 'contact.email', 'payload']),
      });
      expect(reads.some((e) => e.role === 'accountant')).toBe(false);
    });
  });
});
