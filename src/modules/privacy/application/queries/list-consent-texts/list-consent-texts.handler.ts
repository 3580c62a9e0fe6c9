import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type ConsentTextView, PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { ListConsentTextsQuery } from './list-consent-texts.query';

@QueryHandler(ListConsentTextsQuery)
export class ListConsentTextsHandler implements IQueryHandler<ListConsentTextsQuery> {
  constructor(@Inject(PRIVACY_STORE) private readonly store: PrivacyStore) {}

  execute({ purpose }: ListConsentTextsQuery): Promise<ConsentTextView[]> {
    return this.store.consentTexts(purpose);
  }
}
