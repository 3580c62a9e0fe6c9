import { conflictKey, detectConflicts } from './conflicts.policy';
import { A, B, MOW, MOW_DME, LED, MOW_RAIL, CDG, ORY, NYC, svc, ctx, codes } from './conflicts.fixtures';

describe('conflict policy: connections', () => {
  const f1 = () =>
    svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: CDG,
    });
  const f2 = (start: string) =>
    svc({
      type: 'flight',
      startAt: start,
      endAt: '2027-06-01T20:00:00+02:00',
      location: CDG,
      destination: NYC,
    });

  it('warns about less than the configured minimum between an arrival and the next departure', () => {
    const a = f1();
    const b = f2('2027-06-01T14:45:00+02:00');
    const [c] = detectConflicts([a, b], ctx);
    expect(c).toMatchObject({ code: 'TIGHT_CONNECTION', severity: 'warning', serviceIds: [a.id, b.id] });
    expect(c.message).toContain('45 мин');
  });

  it('uses the configured minimum', () => {
    const a = f1();
    const b = f2('2027-06-01T14:45:00+02:00');
    expect(codes([a, b], { minConnectionMinutes: 30 })).toEqual([]);
    expect(codes([a, f2('2027-06-01T16:00:00+02:00')], ctx)).toEqual([]);
  });

  it('reports a leg from another airport as a gap, not as a tight connection', () => {
    const a = f1();
    const b = svc({
      type: 'flight',
      startAt: '2027-06-01T14:30:00+02:00',
      endAt: '2027-06-01T20:00:00+02:00',
      location: ORY,
      destination: NYC,
    });
    expect(codes([a, b])).toEqual(['warning:GEOGRAPHY_GAP']);
  });

  it('connects legs by city when the next leg leaves from a station of the arrival city', () => {
    const a = svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T12:00:00+03:00',
      location: { ...LED, iata: 'LED' },
      destination: MOW_DME,
    });
    const b = svc({
      type: 'rail',
      startAt: '2027-06-01T18:00:00+03:00',
      endAt: '2027-06-01T22:00:00+03:00',
      location: MOW_RAIL,
      destination: LED,
    });
    expect(codes([a, b])).toEqual([]);
  });
});

describe('conflict policy: passports', () => {
  const trip = () => [
    svc({
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: MOW,
      destination: CDG,
      travellerIds: [A],
    }),
    svc({
      type: 'flight',
      startAt: '2027-06-10T10:00:00+02:00',
      endAt: '2027-06-10T16:00:00+03:00',
      location: CDG,
      destination: MOW,
      travellerIds: [A],
    }),
  ];

  it('is an error when the foreign passport expires before the trip ends', () => {
    const [c] = detectConflicts(trip(), {
      ...ctx,
      passports: [{ travellerId: A, passports: [{ kind: 'foreign', expiresAt: '2027-06-05' }] }],
    });
    expect(c).toMatchObject({ code: 'PASSPORT_EXPIRED', severity: 'error', travellerIds: [A] });
    expect(c.message).toContain('2027-06-05');
  });

  it('is a warning when it expires within 6 months after the trip, and nothing when later', () => {
    const soon = detectConflicts(trip(), {
      ...ctx,
      passports: [{ travellerId: A, passports: [{ kind: 'foreign', expiresAt: '2027-12-09' }] }],
    });
    expect(soon.map((c) => `${c.severity}:${c.code}`)).toEqual(['warning:PASSPORT_EXPIRES_SOON']);
    const fine = detectConflicts(trip(), {
      ...ctx,
      passports: [{ travellerId: A, passports: [{ kind: 'foreign', expiresAt: '2027-12-11' }] }],
    });
    expect(fine).toEqual([]);
  });

  it('takes the best of several foreign passports and ignores the internal one abroad', () => {
    const c = detectConflicts(trip(), {
      ...ctx,
      passports: [
        {
          travellerId: A,
          passports: [
            { kind: 'internal', expiresAt: null },
            { kind: 'foreign', expiresAt: '2027-01-01' },
            { kind: 'foreign', expiresAt: '2032-01-01' },
          ],
        },
      ],
    });
    expect(c).toEqual([]);
  });

  it('accepts an internal passport that does not expire for a trip at home, and skips travellers without data', () => {
    const home = [
      svc({
        type: 'rail',
        startAt: '2027-06-01T23:30:00+03:00',
        endAt: '2027-06-02T08:00:00+03:00',
        location: MOW_RAIL,
        destination: LED,
        travellerIds: [A, B],
      }),
    ];
    const c = detectConflicts(home, {
      ...ctx,
      passports: [
        { travellerId: A, passports: [{ kind: 'internal', expiresAt: null }] },
        { travellerId: B, passports: [] },
      ],
    });
    expect(c).toEqual([]);
  });

  it('keys a passport conflict by traveller so a longer trip is not a new conflict', () => {
    expect(conflictKey({ code: 'PASSPORT_EXPIRED', serviceIds: ['x'], travellerIds: [A] })).toBe(
      conflictKey({ code: 'PASSPORT_EXPIRED', serviceIds: ['x', 'y'], travellerIds: [A] }),
    );
    expect(conflictKey({ code: 'TIME_OVERLAP', serviceIds: ['b', 'a'], travellerIds: [A] })).toBe(
      conflictKey({ code: 'TIME_OVERLAP', serviceIds: ['a', 'b'], travellerIds: [B] }),
    );
  });
});
