import { AppError, type ErrorFactory, type ErrorParams } from '../../platform/errors.ts';
import type { DocumentLoaderOptions } from '../contexts/loader.ts';

export type CheckName = 'input' | 'context' | 'schema' | 'proof' | 'issuer-key' | 'validity' | 'status' | 'recipient' | 'endorsement';
export type CheckStatus = 'ok' | 'failed' | 'warning' | 'skipped';

export interface Check {
  check: CheckName;
  status: CheckStatus;
  /** What the check found, in English (the API and the CLI). */
  message: string;
  /**
   * The message's key under credentials:verify.messages, for pages in the reader's language: every
   * check has one (test/credentials/verification/check-codes.test.ts), so no English reaches a page.
   */
  code: string;
  params?: Record<string, string | number>;
  /**
   * Parts of the message that are each coded in their own right (one per endorsement that does not
   * verify): pages translate them one by one into the `which` parameter (`checkText`).
   */
  details?: CheckDetail[];
}

/** One coded part of a check's message: its key under credentials:verify.messages, its parameters and its English text. */
export interface CheckDetail {
  code: string;
  params: Record<string, string | number>;
  message: string;
}

export interface VerifyOptions {
  /** Fetch remote documents (did:web of others, status lists, hosted OB 2.0, a URL input). Default false. */
  allowNetwork?: boolean;
  /** Check that the credential was issued to this email address (hashed or plain identity). */
  recipientEmail?: string;
  /** extraDocuments, resolveLocal, trustedOrigins... (allowNetwork above wins). */
  documentLoaderOptions?: DocumentLoaderOptions;
  /** The moment to judge validity dates against (default: now). */
  now?: Date;
  /** Folder of public data sets; the OB 3.0 JSON Schema is read from `<dataDir>/ob3/schema`. */
  dataDir?: string;
  /** Give up (an UnusableInputError, verifyTimeout) after this long; default 20 s. */
  timeoutMs?: number;
  /**
   * The fast lane for known issuers (docs/decisions/011-fast-lane.md): proofs checked from prepared
   * shapes, status lists verified once per version. Default: for issuers whose DID the local
   * resolver owns (this instance's). False: always the full path; a function: for the issuers it accepts.
   */
  fastLane?: boolean | ((issuerId: string) => boolean);
}

export type CredentialFormat = 'json-ld' | 'vc-jwt' | 'ob2-json' | 'ob2-jws' | 'unknown';

export interface Alignment {
  targetName?: string;
  targetUrl?: string;
  targetCode?: string;
  targetFramework?: string;
  targetType?: string;
  targetDescription?: string;
}

export interface Verdict {
  /** True when no check failed and the proof was checked (warnings allowed). */
  valid: boolean;
  checks: Check[];
  format: CredentialFormat;
  /** Where the credential came from: pasted/sent as data, a baked image, or a URL. */
  source: 'data' | 'png' | 'svg' | 'url';
  credential?: Record<string, any>;
  /** The compact JWS when the credential came as one. */
  jwt?: string;
  name?: string;
  issuer?: { id?: string; name?: string; url?: string };
  achievement?: { id?: string; name?: string; description?: string; criteria?: string; image?: string; achievementType?: string };
  recipient?: { id?: string; name?: string; identities?: { type?: string; hashed?: boolean; identity?: string }[] };
  validFrom?: string;
  validUntil?: string;
  /** Skills the achievement is aligned to (OB 3.0 Alignment, or OB 2.0 alignment). */
  skills: Alignment[];
}

/**
 * The input cannot be verified at all (not a credential, unreadable image, URL not allowed, too
 * large, too slow): a coded error (credentials:errors.*), 422 or 413, whose parameters never
 * repeat the input. The CLI exits 2 on it.
 */
export class UnusableInputError extends AppError {
  override name = 'UnusableInputError';
  constructor(factory: ErrorFactory | AppError, params?: ErrorParams) {
    const error = factory instanceof AppError ? factory : factory(undefined, params);
    super(error.status, error.code, { params: error.params });
  }
}
