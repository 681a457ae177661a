// DevTools throttling for the browser benchmarks: the two links the issue measures, and a
// page opened under one with an empty cache, counting the bytes that cross the wire.

/** "Slow 3G" as DevTools names it: 400 kbit/s, 2 s round trip. */
export const SLOW_3G = { name: '"Slow 3G" (400 kbit/s, 2 s RTT)', latency: 2000, bps: 400_000, cpu: 1 };
/** A fair mobile link on a mid-range phone: 9 Mbit/s, 100 ms, CPU 4× slower. */
export const FAST = { name: '9 Mbit/s, 100 ms RTT, CPU 4×', latency: 100, bps: 9_000_000, cpu: 4 };

/** Throttles `page` (of `context`) to `profile`, cache off; `bytes()` is what has arrived. */
export async function throttle(context, page, profile) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.bps / 8,
    uploadThroughput: profile.bps / 8,
  });
  if (profile.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  return { bytes: () => bytes };
}
