'use strict';
// Preloaded into the app by bench/orders/profile.js (BENCH_PROFILE_KIND=alloc): V8's sampling heap
// profiler over the inspector of the app's own isolate, counting objects the GC has already
// collected too (so it measures what a request allocates, not what it keeps; BENCH_ALLOC_SURVIVORS=1:
// only what survived the young generation). The first SIGUSR2
// starts sampling, the second stops it and writes the profile to BENCH_ALLOC_OUT.
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

const session = new inspector.Session();
session.connect();
let sampling = false;
process.on('SIGUSR2', () => {
  sampling = !sampling;
  if (sampling) {
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      // BENCH_ALLOC_SURVIVORS=1 leaves out what young collections freed: what reaches the old
      // space (promoted objects, and what V8 allocates there directly, such as maps)
      includeObjectsCollectedByMinorGC: process.env.BENCH_ALLOC_SURVIVORS !== '1',
    });
    return;
  }
  session.post('HeapProfiler.stopSampling', (err, result) => {
    if (err) console.error(`allocation sampling: ${err.message}`);
    else writeFileSync(process.env.BENCH_ALLOC_OUT, JSON.stringify(result.profile));
  });
});
