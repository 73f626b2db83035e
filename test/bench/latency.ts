import http from 'node:http';

/** One GraphQL request to time: its query and variables. */
export interface TimedRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export interface LatencySummary {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

/** Percentile by nearest rank over sorted milliseconds. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarise(latencies: number[], errors: number): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: latencies.length, errors, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

/**
 * Sends requests one after another on one kept-alive connection, as one user's browser does, and
 * times each from the first byte sent to the last byte received. A response with `errors` (or
 * not 200) counts as an error; `check` can reject a wrong answer too.
 */
export class SequentialClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly url: string) {}

  async time(request: TimedRequest, check?: (data: any) => boolean): Promise<{ ms: number; ok: boolean }> {
    const body = JSON.stringify(request);
    const started = process.hrtime.bigint();
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        this.url,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    let ok = status === 200;
    if (ok) {
      const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
      ok = !parsed.errors && (!check || check(parsed.data));
    }
    return { ms, ok };
  }

  close(): void {
    this.agent.destroy();
  }
}
