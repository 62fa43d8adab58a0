// Minimal declarations for the credential libraries that ship JavaScript without types. Only what
// src/credentials uses is declared; the shapes follow their sources in node_modules.
declare module '@digitalbazaar/vc' {
  export function issue(options: {
    credential: object;
    suite: unknown;
    documentLoader?: unknown;
    now?: string | Date;
    purpose?: unknown;
  }): Promise<any>;
  export function verifyCredential(options: Record<string, unknown>): Promise<any>;
  export class CredentialIssuancePurpose {
    constructor(options?: { controller?: object; date?: string | Date; maxTimestampDelta?: number });
  }
  export const defaultDocumentLoader: unknown;
  /** The checks vc.issue() runs before signing (throws on a credential it would not issue). */
  export function _checkCredential(options: { credential: object; mode?: 'issue' | 'verify'; now?: Date }): void;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; date?: string | Date; cryptosuite: unknown; legacyContext?: boolean });
    verificationMethod?: string;
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: any;
}
declare module '@digitalbazaar/eddsa-2022-cryptosuite' {
  export const cryptosuite: any;
}
declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: Record<string, unknown>);
  }
  export const suiteContext: { CONTEXT_URL: string };
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean; raw?: boolean }): Promise<any>;
    signer(): { id: string; algorithm: string; sign(args: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { id: string; algorithm: string; verify(args: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyPair>;
  export function from(key: object): Promise<Ed25519MultikeyPair>;
  export function fromJwk(options: { jwk: object; secretKey?: boolean; id?: string; controller?: string }): Promise<Ed25519MultikeyPair>;
  export function toJwk(options: {
    keyPair: { publicKey: Uint8Array; secretKey?: Uint8Array };
    secretKey?: boolean;
  }): Promise<Record<string, string>>;
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options?: { length?: number; buffer?: Uint8Array });
    length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
    static decode(options: { encodedList: string }): Promise<BitstringStatusList>;
  }
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function createCredential(options: {
    id: string;
    list: BitstringStatusList;
    statusPurpose: string;
    context?: string[];
  }): Promise<any>;
}
declare module 'jsonld' {
  const jsonld: {
    canonize(input: object, options: Record<string, unknown>): Promise<string>;
    expand(input: object, options: Record<string, unknown>): Promise<any[]>;
    getValues(subject: object, property: string): any[];
  };
  export default jsonld;
}
declare module 'jsonld-signatures' {
  const jsigs: {
    verify(document: object, options: Record<string, unknown>): Promise<any>;
    purposes: { AssertionProofPurpose: new (options?: Record<string, unknown>) => unknown };
    extendContextLoader(loader: (url: string) => Promise<unknown>): (url: string) => Promise<any>;
  };
  export default jsigs;
}
declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array;
}
