import { detectConflicts, samePlace } from './conflicts.policy';
import { A, B, MOW, LED, MOW_RAIL, CDG, ORY, FCO, PARIS, ROME, svc, ctx, codes } from './conflicts.fixtures';

describe('conflict policy: time', () => {
  it('flags two flights of one traveller that overlap as an error naming both services and the travellers', () => {
    const f1 = svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: CDG,
    });
    const f2 = svc({
      type: 'flight',
      startAt: '2027-06-01T12:00:00+03:00',
      endAt: '2027-06-01T15:00:00+02:00',
      location: MOW,
      destination: FCO,
    });
    const [c] = detectConflicts([f1, f2], ctx);
    expect(c).toMatchObject({
      code: 'TIME_OVERLAP',
      severity: 'error',
      serviceIds: [f1.id, f2.id],
      travellerIds: [A, B],
    });
    expect(c.message).toContain('Пересечение по времени');
  });

  it('does not flag services of different travellers that overlap', () => {
    const f1 = svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: CDG,
      travellerIds: [A],
    });
    const f2 = svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: FCO,
      travellerIds: [B],
    });
    expect(codes([f1, f2])).toEqual([]);
  });

  it('compares instants across time zones: a flight crossing zones ends at 12:00Z, not at the 14:00 on the clock', () => {
    // Moscow 10:00 (+03) → Paris 14:00 (+02): airborne 07:00Z–12:00Z
    const f = svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: CDG,
    });
    // 13:30 in Paris is 11:30Z: still in the air
    const during = svc({
      type: 'excursion',
      startAt: '2027-06-01T13:30:00+02:00',
      endAt: '2027-06-01T16:00:00+02:00',
      location: PARIS,
    });
    expect(codes([f, during])).toEqual(['error:TIME_OVERLAP']);
    // 14:30 in Paris is 12:30Z: landed (the clock string "13:00+03:00" would also be 10:00Z — compare instants)
    const after = svc({
      type: 'excursion',
      startAt: '2027-06-01T14:30:00+02:00',
      endAt: '2027-06-01T16:00:00+02:00',
      location: PARIS,
    });
    expect(codes([f, after])).toEqual([]);
  });

  it('flags an excursion during an overnight train, not a check-in after it arrives', () => {
    const train = svc({
      type: 'rail',
      startAt: '2027-06-01T23:30:00+03:00',
      endAt: '2027-06-02T08:00:00+03:00',
      location: MOW_RAIL,
      destination: LED,
    });
    const early = svc({
      type: 'excursion',
      startAt: '2027-06-02T07:00:00+03:00',
      endAt: '2027-06-02T10:00:00+03:00',
      location: LED,
    });
    const hotel = svc({
      type: 'hotel',
      startAt: '2027-06-02T14:00:00+03:00',
      endAt: '2027-06-04T12:00:00+03:00',
      location: LED,
    });
    expect(codes([train, hotel])).toEqual([]);
    expect(codes([train, early, hotel])).toEqual(['error:TIME_OVERLAP']);
  });

  it('flags two hotels on the same nights but not a check-out and a check-in on the same day', () => {
    const h1 = svc({
      type: 'hotel',
      startAt: '2027-06-01T15:00:00+02:00',
      endAt: '2027-06-04T12:00:00+02:00',
      location: PARIS,
    });
    const h2 = svc({
      type: 'hotel',
      startAt: '2027-06-03T15:00:00+02:00',
      endAt: '2027-06-05T12:00:00+02:00',
      location: PARIS,
    });
    const h3 = svc({
      type: 'hotel',
      startAt: '2027-06-04T14:00:00+02:00',
      endAt: '2027-06-06T12:00:00+02:00',
      location: PARIS,
    });
    expect(codes([h1, h2])).toEqual(['error:TIME_OVERLAP']);
    expect(codes([h1, h3])).toEqual([]);
  });

  it('lets a hotel stay overlap transfers and excursions, and ignores "other" services', () => {
    const h = svc({
      type: 'hotel',
      startAt: '2027-06-01T15:00:00+02:00',
      endAt: '2027-06-04T12:00:00+02:00',
      location: PARIS,
    });
    const ex = svc({
      type: 'excursion',
      startAt: '2027-06-02T10:00:00+02:00',
      endAt: '2027-06-02T13:00:00+02:00',
      location: PARIS,
    });
    const other = svc({
      type: 'other',
      startAt: '2027-06-02T10:00:00+02:00',
      endAt: '2027-06-02T13:00:00+02:00',
      location: PARIS,
    });
    expect(codes([h, ex, other])).toEqual([]);
  });

  it('flags two excursions at the same time', () => {
    const e1 = svc({
      type: 'excursion',
      startAt: '2027-06-02T10:00:00+02:00',
      endAt: '2027-06-02T13:00:00+02:00',
      location: PARIS,
    });
    const e2 = svc({
      type: 'excursion',
      startAt: '2027-06-02T12:00:00+02:00',
      endAt: '2027-06-02T14:00:00+02:00',
      location: PARIS,
    });
    expect(codes([e1, e2])).toEqual(['error:TIME_OVERLAP']);
  });
});

