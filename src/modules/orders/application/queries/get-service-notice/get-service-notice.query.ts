import { Query } from '@nestjs/cqrs';

/** What a supplier is told about a service of theirs: booking details, no client personal data. */
export interface ServiceNoticeView {
  serviceId: string;
  orderId: string;
  number: string;
  managerId: string | null;
  type: string;
  supplier: string | null;
  startAt: string;
  endAt: string;
  location: { city?: string; country?: string; iata?: string } | null;
  destination: { city?: string; country?: string; iata?: string } | null;
  bookingRef: string | null;
  travellers: number;
}

export class GetServiceNoticeQuery extends Query<ServiceNoticeView | null> {
  constructor(readonly serviceId: string) {
    super();
  }
}
