/**
 * What a module adds to the authorisation matrix (test/platform/authorisation-matrix.test.ts) when
 * the demo network holds nothing of organisation A for its routes, or its routes check roles of its
 * own groups (a community's facilitators): objects of organisation A to fill the path parameters,
 * people holding the group roles, and a way to put back what a route changed.
 */
export interface MatrixFixture {
  /** Path patterns and the values that fill them: the first `:param` in the matched part is replaced (tried before the shared ones). */
  fills: [RegExp, string][];
  /** People holding roles in a module's own groups (`within` policies), called as actors of the matrix. */
  people?: { name: string; userId: string; groups: Record<string, string> }[];
  /** Puts back what a call may have changed (memberships, a removed object), after every call that is no GET. */
  restore?: () => Promise<void>;
}
