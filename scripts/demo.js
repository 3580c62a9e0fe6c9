'use strict';
// `npm run demo`: fills an EMPTY database with a small, realistic agency through the public API:
// staff of every role, agency requisites, clients with passports and consents, applications from
// every channel, orders with itineraries (one with a conflict), documents, payments and debts.
// Uses the app at DEMO_URL (default http://localhost:$PORT); when none answers there, starts
// dist/main.js with the current environment (ADMIN_EMAIL / ADMIN_PASSWORD, DATABASE_URL…) and stops it after.
const { spawn } = require('node:child_process');
const { resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const PORT = process.env.PORT || '3000';
const BASE = (process.env.DEMO_URL || `http://localhost:${PORT}`).replace(/\/$/, '');
const ADMIN_EMAIL = process.env.ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD;
const STAFF_PASSWORD = process.env.DEMO_STAFF_PASSWORD || 'Demo-Passw0rd-2026';

async function ready() {
  try {
    return (await fetch(`${BASE}/health/ready`)).ok;
  } catch {
    return false;
  }
}

async function startIfNeeded() {
  if (await ready()) return null;
  console.log(`No app at ${BASE}: starting dist/main.js (run "npm run build" first)`);
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error('the app exited; see its output above');
    if (await ready()) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('the app did not become ready');
}

function session(token) {
  const call = async (method, path, body) => {
    const r = await fetch(`${BASE}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${text.slice(0, 400)}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b ?? {}),
    patch: (p, b) => call('PATCH', p, b),
    put: (p, b) => call('PUT', p, b),
  };
}

async function login(email, password) {
  const { accessToken } = await session().post('/auth/login', { email, password });
  return session(accessToken);
}

const PLACES = {
  msk: { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow', iata: 'SVO' },
  led: { city: 'Санкт-Петербург', country: 'RU', timeZone: 'Europe/Moscow', iata: 'LED' },
  aer: { city: 'Сочи', country: 'RU', timeZone: 'Europe/Moscow', iata: 'AER' },
  par: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris', iata: 'CDG' },
  rom: { city: 'Рим', country: 'IT', timeZone: 'Europe/Rome', iata: 'FCO' },
  ist: { city: 'Стамбул', country: 'TR', timeZone: 'Europe/Istanbul', iata: 'IST' },
  ayt: { city: 'Анталья', country: 'TR', timeZone: 'Europe/Istanbul', iata: 'AYT' },
  dxb: { city: 'Дубай', country: 'AE', timeZone: 'Asia/Dubai', iata: 'DXB' },
};

const CLIENTS = [
  ['Соколов Пётр Андреевич', 'SOKOLOV PETR', '+79161234501', 'p.sokolov@mail.ru', '4510', '123401'],
  ['Кузнецова Анна Сергеевна', 'KUZNETSOVA ANNA', '+79161234502', 'anna.k@yandex.ru', '4511', '223402'],
  ['Иванов Игорь Викторович', 'IVANOV IGOR', '+79161234503', 'ivanov.igor@gmail.com', '4512', '323403'],
  ['Смирнова Мария Олеговна', 'SMIRNOVA MARIIA', '+79161234504', 'm.smirnova@mail.ru', '4513', '423404'],
  ['Волков Дмитрий Павлович', 'VOLKOV DMITRII', '+79161234505', 'volkov.dp@yandex.ru', '4514', '523405'],
  ['Морозова Елена Игоревна', 'MOROZOVA ELENA', '+79161234506', 'elena.morozova@bk.ru', '4515', '623406'],
  ['Новиков Артём Русланович', 'NOVIKOV ARTEM', '+79161234507', 'novikov.a@mail.ru', '4516', '723407'],
  [
    'Фёдорова Ксения Максимовна',
    'FEDOROVA KSENIIA',
    '+79161234508',
    'k.fedorova@yandex.ru',
    '4517',
    '823408',
  ],
  ['Лебедев Сергей Николаевич', 'LEBEDEV SERGEI', '+79161234509', 'lebedev.sn@gmail.com', '4518', '923409'],
  ['Козлова Татьяна Юрьевна', 'KOZLOVA TATIANA', '+79161234510', 'kozlova.t@mail.ru', '4519', '103410'],
];

// [client index, destination, start day offset, nights, status, paid share]
const TRIPS = [
  [0, 'par', 40, 6, 'confirmed', '0.5', 'conflict'],
  [1, 'rom', 55, 7, 'confirmed', '1'],
  [2, 'ist', 25, 4, 'in_progress', '0.3'],
  [3, 'ayt', 70, 10, 'draft', '0'],
  [4, 'dxb', 90, 7, 'confirmed', '0'],
  [5, 'aer', 15, 5, 'in_progress', '1'],
  [6, 'led', 10, 3, 'confirmed', '0.4'],
  [7, 'par', 120, 5, 'draft', '0'],
];

function isoAt(dayOffset, hour, timeZone) {
  const d = new Date(Date.now() + dayOffset * 86400000);
  const local = `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
  const off = { 'Europe/Moscow': '+03:00', 'Europe/Istanbul': '+03:00', 'Asia/Dubai': '+04:00' }[timeZone];
  if (off) return `${local}:00${off}`;
  // Paris and Rome: summer or winter time by month (good enough for demo data)
  const m = d.getUTCMonth() + 1;
  return `${local}:00${m >= 4 && m <= 10 ? '+02:00' : '+01:00'}`;
}

async function main() {
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD)
    throw new Error('Set ADMIN_EMAIL and ADMIN_PASSWORD (the first admin)');
  const child = await startIfNeeded();
  try {
    const admin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const [orders, clients] = await Promise.all([
      admin.get('/orders?limit=1'),
      admin.get('/clients?limit=1'),
    ]);
    if (orders.total > 0 || clients.total > 0) {
      throw new Error(
        `The database is not empty (${orders.total} orders, ${clients.total} clients): the demo fills only an empty one`,
      );
    }
    const staff = [
      ['supervisor@demo-agency.ru', 'Ирина Руководова', 'supervisor'],
      ['anna.operator@demo-agency.ru', 'Анна Менеджерова', 'operator'],
      ['oleg.operator@demo-agency.ru', 'Олег Продажин', 'operator'],
      ['buh@demo-agency.ru', 'Галина Счётова', 'accountant'],
    ];
    for (const [email, fullName, role] of staff)
      await admin.post('/users', { email, fullName, role, password: STAFF_PASSWORD });
    await admin.put('/settings/agency', {
      legalName: 'Общество с ограниченной ответственностью «Пять Континентов»',
      shortName: 'ООО «Пять Континентов»',
      inn: '7707083893',
      kpp: '770701001',
      ogrn: '1027700132195',
      address: '101000, г. Москва, ул. Мясницкая, д. 10, офис 5',
      phone: '+7 495 123-45-67',
      email: 'info@demo-agency.ru',
      bankName: 'ПАО Сбербанк',
      bik: '044525225',
      account: '40702810938000012345',
      corrAccount: '30101810400000000225',
      signatoryName: 'Климова Н. В.',
      signatoryPosition: 'Генеральный директор',
      vatNote: 'НДС не облагается (УСН)',
    });
    const anna = await login('anna.operator@demo-agency.ru', STAFF_PASSWORD);
    const oleg = await login('oleg.operator@demo-agency.ru', STAFF_PASSWORD);
    const buh = await login('buh@demo-agency.ru', STAFF_PASSWORD);

    const clientIds = [];
    for (const [i, [fullName, latinName, phone, email, series, number]] of CLIENTS.entries()) {
      const c = await (i % 2 ? oleg : anna).post('/clients', {
        fullName,
        latinName,
        phones: [phone],
        emails: [email],
        birthDate: `19${70 + i * 2}-0${(i % 9) + 1}-1${i % 9}`,
        passports: [
          {
            kind: 'internal',
            series,
            number,
            issuedAt: '2016-05-12',
            issuedBy: 'ГУ МВД России по г. Москве',
          },
          {
            kind: 'foreign',
            series: '75',
            number: `5${number}`,
            issuedAt: '2021-03-01',
            // one passport expires a few months after the trip: the itinerary warns
            expiresAt:
              i === 4 ? new Date(Date.now() + 150 * 86400000).toISOString().slice(0, 10) : '2031-03-01',
          },
        ],
        consent: { givenAt: new Date().toISOString(), channel: 'paper', textVersion: '2025-09' },
      });
      clientIds.push(c.id);
    }

    const applications = [
      [
        'telegram',
        'Здравствуйте! Хотим на майские в Стамбул, 2 взрослых + ребёнок 7 лет',
        { name: 'Алексей', telegram: '@alex_trip' },
      ],
      [
        'whatsapp',
        'Интересует Дубай в феврале, отель 5*, всё включено',
        { name: 'Марина', phone: '+79265550101' },
      ],
      [
        'email',
        'Добрый день. Прошу подобрать тур в Рим на 5 ночей для двоих, бюджет 250 тыс.',
        { name: 'Виктор Петров', email: 'v.petrov@mail.ru' },
      ],
      [
        'web',
        'Сочи, июль, семья из 4 человек, нужен трансфер из аэропорта',
        { name: 'Светлана', phone: '+79265550102' },
      ],
      [
        'manual',
        'Звонок: корпоратив на 12 человек в Санкт-Петербург, 2 ночи',
        { name: 'ООО «Вектор»', phone: '+74951112233' },
      ],
      [
        'telegram',
        'Можно ли поменять даты в моём заказе на неделю позже?',
        { name: 'Пётр Соколов', phone: '+79161234501' },
      ],
      ['email', 'Нужна виза во Францию и билеты на 1 июня', { name: 'Елена', email: 'elena.morozova@bk.ru' }],
    ];
    const appIds = [];
    for (const [source, text, contact] of applications) {
      const a = await admin.post('/applications', { source, text, contact, payload: {} });
      appIds.push(a.id);
    }
    const annaMe = await anna.get('/auth/me');
    const taken = await anna.get(`/applications/${appIds[2]}`);
    await anna.patch(`/applications/${appIds[2]}`, {
      status: 'in_progress',
      assigneeId: annaMe.id,
      version: taken.version,
    });
    const converted = await anna.post(`/applications/${appIds[4]}/convert`, { currency: 'RUB' });

    let made = 0;
    for (const [ci, dest, start, nights, status, share, special] of TRIPS) {
      const who = ci % 2 ? oleg : anna;
      const place = PLACES[dest];
      const order = await who.post('/orders', {
        clientId: clientIds[ci],
        travellerIds: [clientIds[ci]],
        currency: 'RUB',
        deadline: isoAt(start - (share === '1' ? 20 : 45), 18, 'Europe/Moscow'),
        note: 'Демо-заказ',
      });
      const flightTo = {
        type: 'flight',
        location: PLACES.msk,
        destination: place,
        supplier: 'Аэрофлот',
        price: String(18000 + ci * 3100) + '.00',
        currency: 'RUB',
        commission: { percent: '5' },
        bookingRef: `SU${1200 + ci}`,
        details: { flightNumber: `SU${2400 + ci}` },
      };
      const base = (p) => ({ ...p, startAt: undefined, endAt: undefined });
      await who.post(`/orders/${order.id}/services`, {
        ...base(flightTo),
        startAt: isoAt(start, 9, 'Europe/Moscow'),
        endAt: isoAt(start, 14, place.timeZone),
      });
      await who.post(`/orders/${order.id}/services`, {
        type: 'hotel',
        location: place,
        supplier: `Отель «${place.city} Центр»`,
        price: String(9000 * nights + ci * 1000) + '.00',
        currency: 'RUB',
        commission: { percent: '10' },
        bookingRef: `HT${5500 + ci}`,
        // one order checks in before the flight lands: the itinerary shows the conflict
        startAt: isoAt(start, special === 'conflict' ? 12 : 15, place.timeZone),
        endAt: isoAt(start + nights, 12, place.timeZone),
      });
      await who
        .post(`/orders/${order.id}/services`, {
          type: 'transfer',
          location: place,
          destination: place,
          supplier: 'Городское такси',
          price: '3500.00',
          currency: 'RUB',
          startAt: isoAt(start, 15, place.timeZone),
          endAt: isoAt(start, 16, place.timeZone),
        })
        .catch(() => undefined);
      if (ci % 3 === 0) {
        await who.post(`/orders/${order.id}/services`, {
          type: 'excursion',
          location: place,
          supplier: 'Гид Мария',
          price: '6000.00',
          currency: 'RUB',
          commission: { amount: '600.00' },
          startAt: isoAt(start + 1, 10, place.timeZone),
          endAt: isoAt(start + 1, 14, place.timeZone),
        });
      }
      await who.post(`/orders/${order.id}/services`, {
        ...base(flightTo),
        location: place,
        destination: PLACES.msk,
        bookingRef: `SU${1300 + ci}`,
        startAt: isoAt(start + nights, 16, place.timeZone),
        endAt: isoAt(start + nights, 22, 'Europe/Moscow'),
      });
      let current = await who.get(`/orders/${order.id}`);
      for (const next of ['confirmed', 'in_progress']) {
        if (status === 'draft' || (status === 'confirmed' && next === 'in_progress')) break;
        current = await who.post(`/orders/${order.id}/status`, { status: next, version: current.version });
      }
      if (status !== 'draft') {
        await who.post(`/orders/${order.id}/documents`, { type: 'contract' });
        await who.post(`/orders/${order.id}/documents`, { type: 'invoice' });
      }
      if (share !== '0') {
        const total = Number(current.totalAmount);
        const amount = (Math.round(total * Number(share) * 100) / 100).toFixed(2);
        await buh.post(`/orders/${order.id}/payments`, {
          type: 'payment',
          amount,
          currency: 'RUB',
          paidAt: new Date().toISOString(),
          method: ci % 2 ? 'card' : 'bank_transfer',
          reference: `п/п ${100 + ci}`,
        });
      }
      made++;
    }
    console.log(
      `Demo agency ready at ${BASE}/: ${CLIENTS.length} clients, ${applications.length} applications (1 converted into order ${converted.orderId.slice(0, 8)}…), ${made} orders with services, documents and payments. Staff: ${staff.map(([e, , r]) => `${e} (${r})`).join(', ')}; password ${STAFF_PASSWORD}`,
    );
  } finally {
    if (child) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
