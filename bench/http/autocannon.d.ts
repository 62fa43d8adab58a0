// The part of autocannon's API bench/http uses (the package ships JavaScript without types).
declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    /** Requests: how many were answered in all. */
    total: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  function autocannon(options: {
    url: string;
    connections?: number;
    duration?: number;
    overallRate?: number;
    pipelining?: number;
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    /** Worker threads to run on (the connections are divided among them; overallRate is per worker). */
    workers?: number;
  }): Promise<Result>;
  export default autocannon;
}
