import type { CrmClient } from '../../client';
import { sampleDocumentData } from '../../src/modules/documents/domain/sample-document-data';

/** The sample agency's requisites (ООО «Пример Тур»), as PUT /settings/agency takes them. */
export function agencyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...sampleDocumentData().agency, ...overrides };
}

/** Sets the agency requisites (documents and bank exports need them) and returns the stored settings. */
export async function setAgency(admin: CrmClient, overrides: Record<string, unknown> = {}) {
  const current = await admin.GET('/api/v1/settings/agency');
  const r = await admin.PUT('/api/v1/settings/agency', {
    body: { ...agencyBody(overrides), ...(current.data ? { version: current.data.version } : {}) } as never,
  });
  if (r.response.status !== 200) throw new Error(`agency settings failed: ${JSON.stringify(r.error)}`);
  return r.data!;
}
