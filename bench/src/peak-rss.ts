/** Stops tracking and returns the highest RSS seen, in bytes. */
export interface PeakRssTracker {
  stop(): number;
}

/**
 * Tracks this process's peak RSS from now on. Sampling alone misses peaks
 * inside long synchronous work, so the kernel's lifetime maximum (`maxRSS`)
 * is used too whenever it rose during the tracked span.
 * @example const rss = trackPeakRss(); await work(); const peak = rss.stop()
 */
export function trackPeakRss(): PeakRssTracker {
  const maxBefore = process.resourceUsage().maxRSS;
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      const maxAfter = process.resourceUsage().maxRSS;
      return maxAfter > maxBefore ? Math.max(peak, maxAfter * 1024) : peak;
    },
  };
}
