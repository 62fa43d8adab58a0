import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { registerAuth } from './auth.ts';
import { registerCsrf } from './csrf.ts';
import { registerModuleRoutes, schemasOf } from './module-routes.ts';
import { registerNulGuard } from './nul-guard.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import type { RouteEntry } from './policy.ts';
import { registerErrorHandling } from './problem.ts';
import { registerPageRendering } from './render.ts';
import { registerTransportSecurity } from './transport.ts';
import { validatorCompiler } from './validation.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface AppOptions {
  /** Max requests a minute to the sign-in, sign-up and reset forms, per client address. */
  authRateLimit?: number;
  logger?: boolean;
}

/** Builds the HTTP server: platform plugins first, then every module's routes and pages. */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  // Typed as the plain instance every module's routes take; routes opt into TypeBox with withTypeProvider.
  const app = Fastify({
    // Request lines only when debugging; warnings and errors always.
    loggerInstance: options.logger === false ? undefined : ctx.log.child({}, { level: ctx.config.logLevel === 'debug' ? 'debug' : 'warn' }),
    bodyLimit: 1024 * 1024,
    // Only when configured: believing every X-Forwarded-For lets a client pick its own rate-limit key.
    trustProxy: ctx.config.trustProxy,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  // Every route with the module that registered it (module-routes.ts names the module), for the
  // authorisation matrix (test/platform/authorisation-matrix.test.ts) and anyone listing routes.
  const routeTable = new Map<string, RouteEntry>();
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      const key = `${method} ${route.url}`;
      if (!routeTable.has(key)) routeTable.set(key, { method, url: route.url, module: 'platform', schema: schemasOf(route.schema) });
    }
  });
  app.decorate('ctx', ctx);

  // helmet's headers, worked out once (security-headers.ts).
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Badge images carry the platform's public address (BASE_URL) in their URLs, so they also
        // show when the page itself was opened under another name (127.0.0.1, a proxy).
        imgSrc: ["'self'", 'data:', 'blob:', new URL(ctx.config.baseUrl).origin],
        formAction: ["'self'"],
        // No site may show Vaardig's pages in a frame (clickjacking); the backpack's embed opens itself up (backpack/routes/profile.ts).
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    // Public credential and skill pages are embedded and linked from elsewhere.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // Sent per request by transport.ts: also behind a trusted proxy that speaks https to the browser.
    hsts: false,
  });
  await app.register(cookie, { secret: ctx.config.secret });
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 5 } });
  await app.register(rateLimit, { global: false });
  app.decorate('authRateLimit', { max: options.authRateLimit ?? 30, timeWindow: '1 minute' });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Vaardig API',
        version: '1',
        description: 'The JSON API of Vaardig. Authenticate with `Authorization: Bearer <API token>`.',
      },
      servers: [{ url: ctx.config.baseUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // Only the JSON API is described; pages are not part of the contract.
    transform: ({ schema, url }) => ({ schema: url.startsWith('/api/') ? schema : { ...schema, hide: true }, url }),
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // The UI's own policy (its scripts by hash, no inline ones), framed by no site as every page; no
    // upgrade of http requests, as the pages' policy (a development server speaks http).
    staticCSP: true,
    transformStaticCSP: (header) =>
      header.replace(/frame-ancestors[^;]*/, "frame-ancestors 'none'").replace(/\s*upgrade-insecure-requests;?/, ''),
  });

  await app.register(fastifyStatic, { root: join(root, 'public'), prefix: '/assets/', decorateReply: false });
  await app.register(fastifyStatic, {
    root: join(root, 'node_modules/htmx.org/dist'),
    prefix: '/assets/htmx/',
    allowedPath: (path) => path === '/htmx.min.js',
    decorateReply: false,
  });

  registerErrorHandling(app);
  registerTransportSecurity(app, ctx);
  registerAuth(app, ctx);
  registerCsrf(app, ctx);
  registerPageRendering(app, ctx);
  // U+0000 anywhere in the input is a 400 naming the field, before any handler or the database sees it.
  registerNulGuard(app);

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  await registerModuleRoutes(app, ctx);
  return app;
}
