'use strict';
// Preloaded into the app by bench/orders/profile.js (BENCH_PROFILE_KIND=alloc): V8's sampling heap
// profiler over the inspector of the app's own isolate, counting objects the GC has already
// collected too (so it measures what a request allocates, not what it keeps). The first SIGUSR2
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
      includeObjectsCollectedByMinorGC: true,
    });
    return;
  }
  session.post('HeapProfiler.stopSampling', (err, result) => {
    if (err) console.error(`allocation sampling: ${err.message}`);
    else writeFileSync(process.env.BENCH_ALLOC_OUT, JSON.stringify(result.profile));
  });
});
