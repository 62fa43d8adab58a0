import { errorCodes } from '../platform/errors.ts';

/**
 * The labour-market module's error codes; their texts are `labour-market:errors.<name>` in its
 * locales (en, nl). Rules every module shares (required, tooLong, notUrl, …) are `PlatformErrors`.
 */
export const LabourMarketErrors = errorCodes('labour-market', {
  sourceNotFound: 404,
  vacancyNotFound: 404,
  runNotFound: 404,
  /** {url}: not an http(s) address. */
  badUrl: 400,
  /** {host}: a start page or sitemap on a host that is not in the allowed hosts. */
  hostNotAllowed: 400,
  /** {host}: not a host name (with an optional port). */
  badHost: 400,
  /** A site source needs at least one start page or sitemap. */
  nothingToCrawl: 400,
  /** {max} */
  tooManyUrls: 400,
  /** A feed needs its address or an uploaded file. */
  feedNothing: 400,
  /** {name}: a mapping names a field Vaardig does not know. */
  mappingField: 400,
  /** A mapping line is not `field = column`. */
  mappingLine: 400,
  /** {reason}: the feed could not be read. */
  feedUnreadable: 422,
  /** {line}: a CSV line could not be read. */
  feedCsvLine: 422,
  /** {path}: no list of records at this path of the JSON feed. */
  feedNoRecords: 422,
  /** {max}: size in MB. */
  feedTooLarge: 413,
  /** {reason}: a gzipped sitemap that does not unzip (cut short, broken, or larger than the protocol allows). */
  sitemapUnreadable: 422,
  /** Only a feed source takes an uploaded file. */
  notAFeed: 409,
  /** The API source is filled through POST /api/v1/vacancies; it has nothing to run. */
  notRunnable: 409,
  /** A run of this source is queued or running already. */
  runActive: 409,
  /** {status}: the feed's address answered with an error. */
  feedHttp: 422,
  /** {reason}: the feed's address could not be fetched (refused, too large, too slow). */
  feedFetch: 422,
  /** {min} {max} */
  delayRange: 400,
  /** {min} {max} */
  maxPagesRange: 400,
  /** A date as YYYY-MM-DD. */
  badDate: 400,
  /** The first date of a period after its last. */
  periodOrder: 400,
  /** A run stopped on an error of Vaardig's own (logged for the operator). */
  runCrashed: 500,
});

/** Short name inside the labour-market module. */
export const E = LabourMarketErrors;
