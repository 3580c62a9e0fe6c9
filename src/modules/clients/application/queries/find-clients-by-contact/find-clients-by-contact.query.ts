import { Query } from '@nestjs/cqrs';

export interface ContactMatch {
  clientId: string;
  /** Which kind of contact matched. */
  field: 'email' | 'phone';
}

/**
 * Live clients whose e-mail or phone (any spelling) equals one of these, through the blind
 * indexes. Used by applications to link an incoming request to a known client.
 */
export class FindClientsByContactQuery extends Query<ContactMatch[]> {
  constructor(readonly contact: { emails?: readonly string[]; phones?: readonly string[] }) {
    super();
  }
}
