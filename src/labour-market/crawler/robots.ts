import robotsParserModule from 'robots-parser';

// The package is CommonJS (`module.exports = function`) with typings that say `export default`.
const robotsParser = robotsParserModule as unknown as (
  url: string,
  text: string,
) => {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
};

/** The user agent the crawler names itself by, and the token robots.txt rules address. */
export const USER_AGENT_TOKEN = 'Vaardig';

/** What robots.txt says for one origin. */
export interface RobotsRules {
  allowed(url: string): boolean;
  /** Crawl-delay for Vaardig (or `*`), in seconds; null when none is set. */
  crawlDelay: number | null;
  sitemaps: string[];
  /** Why everything is refused ('unreachable': robots.txt could not be read, RFC 9309 §2.3.1.4), or null. */
  refusal: 'unreachable' | null;
}

export const ALLOW_ALL: RobotsRules = { allowed: () => true, crawlDelay: null, sitemaps: [], refusal: null };
export const DISALLOW_ALL: RobotsRules = { allowed: () => false, crawlDelay: null, sitemaps: [], refusal: 'unreachable' };

/** Reads a robots.txt (RFC 9309) for the origin of `robotsUrl`. */
export function parseRobots(robotsUrl: string, text: string): RobotsRules {
  const robot = robotsParser(robotsUrl, text);
  const delay = robot.getCrawlDelay(USER_AGENT_TOKEN);
  return {
    // A URL of another origin is not this file's to judge: the caller asks the right origin's rules.
    allowed: (url) => robot.isAllowed(url, USER_AGENT_TOKEN) !== false,
    crawlDelay: typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? Math.min(delay, 120) : null,
    sitemaps: robot.getSitemaps(),
    refusal: null,
  };
}
