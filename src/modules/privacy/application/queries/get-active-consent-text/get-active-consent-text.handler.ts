import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type ConsentTextView, PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { GetActiveConsentTextQuery } from './get-active-consent-text.query';

@QueryHandler(GetActiveConsentTextQuery)
export class GetActiveConsentTextHandler implements IQueryHandler<GetActiveConsentTextQuery> {
  constructor(@Inject(PRIVACY_STORE) private readonly store: PrivacyStore) {}

  execute({ purpose }: GetActiveConsentTextQuery): Promise<ConsentTextView | null> {
    return this.store.activeConsentText(purpose);
  }
}
