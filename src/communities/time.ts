/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock parts of an instant in a time zone. */
export function zonedParts(
  at: Date,
  zone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(at: Date, zone: string): number {
  const p = zonedParts(at, zone);
  return (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000) / 60_000;
}

/**
 * The instant a wall-clock time (`YYYY-MM-DD`, `HH:MM`) has in a time zone: 14:00 in
 * Europe/Amsterdam is 13:00Z in winter and 12:00Z in summer. A time skipped by a clock change
 * lands an hour later; a repeated one takes the first.
 */
export function zonedTime(date: string, time: string, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let at = guess - offsetMinutes(new Date(guess), zone) * 60_000;
  at = guess - offsetMinutes(new Date(at), zone) * 60_000;
  return new Date(at);
}

/** `YYYY-MM-DD` and `HH:MM` of an instant in a zone (for filling a form). */
export function localDateTime(at: Date, zone: string): { date: string; time: string } {
  const p = zonedParts(at, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}