describe('conflict policy: geography', () => {
  it('warns when a flight lands in Rome and the next hotel is in Paris with nothing in between', () => {
    const f = svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: FCO,
    });
    const h = svc({
      type: 'hotel',
      startAt: '2027-06-01T16:00:00+02:00',
      endAt: '2027-06-03T12:00:00+02:00',
      location: PARIS,
    });
    const [c] = detectConflicts([f, h], ctx);
    expect(c).toMatchObject({ code: 'GEOGRAPHY_GAP', severity: 'warning', serviceIds: [f.id, h.id] });
    expect(c.message).toContain('Рим');
  });

  it('warns when a transfer leaves from an airport other than the flight’s arrival', () => {
    const f = svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: CDG,
    });
    const tr = svc({
      type: 'transfer',
      startAt: '2027-06-01T16:00:00+02:00',
      endAt: '2027-06-01T17:00:00+02:00',
      location: ORY,
      destination: PARIS,
    });
    const ok = svc({
      type: 'transfer',
      startAt: '2027-06-01T16:00:00+02:00',
      endAt: '2027-06-01T17:00:00+02:00',
      location: CDG,
      destination: PARIS,
    });
    expect(codes([f, tr])).toEqual(['warning:GEOGRAPHY_GAP']);
    expect(codes([f, ok])).toEqual([]);
  });

  it('matches places by city when an end has no IATA code (a flight to Paris, a train from Paris)', () => {
    expect(samePlace(CDG, PARIS)).toBe(true);
    expect(samePlace(CDG, ORY)).toBe(false);
    expect(samePlace({ ...PARIS, city: ' париж ' }, PARIS)).toBe(true);
    expect(samePlace(PARIS, { ...PARIS, country: 'US' })).toBe(false);
  });

  it('warns about a hotel check-in before the traveller arrives in that city', () => {
    const h = svc({
      type: 'hotel',
      startAt: '2027-06-01T12:00:00+02:00',
      endAt: '2027-06-03T12:00:00+02:00',
      location: PARIS,
    });
    const f = svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: CDG,
    });
    const [c] = detectConflicts([h, f], ctx);
    expect(c).toMatchObject({
      code: 'CHECK_IN_BEFORE_ARRIVAL',
      severity: 'warning',
      serviceIds: [h.id, f.id],
    });
  });

  it('warns about an excursion in a city the traveller is not in', () => {
    const f = svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: CDG,
    });
    const ex = svc({
      type: 'excursion',
      startAt: '2027-06-02T10:00:00+02:00',
      endAt: '2027-06-02T12:00:00+02:00',
      location: ROME,
    });
    expect(codes([f, ex])).toEqual(['warning:GEOGRAPHY_GAP']);
  });

  it('says nothing about a first stay with no travel before it', () => {
    const h = svc({
      type: 'hotel',
      startAt: '2027-06-01T15:00:00+02:00',
      endAt: '2027-06-03T12:00:00+02:00',
      location: PARIS,
    });
    expect(codes([h])).toEqual([]);
  });
});
