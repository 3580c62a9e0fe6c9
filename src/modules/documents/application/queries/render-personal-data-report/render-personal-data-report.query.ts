import { Query } from '@nestjs/cqrs';
import type { ReportSection } from '../../../domain/privacy-document-data';

export type { ReportSection } from '../../../domain/privacy-document-data';

/**
 * Contract for the privacy module (`GET /clients/{id}/personal-data?format=pdf`): renders the
 * subject access report (sections of label/value rows, in Russian) with the active
 * `personal_data_report` template. Nothing is stored (it holds personal data).
 */
export class RenderPersonalDataReportQuery extends Query<{ pdf: Buffer; templateVersion: number }> {
  constructor(
    readonly report: { subject: string; sections: ReportSection[]; generatedAt: string; reference: string },
  ) {
    super();
  }
}
