import { Query } from '@nestjs/cqrs';

/** One end of a service as a notice names it; `timeZone` is the place's IANA zone. */
export interface NoticePlace {
  city?: string;
  country?: string;
  iata?: string;
  timeZone?: string;
}

/** What a supplier is told about a service of theirs: booking details, no client personal data. */
export interface ServiceNoticeView {
  serviceId: string;
  orderId: string;
  number: string;
  managerId: string | null;
  type: string;
  supplier: string | null;
  /** ISO 8601 with the offset of the location's zone. */
  startAt: string;
  /** ISO 8601 with the offset of the destination's (or location's) zone. */
  endAt: string;
  location: NoticePlace | null;
  destination: NoticePlace | null;
  bookingRef: string | null;
  travellers: number;
}

export class GetServiceNoticeQuery extends Query<ServiceNoticeView | null> {
  constructor(readonly serviceId: string) {
    super();
  }
}
